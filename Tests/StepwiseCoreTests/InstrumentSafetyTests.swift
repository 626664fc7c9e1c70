// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// Suicide-risk signals from rating scales are raised, carried in details, and never dropped
/// because of an unrelated input error.
@Suite struct InstrumentSafetyTests {
    static func record(_ measurements: [Measurement], sex: Sex? = nil) -> PatientRecord {
        PatientRecord(id: "test-patient", sex: sex, measurements: measurements)
    }

    static func on(_ day: Int) -> LocalDate { LocalDate(year: 2026, month: 1, day: day) ?? InstrumentFixtures.date }

    @Test(arguments: [
        ("phq9", 9, 9), ("qids-sr16", 12, 16), ("hamd17", 3, 17), ("madrs", 10, 10),
    ])
    func safetyItemAboveZeroIsFlaggedWithItsValue(instrument: String, item: Int, count: Int) throws {
        var answers = [Int?](repeating: 0, count: count)
        answers[item - 1] = 1
        let scored = try InstrumentFixtures.score(instrument, answers)
        #expect(scored.flags.first == "suicide-item-positive")
        #expect(scored.details["safetyItem"] == 1)
        #expect(scored.details["safetyItemNumber"] == Double(item))
        answers[item - 1] = 0
        #expect(try !InstrumentFixtures.score(instrument, answers).flags.contains("suicide-item-positive"))
    }

    @Test func itemNineSurvivesAnOtherwiseIncompletePHQ9() throws {
        let record = Self.record([
            Measurement(instrument: "phq9", date: Self.on(5), answers: [1, 1, nil, 1, 1, 0, 0, 0, 2])
        ])
        let result = MeasurementScoring.score(record, catalog: try InstrumentFixtures.catalog())
        #expect(result.issues.map(\.path) == ["$.measurements[0].answers"])
        let partial = try #require(result.measurements.first)
        #expect(partial.total == nil)
        #expect(partial.basis == "partial")
        #expect(partial.flags == ["suicide-item-positive", "partial"])
        #expect(partial.details["safetyItem"] == 2)
    }

    @Test func itemNineGivenAloneStillRaisesTheSignal() throws {
        let record = Self.record([Measurement(instrument: "phq9", date: Self.on(5), items: ["9": 1])])
        let result = MeasurementScoring.score(record, catalog: try InstrumentFixtures.catalog())
        #expect(result.issues.count == 1)
        #expect(result.measurements.first?.flags.contains("suicide-item-positive") == true)
        #expect(result.measurements.first?.basis == "partial")
    }

    @Test func itemNineSurvivesAnOutOfRangeAnswerElsewhere() throws {
        let record = Self.record([
            Measurement(instrument: "phq9", date: Self.on(5), answers: [1, 1, 9, 1, 1, 0, 0, 0, 3])
        ])
        let result = MeasurementScoring.score(record, catalog: try InstrumentFixtures.catalog())
        #expect(result.issues.first?.path == "$.measurements[0].answers[2]")
        #expect(result.issues.first?.message == "phq9 item 3: answer 9 is outside 0–3")
        #expect(result.measurements.first?.details["safetyItem"] == 3)
    }

    @Test func outOfRangeItemNineIsKeptAsGivenAndMarked() throws {
        let record = Self.record([Measurement(instrument: "phq9", date: Self.on(5), items: ["9": 4])])
        let result = MeasurementScoring.score(record, catalog: try InstrumentFixtures.catalog())
        let partial = try #require(result.measurements.first)
        #expect(partial.flags.contains("suicide-item-positive"))
        #expect(partial.details["safetyItem"] == 4)
        #expect(partial.details["safetyItemOutOfRange"] == 1)
    }

    @Test func invalidMeasurementWithoutASafetySignalIsOnlyAnIssue() throws {
        let record = Self.record([
            Measurement(instrument: "phq9", date: Self.on(5), answers: [1, 1, nil, 1, 1, 0, 0, 0, 0])
        ])
        let result = MeasurementScoring.score(record, catalog: try InstrumentFixtures.catalog())
        #expect(result.measurements.isEmpty)
        #expect(result.issues.count == 1)
    }

    @Test func incompleteCSSRSKeepsItsHighRiskTriage() throws {
        let record = Self.record([
            Measurement(instrument: "cssrs", date: Self.on(5), answers: [1, 1, nil, 1, nil, 0, nil])
        ])
        let result = MeasurementScoring.score(record, catalog: try InstrumentFixtures.catalog())
        #expect(result.issues.first?.message == "cssrs-screener: items 3 and 5 are unanswered but needed for triage")
        let partial = try #require(result.measurements.first)
        #expect(partial.band == "high")
        #expect(partial.flags == ["cssrs-high-risk", "partial"])
    }

    @Test func measurementsAreScoredOldestFirstAndIssuesKeepTheRecordIndex() throws {
        let record = Self.record(
            [
                Measurement(instrument: "phq9", date: Self.on(20), answers: [1, 1, 1, 1, 1, 1, 1, 1, 0]),
                Measurement(instrument: "phq9", date: Self.on(3), answers: [3, 3, 3, 3, 3, 3, 3, 3, 0]),
                Measurement(instrument: "phq9", date: Self.on(10), answers: [3, 3, 7, 3, 3, 3, 3, 3, 0]),
                Measurement(instrument: "bdi-ii", date: Self.on(11), total: 20),
                Measurement(instrument: "audit-c", date: Self.on(12), answers: [1, 1, 1]),
            ], sex: .male)
        let result = MeasurementScoring.score(record, catalog: try InstrumentFixtures.catalog())
        #expect(result.measurements.map(\.total) == [24, 3, 8])
        #expect(result.measurements.map(\.date) == [Self.on(3), Self.on(12), Self.on(20)])
        #expect(result.measurements[1].band == "negative")  // the record's sex (male) picked cut-off 4
        #expect(result.issues.map(\.path) == ["$.measurements[2].answers[2]", "$.measurements[3].instrument"])
        #expect(result.issues[1].message.hasPrefix("unknown instrument \"bdi-ii\""))
    }
}

extension InstrumentSafetyTests {
    @Test func totalWithASeparateItemNineKeepsBothTotalAndSignal() throws {
        let scored = try InstrumentFixtures.score("phq9", total: 14, items: ["9": 2])
        #expect(scored.total == 14)
        #expect(scored.band == "moderate")
        #expect(scored.basis == "clinician-total")
        #expect(scored.flags == ["suicide-item-positive"])
        #expect(scored.details["safetyItem"] == 2)
    }

    @Test func totalWithAnOutOfRangeItemIsStillAnError() throws {
        let error = InstrumentFixtures.error { _ = try InstrumentFixtures.score("phq9", total: 14, items: ["9": 6]) }
        #expect(error?.message == "phq9 item 9: answer 6 is outside 0–3")
    }
}

extension InstrumentSafetyTests {
    @Test func disagreeingEnteredTotalIsAWarningAndTheItemsWin() throws {
        let record = Self.record([
            Measurement(instrument: "phq9", date: Self.on(5), answers: [1, 1, 1, 1, 1, 1, 0, 0, 0], total: 8)
        ])
        let result = MeasurementScoring.score(record, catalog: try InstrumentFixtures.catalog())
        #expect(result.measurements.first?.total == 6)
        #expect(result.issues == [
            InputIssue(
                path: "$.measurements[0].total",
                message: "phq9: entered total 8 differs from the item answers' total 6; the item total is used",
                severity: "warning")
        ])
    }
}
