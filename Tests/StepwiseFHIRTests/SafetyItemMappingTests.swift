// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import Testing

@testable import StepwiseFHIR

/// A suicide-risk answer is never dropped by the mapper (QA F5, F6): of two different answers to a
/// safety item on the same day the higher is kept, whatever their order or status; an item whose
/// value cannot be read is reported, never ignored. Checked on both mapping paths (the decoded
/// `R4.Observation` of a Bundle or prefetch, and the JSON tape of an NDJSON import or CDS prefetch)
/// and through `stepwise import`'s importer.
@Suite struct SafetyItemMappingTests {
    static let patient = #"{"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1980-01-01"}"#

    /// An Observation of LOINC `code` for patient p1 on `day` with the value member `value`.
    static func observation(_ id: String, code: String, value: String, status: String = "final", day: String = "2026-11-01")
        -> String
    {
        #"{"resourceType":"Observation","id":"\#(id)","status":"\#(status)","code":{"coding":[{"system":"http://loinc.org","code":"\#(code)"}]},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"\#(day)T09:00:00Z",\#(value)}"#
    }

    static func answer(_ loinc: String) -> String {
        #""valueCodeableConcept":{"coding":[{"system":"http://loinc.org","code":"\#(loinc)"}]}"#
    }

    /// PHQ-9 item 9 (44260-8) answers: LA6568-5 = 0 ("Not at all"), LA6571-9 = 3 ("Nearly every day").
    static let item9 = "44260-8"

    /// Maps the lines on both paths, checks they agree, and returns the decoded path's result.
    static func mapBothWays(_ texts: [String]) -> FHIRMappingResult {
        let lines = TapeObservationMappingTests.lines(texts)
        let decoded = TapeObservationMappingTests.decodedPath(lines)
        let (tape, _) = TapeObservationMappingTests.tapePath(lines)
        #expect(tape == decoded, "the tape path maps like the decoded path")
        return decoded.result
    }

    static func item9(_ result: FHIRMappingResult) -> Int? {
        let measurement = result.records.first?.measurements.first { $0.instrument == "phq9" }
        if let answers = measurement?.answers, answers.count >= 9 { return answers[8] }
        return measurement?.items?["9"]
    }

    @Test(arguments: [
        (first: "LA6568-5", second: "LA6571-9", status: "final"),
        (first: "LA6571-9", second: "LA6568-5", status: "final"),
        (first: "LA6568-5", second: "LA6571-9", status: "amended"),
        (first: "LA6571-9", second: "LA6568-5", status: "amended"),
    ])
    func twoDifferentSameDayAnswersToItemNineKeepTheHigherInEitherOrder(first: String, second: String, status: String) {
        let result = Self.mapBothWays([
            Self.patient,
            Self.observation("o1", code: Self.item9, value: Self.answer(first)),
            Self.observation("o2", code: Self.item9, value: Self.answer(second), status: status),
        ])
        #expect(Self.item9(result) == 3)
        let warning = result.issues.first { $0.reason.contains("second answer to phq9 item 9") }
        #expect(warning?.reason.hasSuffix("the higher (3) was kept for the safety screen") == true)
    }

    @Test func aSecondSameDayAnswerToAnItemThatIsNotASafetyItemStillKeepsTheFirst() {
        // PHQ-9 item 1 (44250-9): 0 first, then 3; the first is kept, as before.
        let result = Self.mapBothWays([
            Self.patient,
            Self.observation("o1", code: "44250-9", value: Self.answer("LA6568-5")),
            Self.observation("o2", code: "44250-9", value: Self.answer("LA6571-9")),
        ])
        let measurement = result.records.first?.measurements.first { $0.instrument == "phq9" || $0.instrument == "phq2" }
        let first = measurement?.items?["1"] ?? measurement?.answers?.first ?? nil
        #expect(first == 0)
        #expect(result.issues.contains { $0.reason.hasSuffix("differs from the first (0); the first was kept") })
    }

    @Test func everySafetyItemOfTheCatalogueIsKnownToTheMapper() {
        let vocabulary = MappingVocabulary(knowledge: MappingFixtures.knowledge)
        var expected: Set<MappingVocabulary.ItemRef> = []
        for definition in MappingFixtures.knowledge.instruments.all {
            for number in definition.safetyItems { expected.insert(.init(instrument: definition.id, number: number)) }
        }
        #expect(expected.contains(.init(instrument: "phq9", number: 9)))
        #expect(expected.count > 1, "QIDS-SR16 item 12 and others are safety items too")
        #expect(vocabulary.safetyItems == expected)
    }

    @Test(arguments: ["\"2\"", "\"0\"", "\"3\""])
    func aWholeNumberSentAsTextForItemNineIsReadWithAWarning(text: String) throws {
        let result = Self.mapBothWays([Self.patient, Self.observation("o1", code: Self.item9, value: #""valueString":\#(text)"#)])
        let value = try #require(Int(text.dropFirst().dropLast()))
        #expect(Self.item9(result) == value)
        let issue = try #require(result.issues.first)
        #expect(issue.path == "value[x]")
        #expect(issue.reason.contains("read as \(value)"))
        #expect(!MappingIssueClassifier.rejects(issue, type: "Observation"), "a warning: the answer was used")
    }

    @Test(arguments: [
        #""valueString":"several days""#, #""valueString":"4""#, #""valueString":"-1""#, #""valueString":" 2""#,
        #""valueString":"2.0""#, #""valueBoolean":true"#, #""valueDateTime":"2026-11-01""#,
        #""dataAbsentReason":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/data-absent-reason","code":"asked-declined"}]}"#,
    ])
    func anItemNineValueThatCannotBeReadIsReportedAndNotUsed(value: String) throws {
        let result = Self.mapBothWays([Self.patient, Self.observation("o1", code: Self.item9, value: value)])
        #expect(Self.item9(result) == nil)
        let issue = try #require(result.issues.first { $0.path == "value[x]" })
        #expect(issue.reason.hasSuffix("; not used"))
        #expect(issue.reason.contains("an item is read from"))
        #expect(!issue.reason.contains("several"), "the text itself is not echoed")
        #expect(MappingIssueClassifier.rejects(issue, type: "Observation"), "counted as not mapped, never as mapped")
    }

    @Test func anItemComponentWithATextValueIsReportedOrReadOnBothPaths() throws {
        let panel = #"{"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"44249-1"}]},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2026-11-01","component":[{"code":{"coding":[{"system":"http://loinc.org","code":"44260-8"}]},"valueString":"3"},{"code":{"coding":[{"system":"http://loinc.org","code":"44250-9"}]},"valueBoolean":true}]}"#
        let result = Self.mapBothWays([Self.patient, panel])
        #expect(Self.item9(result) == 3)
        #expect(result.issues.contains { $0.path == "component[0].value[x]" && $0.reason.contains("read as 3") })
        #expect(result.issues.contains { $0.path == "component[1].value[x]" && $0.reason.hasSuffix("not used") })
    }

    @Test func aTotalScoreWithAValueOfAnotherKindIsReported() throws {
        let result = Self.mapBothWays([Self.patient, Self.observation("o1", code: "44261-6", value: #""valueString":"14""#)])
        #expect(result.records.first?.measurements.isEmpty ?? true)
        let issue = try #require(result.issues.first { $0.path == "value[x]" })
        #expect(issue.reason == "the score is a valueString; a score is read from valueInteger or valueQuantity; not used")
    }

    @Test func theImporterKeepsThePositiveAnswerAndCountsTheUnreadOne() async throws {
        let folder = try BulkFixtures.temporaryFolder()
        let lines = [
            Self.observation("o1", code: Self.item9, value: Self.answer("LA6568-5")),
            Self.observation("o2", code: Self.item9, value: Self.answer("LA6571-9")),
            Self.observation("o3", code: Self.item9, value: #""valueString":"sometimes""#, day: "2026-11-02"),
        ]
        try (Self.patient + "\n").write(toFile: "\(folder)/Patient.ndjson", atomically: true, encoding: .utf8)
        try (lines.joined(separator: "\n") + "\n").write(toFile: "\(folder)/Observation.ndjson", atomically: true, encoding: .utf8)
        let (summary, problems, sink) = try await BulkImporterTests.run([folder])
        #expect(summary.mapped == 3)
        #expect(summary.rejected[.notMappable] == 1)
        #expect(problems.contains { $0.line == 3 && $0.severity == .rejected })
        #expect(problems.contains { $0.line == 2 && $0.message.contains("the higher (3) was kept") })
        let record = try #require(await sink.records.values.first)
        #expect(record.measurements.first { $0.instrument == "phq9" }?.items?["9"] == 3)
    }
}
