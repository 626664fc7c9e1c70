// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// The planner's review-week reasons name the profile's response threshold instead of a fixed
/// "≥ 50 %" (the monitoring alert they follow uses `profile.responsePercent`).
@Suite struct PlanResponseThresholdTests {
    typealias F = SafetyPlanFixtures

    /// Sertraline 25 mg from 2026-08-01 (an inadequate dose), PHQ-9 19 → 17: the treat-to-target alert is open.
    static let record = PatientRecord(
        id: "p", trials: [F.recordTrial("t1", agent: "sertraline", start: "2026-08-01", mg: 25)])
    static let depressed = [F.scored("phq9", "2026-04-15", total: 19), F.scored("phq9", "2026-11-10", total: 17)]

    /// The plan for `trials`, planned under the default profile with its response threshold set to `percent`.
    static func plan(_ trials: [TrialAssessment], percent: Double?) -> [PlanOption] {
        let report = F.report(Self.record, trials: trials, measurements: Self.depressed)
        var profile = F.context().profile
        if let percent { profile.responsePercent = Sourced(percent, sources: profile.responsePercent.sources) }
        return Planner.plan(
            report, record: Self.record, context: AssessmentContext(asOf: F.asOf, profile: profile), knowledge: F.knowledge)
    }

    @Test(arguments: [(nil, "50"), (40, "40"), (37.5, "37.5")] as [(Double?, String)])
    func treatToTargetReasonNamesTheProfilesThreshold(percent: Double?, shown: String) throws {
        let trials = [
            F.trial(
                "t1", agent: "sertraline", start: "2026-08-01", verdict: "inadequate", reasons: ["inadequate-dose"],
                outcome: "non-response", minimumDose: 50)
        ]
        let option = try #require(Self.plan(trials, percent: percent).first { $0.id == "psychiatric-consultation" })
        #expect(option.rationale.hasSuffix("treat-to-target alert: no ≥ \(shown) % improvement by the review week."))
    }

    @Test(arguments: [(nil, "50"), (40, "40"), (37.5, "37.5")] as [(Double?, String)])
    func offTargetWithoutAFailureNamesTheProfilesThreshold(percent: Double?, shown: String) throws {
        // An adequate trial that responded earlier: no failure, but the plan is off target now.
        let trials = [F.trial("t1", agent: "sertraline", start: "2026-08-01", outcome: "response")]
        let option = try #require(Self.plan(trials, percent: percent).first { $0.id == "switch-between-class" })
        #expect(
            option.rationale.hasSuffix(
                "the current plan has not reached ≥ \(shown) % improvement by the review week."))
    }
}
