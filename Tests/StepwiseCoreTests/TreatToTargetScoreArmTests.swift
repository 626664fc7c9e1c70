// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// The collaborative-care profile's second treat-to-target arm: "PHQ-9 < 10 or ≥ 50 % reduction"
/// (Bauer 2015), from a baseline PHQ-9 ≥ 10; the default profile keeps the percent alone.
@Suite struct TreatToTargetScoreArmTests {
    typealias F = SafetyPlanFixtures

    /// Sertraline started 2026-09-01; 2026-10-27 is exactly 8 weeks later.
    static let onSertraline = PatientRecord(
        id: "p", trials: [F.recordTrial("t1", agent: "sertraline", start: "2026-09-01", mg: 100)])

    static func item(
        baseline: Int, latest: Int, instrument: String = "phq9", profile: String, asOf: String = "2026-10-27"
    ) throws -> MonitoringItem {
        let scores = [F.scored(instrument, "2026-09-01", total: baseline), F.scored(instrument, "2026-10-27", total: latest)]
        let items = MonitoringRules.evaluate(
            onSertraline, measurements: scores, trials: [], context: F.context(asOf: F.day(asOf), profile: profile),
            knowledge: F.knowledge)
        return try #require(items.first { $0.id == "treat-to-target" })
    }

    @Test func theBundledCollaborativeCareProfileCarriesTheRegistryThresholdWithItsSource() throws {
        let profile = try #require(F.knowledge.profiles.profile("collaborative-care"))
        let arm = try #require(profile.treatToTargetImprovedBelow)
        #expect(arm.value == ImprovedBelow(instrument: "phq9", below: 10))
        #expect(arm.sources == ["bauer-2015"])
        #expect(F.knowledge.instruments.position(arm.value.instrument) != nil)
        // Everything else is the default profile's.
        let mgh = try #require(F.knowledge.profiles.profile("mgh-atrq"))
        #expect(mgh.treatToTargetImprovedBelow == nil)
        #expect(profile.adequateWeeks == mgh.adequateWeeks)
        #expect(profile.responsePercent == mgh.responsePercent)
        #expect(profile.treatToTargetWeeks == mgh.treatToTargetWeeks)
        #expect(F.knowledge.profiles.defaultProfile == "mgh-atrq")
    }

    @Test func aLatestPHQ9OfNineFromFourteenIsImprovedNotAReviewUnderCollaborativeCare() throws {
        // 14 → 9 is 35.7 %: below response, but PHQ-9 < 10.
        let item = try Self.item(baseline: 14, latest: 9, profile: "collaborative-care")
        #expect(item.level == "info")
        #expect(item.message.contains("PHQ-9 9 < 10"))
        #expect(item.message.contains("not yet a response"))
        #expect(item.message.contains("remission (PHQ-9 ≤ 4)"))
        #expect(item.sources.contains("bauer-2015"))
        // The default profile asks for a plan review on the same scores.
        #expect(try Self.item(baseline: 14, latest: 9, profile: "mgh-atrq").level == "alert")
    }

    @Test func exactlyTenIsNotBelowTen() throws {
        // 15 → 10 is 33 %: neither arm.
        #expect(try Self.item(baseline: 15, latest: 10, profile: "collaborative-care").level == "alert")
        #expect(try Self.item(baseline: 15, latest: 9, profile: "collaborative-care").level == "info")
    }

    @Test func aBaselineBelowTheThresholdIsJudgedByPercentAlone() throws {
        // 9 → 8 never reached the registry's inclusion (baseline PHQ-9 ≥ 10): 11 % is a plan review.
        #expect(try Self.item(baseline: 9, latest: 8, profile: "collaborative-care").level == "alert")
        // A baseline of exactly 10 is in.
        #expect(try Self.item(baseline: 10, latest: 8, profile: "collaborative-care").level == "info")
    }

    @Test func theArmAppliesToTheNamedInstrumentOnly() throws {
        // A QIDS-SR16 of 9 is not a PHQ-9 of 9: 14 → 9 on QIDS is judged by percent.
        #expect(try Self.item(baseline: 14, latest: 9, instrument: "qids-sr16", profile: "collaborative-care").level == "alert")
    }

    @Test func responseAndRemissionReadTheSameUnderBothProfiles() throws {
        for profile in ["mgh-atrq", "collaborative-care"] {
            let response = try Self.item(baseline: 20, latest: 10, profile: profile)
            #expect(response.level == "info")
            #expect(response.message.hasPrefix("Response"))
            let remission = try Self.item(baseline: 20, latest: 4, profile: profile)
            #expect(remission.message.hasPrefix("In the remission range"))
        }
    }

    @Test func beforeTheTargetWeekTheArmReadsAsImprovedAndOtherwiseAsProgress() throws {
        // Day 55 of the plan (7 weeks 6 days).
        func item(latest: Int) throws -> MonitoringItem {
            let scores = [F.scored("phq9", "2026-09-01", total: 14), F.scored("phq9", "2026-10-26", total: latest)]
            let items = MonitoringRules.evaluate(
                Self.onSertraline, measurements: scores, trials: [],
                context: F.context(asOf: F.day("2026-10-26"), profile: "collaborative-care"), knowledge: F.knowledge)
            return try #require(items.first { $0.id == "treat-to-target" })
        }
        let improved = try item(latest: 9)
        #expect(improved.level == "info")
        #expect(improved.message.contains("7 weeks 6 days"))
        #expect(improved.message.contains("< 10"))
        let notYet = try item(latest: 12)
        #expect(notYet.level == "info")
        #expect(notYet.message.contains("7 weeks 6 days of the 8-week target"))
    }
}
