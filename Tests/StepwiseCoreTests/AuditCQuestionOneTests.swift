// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import StepwiseCore

/// QA finding F21: AUDIT-C points that all come from question 1 (questions 2 and 3 answered 0) mean
/// drinking is likely within limits. The score says so (`q1-only`) and the substance-use checklist
/// evidence words it; the cut-off result itself is unchanged (never silent, never dropped).
@Suite struct AuditCQuestionOneTests {
    static func score(_ answers: [Int?], sex: Sex?, total: Int? = nil) throws -> (fast: ScoredMeasurement?, full: ScoredMeasurement) {
        let knowledge = try TrialTestKit.knowledge()
        let plan = try #require(knowledge.instruments.plan("audit-c"))
        let measurement = StepwiseCore.Measurement(
            instrument: "audit-c", date: try TrialTestKit.date("2026-11-01"), answers: total == nil ? answers : nil,
            total: total)
        let full = try InstrumentScorer.score(measurement, definition: plan.definition, sex: sex)
        return (plan.quickScore(measurement, sex: sex), full)
    }

    @Test(arguments: [
        ([4, 0, 0], true), ([1, 0, 0], true), ([3, 0, 0], true), ([0, 0, 0], false), ([3, 1, 0], false),
        ([4, 0, 1], false), ([0, 2, 2], false),
    ] as [([Int?], Bool)])
    func pointsOnlyFromQuestionOneAreFlagged(_ answers: [Int?], _ flagged: Bool) throws {
        for sex in [Sex.male, .female, nil] {
            let scored = try Self.score(answers, sex: sex)
            #expect(scored.full.flags.contains(InstrumentFlag.pointsOnlyFromQuestion1) == flagged)
            // The cut-off result is kept as it was.
            let total = answers.compactMap { $0 }.reduce(0, +)
            let cutoff = sex == .male ? 4 : 3
            #expect(scored.full.band == (total >= cutoff ? "positive" : "negative"))
        }
    }

    @Test func theFastPathFlagsAsTheFullPathForEveryAnswerList() throws {
        var compared = 0
        for a in 0...4 {
            for b in 0...4 {
                for c in 0...4 {
                    for sex in [Sex.male, .female, nil] {
                        let scored = try Self.score([a, b, c], sex: sex)
                        let fast = try #require(scored.fast)
                        #expect(fast == scored.full)
                        compared += 1
                    }
                }
            }
        }
        #expect(compared == 375)
    }

    @Test func anEnteredTotalIsNotFlagged() throws {
        let scored = try Self.score([], sex: .male, total: 4)
        #expect(!scored.full.flags.contains(InstrumentFlag.pointsOnlyFromQuestion1))
        #expect(scored.fast == scored.full)
    }

    @Test func theChecklistEvidenceSaysDrinkingIsLikelyWithinLimits() throws {
        let record = try JSONDecoder().decode(
            PatientRecord.self,
            from: Data(
                """
                {"id": "auditc-q1", "sex": "male",
                 "measurements": [{"instrument": "audit-c", "date": "2026-11-01", "answers": [4, 0, 0]}]}
                """.utf8))
        let report = try TrialTestKit.assess(record)
        let item = try #require(report.pseudoResistance.first { $0.id == "substance-use" })
        #expect(item.status == "present")
        #expect(
            item.evidence.contains {
                $0.contains("AUDIT-C positive (total 4)") && $0.contains("all points from question 1: drinking is likely within limits")
            })
        let other = try JSONDecoder().decode(
            PatientRecord.self,
            from: Data(
                """
                {"id": "auditc", "sex": "male",
                 "measurements": [{"instrument": "audit-c", "date": "2026-11-01", "answers": [3, 1, 0]}]}
                """.utf8))
        let plain = try #require(try TrialTestKit.assess(other).pseudoResistance.first { $0.id == "substance-use" })
        #expect(!plain.evidence.joined().contains("question 1"))
    }
}
