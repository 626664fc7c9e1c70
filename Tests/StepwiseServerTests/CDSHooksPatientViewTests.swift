// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import HummingbirdTesting
import JWTKit
import NIOCore
import StepwiseCore
import StepwiseFHIR
import Testing

@testable import StepwiseServer

@Suite struct CDSHooksPatientViewTests {
    static let uri = "/cds-services/stepwise-patient-view"

    func cards(prefetch: [String: Any]) async throws -> [CDSCard] {
        let app = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true))
        let body = CDSFixtures.hookBody(prefetch: prefetch)
        return try await app.test(.live) { client in
            let response = try await client.execute(
                uri: Self.uri, method: .post, headers: CDSFixtures.headers(token: nil), body: body)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            return try CDSFixtures.cards(response)
        }
    }

    @Test(arguments: [1, 2, 3])
    func positiveItem9PutsACriticalSuicideRiskCardFirst(answer: Int) async throws {
        let cards = try await cards(prefetch: CDSFixtures.prefetch(observations: CDSFixtures.observations(item9: answer)))
        let first = try #require(cards.first)
        #expect(first.indicator == .critical)
        #expect(first.summary.lowercased().contains("suicid"))
        #expect(first.detail?.contains("item 9") == true)
        #expect(first.uuid != nil)
        #expect(first.overrideReasons?.isEmpty == false)
    }

    @Test func noSuicideRiskCardWhenItem9IsZero() async throws {
        let cards = try await cards(prefetch: CDSFixtures.prefetch(observations: CDSFixtures.observations(item9: 0)))
        #expect(!cards.contains { $0.summary.lowercased().contains("suicid") })
    }

    @Test func everyCardIsWellFormed() async throws {
        let cards = try await cards(
            prefetch: CDSFixtures.prefetch(
                observations: CDSFixtures.observations(item9: 2),
                medications: [
                    CDSFixtures.medicationRequest(
                        rxnorm: "36437", name: "sertraline", mg: 100, start: "2026-03-01", end: "2026-06-01", id: "m1"),
                    CDSFixtures.medicationRequest(
                        rxnorm: "39786", name: "venlafaxine", mg: 150, start: "2026-06-15", id: "m2"),
                ],
                conditions: [CDSFixtures.condition(icd10: "F33.2", display: "MDD, recurrent, severe", id: "c1")]))
        #expect(cards.count >= 2)
        for card in cards {
            #expect(card.summary.count <= 139, "summary too long: \(card.summary.count)")
            #expect(!card.summary.isEmpty)
            #expect(!card.source.label.isEmpty)
            #expect(card.detail?.isEmpty == false)
            #expect(card.uuid != nil)
            if card.suggestions?.isEmpty == false { #expect(card.selectionBehavior != nil) }
        }
        #expect(Set(cards.compactMap(\.uuid)).count == cards.count)
        // Urgency never increases down the list: critical cards come first.
        let ranks = cards.map(\.indicator)
        #expect(ranks == ranks.sorted(by: >))
    }

    @Test func emptyRecordStillAnswersWithoutCrashing() async throws {
        let cards = try await cards(prefetch: CDSFixtures.prefetch(observations: []))
        #expect(!cards.contains { $0.indicator == .critical })
    }

    @Test func malformedBodyIsA400OperationOutcome() async throws {
        let app = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true))
        try await app.test(.live) { client in
            for body in ["{not json", #"{"hook":"patient-view"}"#, #"{"hook":"patient-view","hookInstance":"x","context":{"patientId":"../etc"}}"#, "[]"] {
                let response = try await client.execute(
                    uri: Self.uri, method: .post, headers: CDSFixtures.headers(token: nil),
                    body: ByteBuffer(string: body))
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType] == "application/fhir+json")
                let outcome = try CDSFixtures.outcome(response)
                #expect(outcome.issue.first?.severity == "error")
                #expect(outcome.issue.first?.diagnostics?.isEmpty == false)
            }
        }
    }

    @Test func wrongHookForTheServiceIsA400() async throws {
        let app = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true))
        try await app.test(.live) { client in
            let response = try await client.execute(
                uri: Self.uri, method: .post, headers: CDSFixtures.headers(token: nil),
                body: CDSFixtures.hookBody(hook: "order-sign", prefetch: CDSFixtures.prefetch()))
            #expect(response.status == .badRequest)
            #expect(try CDSFixtures.outcome(response).issue.first?.expression == ["hook"])
        }
    }
}

extension CDSHooksPatientViewTests {
    /// Mutated bodies (truncated, bytes flipped, values swapped) never crash the service or yield a 500:
    /// each answer is cards (200) or an OperationOutcome (400/412).
    @Test func mutatedBodiesGetCardsOrAnOperationOutcomeNeverA500() async throws {
        let original = Array(
            CDSFixtures.hookBody(prefetch: CDSFixtures.prefetch(observations: CDSFixtures.observations(count: 10, item9: 1)))
                .readableBytesView)
        var state: UInt64 = 0x5EED_CD5
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(max(1, bound)))
        }
        let replacements: [[UInt8]] = [Array("null".utf8), Array("{}".utf8), Array("[]".utf8), Array("\"x\"".utf8), Array("-1e999".utf8), [0xFF], Array("\\u0000".utf8)]
        var bodies: [ByteBuffer] = []
        for round in 0..<150 {
            var bytes = original
            switch round % 3 {
            case 0: bytes = Array(bytes.prefix(next(bytes.count)))
            case 1:
                for _ in 0...next(4) { bytes[next(bytes.count)] = UInt8(next(256)) }
            default:
                let at = next(bytes.count)
                bytes.replaceSubrange(at..<min(bytes.count, at + next(12)), with: replacements[next(replacements.count)])
            }
            bodies.append(ByteBuffer(bytes: bytes))
        }
        let app = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true))
        let mutated = bodies
        try await app.test(.live) { client in
            for body in mutated {
                let response = try await client.execute(
                    uri: Self.uri, method: .post, headers: CDSFixtures.headers(token: nil), body: body)
                #expect([200, 400, 412].contains(response.status.code), "status \(response.status.code)")
                if response.status != .ok {
                    #expect(try CDSFixtures.outcome(response).resourceType == "OperationOutcome")
                }
            }
        }
    }
}
