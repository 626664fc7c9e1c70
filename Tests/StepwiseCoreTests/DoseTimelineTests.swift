// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import StepwiseCore

@Suite struct DoseTimelineTests {
    typealias Kit = TrialTestKit

    @Test func stepsAreClippedToTheTrialAndUnknownGapsCounted() throws {
        let start = try Kit.date("2026-01-01")
        let exposure = DoseExposure(
            doses: [
                DoseStep(from: start.adding(days: 5), mgPerDay: 100), DoseStep(from: start.adding(days: 20), mgPerDay: nil),
                DoseStep(from: start.adding(days: 30), mgPerDay: 25), DoseStep(from: start.adding(days: 90), mgPerDay: 200),
            ], start: start, close: start.adding(days: 60), minimum: 50)
        #expect(exposure.totalDays == 60)
        #expect(exposure.unknownDays == 5 + 10)
        #expect(exposure.daysAtOrAbove == 15)
        #expect(exposure.anyBelow)
        #expect(exposure.closingDose == 25)
        #expect(exposure.maximumDose == 100)
        #expect(!exposure.optimised)
    }

    @Test func raisingTheDoseAfterReachingTheMinimumIsOptimisation() throws {
        let start = try Kit.date("2026-01-01")
        let raised = DoseExposure(
            doses: [DoseStep(from: start, mgPerDay: 50), DoseStep(from: start.adding(days: 30), mgPerDay: 100)],
            start: start, close: start.adding(days: 60), minimum: 50)
        #expect(raised.optimised)
        let lowered = DoseExposure(
            doses: [DoseStep(from: start, mgPerDay: 100), DoseStep(from: start.adding(days: 30), mgPerDay: 50)],
            start: start, close: start.adding(days: 60), minimum: 50)
        #expect(!lowered.optimised)
        // A raise on the closing day has no days at the new dose and does not count.
        let lastDay = DoseExposure(
            doses: [DoseStep(from: start, mgPerDay: 50), DoseStep(from: start.adding(days: 60), mgPerDay: 100)],
            start: start, close: start.adding(days: 60), minimum: 50)
        #expect(!lastDay.optimised)
    }

    @Test func aCloseBeforeTheStartIsEmpty() throws {
        let start = try Kit.date("2026-01-01")
        let exposure = DoseExposure(
            doses: [DoseStep(from: start, mgPerDay: 100)], start: start, close: start.adding(days: -1), minimum: 50)
        #expect(exposure == DoseExposure(doses: [], start: start, close: start, minimum: 50))
        #expect(exposure.totalDays == 0)
    }

    @Test(arguments: [
        // A value one decimal would round onto a whole number it is not keeps two decimals (QA F24).
        (6.0, "6"), (5.94, "5.9"), (5.95, "5.95"), (-32.45, "-32.5"), (0.04, "0.04"), (-0.04, "-0.04"), (100, "100"),
        (49.96, "49.96"), (49.996, "49.99"), (24.96, "24.96"), (-24.96, "-24.96"), (50.004, "50.00"), (25.0, "25"),
        (-25.0, "-25"), (400.0 / 21, "19.04"), (-0.0, "0"),
    ])
    func oneDecimalFormatting(value: Double, text: String) {
        #expect(TrialText.oneDecimal(value) == text)
    }

    @Test func absurdNumbersFromInputDoNotCrashFormatting() throws {
        #expect(TrialText.oneDecimal(1e300) == "> 1e12")
        #expect(TrialText.dose(-1e40) == "< -1e12")
        #expect(TrialText.oneDecimal(.nan) == "?")
        let result = try Kit.evaluate([
            try Kit.trial("a", "sertraline", mg: 1e200, start: "2026-01-01", days: 60, adherence: 1e50, improvement: 1e30)
        ])
        // An implausible daily dose (almost always a unit error) is unknown, never adequate.
        #expect(result.first?.adequacy.verdict == "unknown")
        #expect(result.first?.adequacy.reasons.contains("dose-unknown") == true)
        // A clinician-rated improvement outside -100…100 % is reported and not used (QA F1).
        #expect(result.first?.outcome.class == "unknown")
    }

    @Test(arguments: [(150.0, "150"), (0.025, "0.025"), (37.5, "37.5"), (0.5, "0.5"), (2.25, "2.25"), (10.0001, "10")])
    func doseFormatting(value: Double, text: String) {
        #expect(TrialText.dose(value) == text)
    }

    @Test func theJSONContractCarriesTheAddedTrialFields() throws {
        let trials = try Kit.evaluate([
            try Kit.trial("a", "sertraline", mg: 100, start: "2026-01-01", days: 60, improvement: 10)
        ])
        let data = try JSONEncoder().encode(try #require(trials.first))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["failedAdequate"] as? Bool == true)
        #expect(object["stopReason"] as? String == "non-response")
        #expect(object["rxnorm"] as? String == "36437")
        let decoded = try JSONDecoder().decode(TrialAssessment.self, from: data)
        #expect(decoded == trials.first)
    }
}
