// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// PHQ-9's last question ("how difficult have these problems made it…", item 10, 0–3) is recorded,
/// validated and reported, never scored.
@Suite struct InstrumentDifficultyItemTests {
    @Test func theDefinitionCarriesTheUnscoredQuestionWithItsLOINCCodeAndAnswers() throws {
        let phq9 = try #require(try InstrumentFixtures.catalog().instrument("phq9"))
        let item = try #require(phq9.difficultyItem)
        #expect(item.number == 10)
        #expect(item.loinc == "69722-7")
        #expect(item.minimum == 0 && item.maximum == 3)
        #expect(item.options.map(\.label) == ["Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult"])
        // LOINC answer list LL359-1 (note: "Very difficult" is LA6575-0 and "Extremely difficult" LA6574-3).
        #expect(item.options.map(\.loinc) == ["LA6572-7", "LA6573-5", "LA6575-0", "LA6574-3"])
        #expect(item.text?.hasPrefix("If you checked off any problems") == true)
        #expect(phq9.items.count == 9)
        #expect(try InstrumentFixtures.catalog().instrument("gad7")?.difficultyItem == nil)
    }

    @Test(arguments: 0...3)
    func aTenthAnswerIsReportedButDoesNotChangeTheScore(difficulty: Int) throws {
        let nine: [Int?] = [2, 2, 1, 1, 0, 1, 1, 0, 0]
        let without = try InstrumentFixtures.score("phq9", nine)
        let with = try InstrumentFixtures.score("phq9", nine + [difficulty])
        #expect(with.total == without.total)
        #expect(with.total == 8)
        #expect(with.band == without.band)
        #expect(with.flags == without.flags)
        #expect(with.details["difficulty"] == Double(difficulty))
        #expect(without.details["difficulty"] == nil)
    }

    @Test func theQuestionMayBeGivenByItemNumberOrLeftEmpty() throws {
        let byNumber = try InstrumentFixtures.score("phq9", total: 12, items: ["9": 0, "10": 1])
        #expect(byNumber.total == 12)
        #expect(byNumber.details["difficulty"] == 1)
        let empty = try InstrumentFixtures.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 0, nil])
        #expect(empty.total == 8)
        #expect(empty.details["difficulty"] == nil)
    }

    @Test func anAnswerOutsideZeroToThreeIsAClearErrorAndTheSafetyItemStillCounts() throws {
        let error = try #require(
            InstrumentFixtures.error { _ = try InstrumentFixtures.score("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 2, 4]) })
        #expect(error.code == .invalidInput)
        #expect(error.message == "phq9 item 10 (difficulty, not scored): answer 4 is outside 0–3")
        #expect(error.location == "answers[9]")
        let byNumber = try #require(InstrumentFixtures.error { _ = try InstrumentFixtures.score("phq9", items: ["10": -1]) })
        #expect(byNumber.location == "items[\"10\"]")

        // Assessed as part of a record, the positive item 9 of that administration is still raised first.
        let record = PatientRecord(
            id: "difficulty-out-of-range",
            measurements: [Measurement(instrument: "phq9", date: LocalDate("2026-11-02")!, answers: [0, 0, 0, 0, 0, 0, 0, 0, 2, 4])])
        let report = try Assessor(knowledge: try KnowledgeBase.bundled()).assess(record, asOf: LocalDate("2026-11-21")!)
        #expect(report.safety.first?.id == "suicide-risk")
    }

    @Test func elevenAnswersAreStillTheWrongCount() throws {
        let error = try #require(InstrumentFixtures.error { _ = try InstrumentFixtures.score("phq9", Array(repeating: 0, count: 11)) })
        #expect(error.message.hasPrefix("phq9: 11 answers given, expected 9, or 10 with the unscored difficulty question last"))
    }
}
