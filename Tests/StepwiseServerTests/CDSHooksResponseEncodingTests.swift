// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import StepwiseCore
import StepwiseFHIR
import Testing

@testable import StepwiseServer

/// The hand-written card writer (``CDSResponseWriter``) must answer with the same JSON as the
/// `JSONEncoder` it replaced, for the cards real patients get, the suicide-risk card included.
@Suite struct CDSHooksResponseEncodingTests {
    static func canonical(_ bytes: [UInt8]) throws -> Data {
        let object = try JSONSerialization.jsonObject(with: Data(bytes))
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    static var patients: [(name: String, prefetch: [String: Any])] {
        let medications = [
            CDSFixtures.medicationRequest(
                rxnorm: "36437", name: "sertraline", mg: 150, start: "2026-01-10", end: "2026-04-20", id: "m1"),
            CDSFixtures.medicationRequest(
                rxnorm: "39786", name: "venlafaxine", mg: 225, start: "2026-05-01", end: "2026-08-20", id: "m2"),
            CDSFixtures.medicationRequest(rxnorm: "2597", name: "mirtazapine", mg: 30, start: "2026-09-01", id: "m3"),
        ]
        let conditions = [
            CDSFixtures.condition(icd10: "F33.2", display: "MDD, recurrent, severe", id: "c1"),
            CDSFixtures.condition(icd10: "E03.9", display: "Hypothyroidism, unspecified", id: "c2"),
        ]
        return [
            ("50 observations, item 9 zero", CDSFixtures.prefetch(observations: CDSFixtures.observations(item9: 0))),
            ("50 observations, item 9 positive", CDSFixtures.prefetch(observations: CDSFixtures.observations(item9: 3))),
            ("two failed trials and conditions",
             CDSFixtures.prefetch(
                observations: CDSFixtures.observations(item9: 1), medications: medications, conditions: conditions)),
            ("empty record", CDSFixtures.prefetch(observations: [])),
            ("few observations", CDSFixtures.prefetch(observations: CDSFixtures.observations(count: 6, item9: 2))),
        ]
    }

    /// The patient-view cards of `prefetch`, built as the service builds them (with numbered ids).
    static func cards(_ prefetch: [String: Any]) async throws -> [CDSCard] {
        let body = CDSFixtures.hookBody(prefetch: prefetch)
        let request = try CDSHookRequestDecoder.decode(Data(body.readableBytesView))
        var resources: [R4.Resource] = []
        var problems = 0
        for key in CDSServiceCatalog.prefetch.keys.sorted() {
            if let value = request.prefetch?[key], let value {
                problems += CDSPrefetchResolver.flatten(value, into: &resources)
            }
        }
        let knowledge = CDSFixtures.knowledge
        let mapped = CDSRecordMapping(knowledge: knowledge).record(
            from: resources, patientID: CDSFixtures.patientID, asOf: CDSFixtures.today)
        let report = try Assessor(knowledge: knowledge).assess(mapped.record, asOf: CDSFixtures.today, profile: nil)
        let counter = Counter()
        let support = CDSCardSupport(knowledge: knowledge, makeID: { counter.next() })
        return CDSPatientViewCards(support: support).cards(
            for: report, record: mapped.record, mappingIssues: mapped.issues + problems)
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> String {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return "id-\(value)"
        }
    }

    @Test func everyPatientsCardsAreTheSameJSONAsJSONEncoderWrote() async throws {
        var sawSafetyCard = false
        var sawSuggestion = false
        for patient in Self.patients {
            let cards = try await Self.cards(patient.prefetch)
            let response = CDSHookResponse(cards: cards)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            let before = Array(try encoder.encode(response))
            let after = CDSResponseWriter.encode(response)
            #expect(try Self.canonical(after) == (try Self.canonical(before)), "\(patient.name)")
            #expect(try JSONDecoder().decode(CDSHookResponse.self, from: Data(after)) == response, "\(patient.name)")
            sawSafetyCard = sawSafetyCard || cards.first?.indicator == .critical
            sawSuggestion = sawSuggestion || cards.contains { $0.suggestions?.isEmpty == false }
        }
        #expect(sawSafetyCard)
        #expect(sawSuggestion)
    }

    @Test func theAnswerWrittenIntoTheResponseBufferIsTheSameBytesAsTheWritersArray() async throws {
        var responses: [CDSHookResponse] = []
        for patient in Self.patients { responses.append(CDSHookResponse(cards: try await Self.cards(patient.prefetch))) }
        // One card far larger than the usual room: the buffer path must fall back to the array and copy it.
        let large = CDSCard(
            uuid: "u", summary: "s", detail: String(repeating: "line \"quoted\"\n", count: 4_000), indicator: .info,
            source: CDSSource(label: "Stepwise"))
        responses.append(CDSHookResponse(cards: [large]))
        responses.append(CDSHookResponse(cards: []))
        for response in responses {
            let buffer = CDSHooksService.responseBuffer(response)
            #expect(Array(buffer.readableBytesView) == CDSResponseWriter.encode(response))
        }
        #expect(CDSResponseWriter.encode(responses[responses.count - 2]).count > CDSResponseWriter.estimatedSize(responses[responses.count - 2]) * 2)
    }
}
