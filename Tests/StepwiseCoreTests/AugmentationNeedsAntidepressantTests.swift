// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// QA finding F30 (first part): augmentation adds a drug to the current antidepressant, so the plan
/// offers no augmentation option when no antidepressant is current; the switch options stay.
@Suite struct AugmentationNeedsAntidepressantTests {
    /// Two adequate failed antidepressant trials (ended), and optionally a third one still ongoing.
    static func report(ongoing: String?) throws -> AssessmentReport {
        var trials = [
            try TrialTestKit.trial("t1", "sertraline", mg: 150, start: "2025-09-01", days: 70, improvement: 0),
            try TrialTestKit.trial("t2", "venlafaxine", mg: 225, start: "2026-01-01", days: 70, improvement: 0),
        ]
        if let ongoing {
            let start = try TrialTestKit.date("2026-09-01")
            trials.append(
                TreatmentTrial(
                    id: "t3", kind: .medication, agent: ongoing, start: start,
                    doses: [DoseStep(from: start, mgPerDay: ongoing == "escitalopram" ? 20 : 10)]))
        }
        return try TrialTestKit.assess(PatientRecord(id: "p", trials: trials))
    }

    static func augmentations(_ report: AssessmentReport) -> [String] {
        report.plan.map(\.id).filter { PlanCandidates.augmentations.contains($0) }
    }

    @Test func noAugmentationWithoutACurrentAntidepressant() throws {
        let report = try Self.report(ongoing: nil)
        #expect(report.trials.filter { $0.failedAdequate == true }.count == 2)
        #expect(Self.augmentations(report).isEmpty)
        #expect(report.plan.contains { $0.id == "switch-between-class" })
        #expect(!report.plan.contains { $0.rationale.contains("to the current antidepressant") })
    }

    @Test func augmentationWithACurrentAntidepressant() throws {
        let report = try Self.report(ongoing: "escitalopram")
        #expect(Self.augmentations(report).contains("augment-aripiprazole"))
        #expect(report.plan.contains { $0.id == "switch-between-class" })
    }

    @Test func aCurrentDrugThatIsNotAnAntidepressantDoesNotMakeAugmentationPossible() throws {
        // Aripiprazole alone is not an antidepressant to augment.
        let report = try Self.report(ongoing: "aripiprazole")
        #expect(Self.augmentations(report).isEmpty)
    }
}
