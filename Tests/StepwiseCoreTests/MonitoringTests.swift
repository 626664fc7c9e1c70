// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

@Suite struct MonitoringTests {
    typealias F = SafetyPlanFixtures

    static func items(
        _ record: PatientRecord, _ measurements: [ScoredMeasurement], asOf: String = "2026-11-21"
    ) -> [MonitoringItem] {
        MonitoringRules.evaluate(
            record, measurements: measurements, trials: [], context: F.context(asOf: F.day(asOf)), knowledge: F.knowledge)
    }

    /// Sertraline started 2026-09-01 (the plan start), PHQ-9 baseline that day.
    static let onSertraline = PatientRecord(
        id: "p", trials: [F.recordTrial("t1", agent: "sertraline", start: "2026-09-01", mg: 100)])

    @Test func treatToTargetAlertsAtExactlyEightWeeksWithoutResponse() throws {
        // 2026-10-27 is exactly 56 days after 2026-09-01; 20 → 12 is a 40 % improvement.
        let scores = [F.scored("phq9", "2026-09-01", total: 20), F.scored("phq9", "2026-10-27", total: 12)]
        let atEight = try #require(Self.items(Self.onSertraline, scores, asOf: "2026-10-27").first { $0.id == "treat-to-target" })
        #expect(atEight.level == "alert")
        #expect(atEight.message.contains("40 %"))
        let dayBefore = try #require(Self.items(Self.onSertraline, Array(scores.prefix(1)) + [F.scored("phq9", "2026-10-26", total: 12)], asOf: "2026-10-26").first { $0.id == "treat-to-target" })
        #expect(dayBefore.level == "info")
    }

    @Test func exactlyFiftyPercentAtEightWeeksIsAResponse() throws {
        let scores = [F.scored("phq9", "2026-09-01", total: 20), F.scored("phq9", "2026-10-27", total: 10)]
        let item = try #require(Self.items(Self.onSertraline, scores, asOf: "2026-10-27").first { $0.id == "treat-to-target" })
        #expect(item.level == "info")
        #expect(item.message.hasPrefix("Response"))
        let justBelow = [F.scored("phq9", "2026-09-01", total: 20), F.scored("phq9", "2026-10-27", total: 11)]
        #expect(Self.items(Self.onSertraline, justBelow, asOf: "2026-10-27").first { $0.id == "treat-to-target" }?.level == "alert")
    }

    @Test func aDoseChangeRestartsTheClock() throws {
        var record = Self.onSertraline
        record.trials[0].doses.append(DoseStep(from: F.day("2026-10-15"), mgPerDay: 150))
        let scores = [F.scored("phq9", "2026-09-01", total: 20), F.scored("phq9", "2026-10-14", total: 18), F.scored("phq9", "2026-11-20", total: 17)]
        let item = try #require(Self.items(record, scores).first { $0.id == "treat-to-target" })
        #expect(item.level == "info")
        #expect(item.evidence.first?.contains("2026-10-15") == true)
    }

    @Test func overdueIsStrictlyAfterTheInterval() {
        let thirty = [F.scored("phq9", "2026-10-22", total: 12)]
        #expect(!Self.items(PatientRecord(id: "p"), thirty).contains { $0.id == "overdue-measure" })
        let thirtyOne = [F.scored("phq9", "2026-10-21", total: 12)]
        #expect(Self.items(PatientRecord(id: "p"), thirtyOne).contains { $0.id == "overdue-measure" && $0.level == "warning" })
    }

    @Test func noDepressionMeasureAtAllIsOverdue() {
        let items = Self.items(PatientRecord(id: "p"), [F.scored("gad7", "2026-11-20", total: 12)])
        #expect(items.contains { $0.id == "overdue-measure" && $0.message.contains("baseline") })
    }

    @Test(arguments: [(5, "remission", "info"), (7, "partial response", "warning"), (12, "non-response", "warning")])
    func stardDecisionPointAtWeekSix(score: Int, outcome: String, level: String) throws {
        // 2026-10-13 is week 6 of a plan started 2026-09-01.
        let scores = [F.scored("qids-sr16", "2026-09-01", total: 16), F.scored("qids-sr16", "2026-10-13", total: score)]
        let item = try #require(Self.items(Self.onSertraline, scores, asOf: "2026-10-13").first { $0.id == "stard-cdp" })
        #expect(item.message.contains("week 6"))
        #expect(item.message.contains(outcome))
        #expect(item.message.contains("not confirmed"))
        #expect(item.level == level)
    }

    @Test func stardWeekTwelveNonResponseIsAnAlert() throws {
        let scores = [F.scored("qids-sr16", "2026-09-01", total: 16), F.scored("qids-sr16", "2026-11-20", total: 10)]
        // 2026-11-24 is exactly 12 weeks after the start.
        let item = try #require(Self.items(Self.onSertraline, scores, asOf: "2026-11-24").first { $0.id == "stard-cdp" })
        #expect(item.message.contains("week 12"))
        #expect(item.level == "alert")
    }

    @Test func noStardPointBeforeWeekFourOrWithoutQIDS() {
        let early = [F.scored("qids-sr16", "2026-09-01", total: 16), F.scored("qids-sr16", "2026-09-28", total: 10)]
        #expect(!Self.items(Self.onSertraline, early, asOf: "2026-09-28").contains { $0.id == "stard-cdp" })
        let phq = [F.scored("phq9", "2026-09-01", total: 16), F.scored("phq9", "2026-10-13", total: 10)]
        #expect(!Self.items(Self.onSertraline, phq, asOf: "2026-10-13").contains { $0.id == "stard-cdp" })
    }

    @Test func qidsElevenAfterRemissionIsARelapse() throws {
        let scores = [F.scored("qids-sr16", "2026-08-01", total: 4), F.scored("qids-sr16", "2026-11-20", total: 11)]
        let item = try #require(Self.items(PatientRecord(id: "p"), scores).first { $0.id == "relapse-sign" })
        #expect(item.level == "alert")
        let ten = [F.scored("qids-sr16", "2026-08-01", total: 4), F.scored("qids-sr16", "2026-11-20", total: 10)]
        #expect(Self.items(PatientRecord(id: "p"), ten).first { $0.id == "relapse-sign" }?.level == "warning")
    }

    @Test func phq9RisingAboveRemissionIsAWarningAndTenIsAnAlert() {
        let five = [F.scored("phq9", "2026-08-01", total: 4), F.scored("phq9", "2026-11-20", total: 5)]
        #expect(Self.items(PatientRecord(id: "p"), five).first { $0.id == "relapse-sign" }?.level == "warning")
        let ten = [F.scored("phq9", "2026-08-01", total: 3), F.scored("phq9", "2026-11-20", total: 10)]
        #expect(Self.items(PatientRecord(id: "p"), ten).first { $0.id == "relapse-sign" }?.level == "alert")
        let still = [F.scored("phq9", "2026-08-01", total: 3), F.scored("phq9", "2026-11-20", total: 4)]
        #expect(!Self.items(PatientRecord(id: "p"), still).contains { $0.id == "relapse-sign" })
    }

    @Test func lithiumLevelIsDueWithoutARecentLevel() throws {
        let record = PatientRecord(
            id: "p",
            trials: [
                F.recordTrial("t1", agent: "sertraline", start: "2026-05-01", mg: 150),
                F.recordTrial("t2", agent: "lithium", start: "2026-06-01", mg: 600, role: .augmentation),
            ],
            labs: [LabResult(test: "lithium", value: 0.6, unit: "mmol/L", date: F.day("2026-05-01"))])
        let due = try #require(Self.items(record, []).first { $0.id == "lithium-monitoring" })
        #expect(due.level == "warning")
        // The target range is the lithium lab's range in conditions.json, not a number in code.
        #expect(due.message.contains("target 0.5–0.8 mmol/L"))
        #expect(AgentLabChecks.lithiumTarget(F.knowledge) == ", target 0.5–0.8 mmol/L")
        var recent = record
        recent.labs = [LabResult(test: "lithium", value: 0.6, unit: "mmol/L", date: F.day("2026-10-01"))]
        #expect(Self.items(recent, []).first { $0.id == "lithium-monitoring" }?.level == "info")
        recent.labs = [LabResult(test: "lithium", value: 1.1, unit: "mmol/L", date: F.day("2026-10-01"))]
        #expect(Self.items(recent, []).first { $0.id == "lithium-monitoring" }?.level == "warning")
    }

    @Test func t3NeedsThyroidTests() {
        let record = PatientRecord(
            id: "p", trials: [F.recordTrial("t2", agent: "t3", start: "2026-06-01", mg: 0.025, role: .augmentation)])
        #expect(Self.items(record, []).contains { $0.id == "t3-monitoring" && $0.level == "warning" })
    }

    @Test func earlyImprovementOfTwentyPercentByWeekFour() throws {
        let good = [F.scored("phq9", "2026-09-01", total: 20), F.scored("phq9", "2026-09-22", total: 16)]
        let item = try #require(Self.items(Self.onSertraline, good, asOf: "2026-09-29").first { $0.id == "early-improvement" })
        #expect(item.level == "info")
        let poor = [F.scored("phq9", "2026-09-01", total: 20), F.scored("phq9", "2026-09-22", total: 17)]
        #expect(Self.items(Self.onSertraline, poor, asOf: "2026-09-29").first { $0.id == "early-improvement" }?.level == "warning")
    }

    @Test func trajectoryGivesFirstLastBestAndSlope() throws {
        let scores = [F.scored("phq9", "2026-09-01", total: 20), F.scored("phq9", "2026-09-15", total: 16), F.scored("phq9", "2026-09-29", total: 18)]
        let item = try #require(Self.items(PatientRecord(id: "p"), scores, asOf: "2026-10-01").first { $0.id == "trajectory" })
        #expect(item.evidence == ["first 20 on 2026-09-01", "last 18 on 2026-09-29", "best 16 on 2026-09-15"])
        #expect(item.message.contains("-0.5 points/week"))
    }
}
