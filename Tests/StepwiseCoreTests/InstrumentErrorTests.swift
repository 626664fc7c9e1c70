// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// Bad answers give one clear error naming the instrument, item, value and the expected range.
@Suite struct InstrumentErrorTests {
    @Test func answerAboveTheItemRangeNamesInstrumentItemValueAndRange() throws {
        let error = try #require(
            InstrumentFixtures.error { _ = try InstrumentFixtures.score("phq9", [1, 1, 7, 1, 1, 0, 0, 0, 0]) })
        #expect(error.code == .invalidInput)
        #expect(error.message == "phq9 item 3: answer 7 is outside 0–3")
        #expect(error.location == "answers[2]")
    }

    @Test(arguments: [
        ("hamd17", 4, 3, "hamd17 item 4: answer 3 is outside 0–2"),
        ("hamd17", 3, 5, "hamd17 item 3: answer 5 is outside 0–4"),
        ("madrs", 1, 7, "madrs item 1: answer 7 is outside 0–6"),
        ("qles-q-sf", 2, 0, "qles-q-sf item 2: answer 0 is outside 1–5"),
        ("wsas", 5, 9, "wsas item 5: answer 9 is outside 0–8"),
        ("cssrs-screener", 1, 2, "cssrs-screener item 1: answer 2 is outside 0–1"),
        ("gad7", 7, -1, "gad7 item 7: answer -1 is outside 0–3"),
    ])
    func outOfRangeAnswersAreRejected(instrument: String, item: Int, value: Int, message: String) throws {
        let definition = try #require(try InstrumentFixtures.catalog().instrument(instrument))
        var answers: [Int?] = definition.items.map(\.minimum)
        answers[item - 1] = value
        let error = try #require(InstrumentFixtures.error { _ = try InstrumentFixtures.score(instrument, answers) })
        #expect(error.message == message)
        #expect(error.location == "answers[\(item - 1)]")
    }

    @Test func outOfRangeAnswerGivenByItemNumberPointsAtThatItem() throws {
        let error = try #require(InstrumentFixtures.error { _ = try InstrumentFixtures.score("phq9", items: ["9": 5]) })
        #expect(error.message == "phq9 item 9: answer 5 is outside 0–3")
        #expect(error.location == "items[\"9\"]")
    }

    @Test func wrongNumberOfAnswersIsRejected() throws {
        let error = try #require(InstrumentFixtures.error { _ = try InstrumentFixtures.score("phq9", [0, 0, 0, 0, 0, 0, 0, 0]) })
        #expect(error.code == .invalidInput)
        #expect(error.message.hasPrefix("phq9: 8 answers given, expected 9"))
        let tooMany = InstrumentFixtures.error { _ = try InstrumentFixtures.score("gad7", Array(repeating: 0, count: 9)) }
        #expect(tooMany?.message.hasPrefix("gad7: 9 answers given, expected 7") == true)
    }

    @Test func missingItemIsNamed() throws {
        let error = try #require(
            InstrumentFixtures.error { _ = try InstrumentFixtures.score("phq9", [1, 1, 1, nil, 1, 0, 0, 0, 0]) })
        #expect(error.code == .missingData)
        #expect(error.message == "phq9: item 4 is missing (every item must be answered)")
    }

    @Test func itemNumberOutsideTheFormIsRejected() throws {
        let error = try #require(InstrumentFixtures.error { _ = try InstrumentFixtures.score("phq9", items: ["11": 1]) })
        #expect(error.message == "phq9: \"11\" is not an item number (expected 1–9, or 10 for the unscored difficulty question)")
        let word = InstrumentFixtures.error { _ = try InstrumentFixtures.score("phq9", items: ["nine": 1]) }
        #expect(word?.message == "phq9: \"nine\" is not an item number (expected 1–9, or 10 for the unscored difficulty question)")
        let gad = InstrumentFixtures.error { _ = try InstrumentFixtures.score("gad7", items: ["8": 1]) }
        #expect(gad?.message == "gad7: \"8\" is not an item number (expected 1–7)")
    }

    @Test func unknownInstrumentListsTheKnownOnes() throws {
        let error = try #require(InstrumentFixtures.error { _ = try InstrumentFixtures.score("bdi-ii", total: 10) })
        #expect(error.code == .notFound)
        #expect(error.message.hasPrefix("unknown instrument \"bdi-ii\"; known instruments: phq9, phq2, gad7"))
    }

    @Test(arguments: [("phq9", 28, "phq9 total: 28 is outside 0–27"), ("phq9", -1, "phq9 total: -1 is outside 0–27"),
        ("madrs", 61, "madrs total: 61 is outside 0–60"), ("qles-q-sf", 13, "qles-q-sf total: 13 is outside 14–70")])
    func enteredTotalOutOfRangeIsRejected(instrument: String, total: Int, message: String) throws {
        let error = try #require(InstrumentFixtures.error { _ = try InstrumentFixtures.score(instrument, total: total) })
        #expect(error.code == .invalidInput)
        #expect(error.message == message)
        #expect(error.location == "total")
    }

    @Test func measurementWithNothingInItIsRejected() throws {
        let error = try #require(InstrumentFixtures.error { _ = try InstrumentFixtures.score("phq9") })
        #expect(error.code == .missingData)
        #expect(error.message == "phq9: no item answers and no total; give answers for items 1–9 or a total")
    }

    @Test func allOmittedAnswersWithATotalScoreTheTotal() throws {
        let scored = try InstrumentFixtures.score("madrs", Array(repeating: nil, count: 10), total: 22)
        #expect(scored.total == 22)
        #expect(scored.basis == "clinician-total")
        #expect(scored.band == "moderate")
    }
}
