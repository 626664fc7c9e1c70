// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// Time on the current plan reads in whole weeks and days, never as a decimal of weeks that could
/// round onto a boundary (5.96 weeks shown as "6.0" at a 6-week threshold).
@Suite struct ElapsedTimeWordingTests {
    typealias F = SafetyPlanFixtures

    @Test(arguments: [
        (0, "0 days"), (1, "1 day"), (6, "6 days"), (7, "1 week"), (8, "1 week 1 day"), (13, "1 week 6 days"),
        (14, "2 weeks"), (55, "7 weeks 6 days"), (56, "8 weeks"), (82, "11 weeks 5 days"), (-3, "-3 days"),
    ])
    func elapsedDaysReadAsWeeksAndDays(days: Int, text: String) {
        #expect(TargetChecks.elapsed(days: days) == text)
    }

    @Test func theDayBeforeTheTargetSaysSevenWeeksSixDaysAndTheTargetDaySaysEightWeeks() throws {
        // Sertraline from 2026-09-01; 2026-10-26 is day 55, 2026-10-27 day 56 (the 8-week target).
        let scores = [F.scored("phq9", "2026-09-01", total: 20), F.scored("phq9", "2026-10-26", total: 12)]
        let before = try #require(
            MonitoringTests.items(MonitoringTests.onSertraline, scores, asOf: "2026-10-26").first { $0.id == "treat-to-target" })
        #expect(before.level == "info")
        #expect(before.message == "7 weeks 6 days of the 8-week target: 40 % improvement so far.")
        #expect(before.evidence.first == "Current plan since 2026-09-01 (sertraline started): 7 weeks 6 days")
        let at = try #require(
            MonitoringTests.items(MonitoringTests.onSertraline, scores, asOf: "2026-10-27").first { $0.id == "treat-to-target" })
        #expect(at.level == "alert")
        #expect(at.message.hasPrefix("Plan review: 40 % improvement after 8 weeks on the current plan (target ≥ 50 % by week 8)"))
    }

    @Test func earlyImprovementAndStarDEvidenceUseWeeksAndDays() throws {
        let early = [F.scored("phq9", "2026-09-01", total: 20)]
        let item = try #require(
            MonitoringTests.items(MonitoringTests.onSertraline, early, asOf: "2026-09-20").first { $0.id == "early-improvement" })
        #expect(item.message.contains("(after 2 weeks 5 days)"), "\(item.message)")
        let qids = [F.scored("qids-sr16", "2026-09-01", total: 16), F.scored("qids-sr16", "2026-10-10", total: 12)]
        let stard = try #require(
            MonitoringTests.items(MonitoringTests.onSertraline, qids, asOf: "2026-10-13").first { $0.id == "stard-cdp" })
        #expect(stard.evidence.contains("Current plan since 2026-09-01 (sertraline started): 6 weeks"), "\(stard.evidence)")
        #expect(stard.evidence.contains { $0.hasSuffix("on 2026-10-10 (after 5 weeks 4 days)") }, "\(stard.evidence)")
    }
}
