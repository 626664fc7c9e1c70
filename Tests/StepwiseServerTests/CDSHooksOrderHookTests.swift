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

/// order-select and order-sign over real HTTP.
@Suite struct CDSHooksOrderHookTests {
    static var draftPhenelzine: [String: Any] {
        CDSFixtures.medicationRequest(
        rxnorm: "8123", name: "phenelzine 15 MG Oral Tablet", mg: 45, start: CDSFixtures.today.description,
        status: "draft", id: "draft-1")
    }

    @Test(arguments: ["order-select", "order-sign"])
    func maoiOrderSoonAfterAnSSRIIsCritical(hook: String) async throws {
        let stopped = CDSFixtures.today.adding(days: -7).description
        let history = [
            CDSFixtures.medicationRequest(
                rxnorm: "36437", name: "sertraline", mg: 100, start: "2026-05-01", end: stopped, id: "hist-1")
        ]
        let app = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true))
        let body = CDSFixtures.hookBody(
            hook: hook, prefetch: CDSFixtures.prefetch(medications: history), draftOrders: [Self.draftPhenelzine])
        try await app.test(.live) { client in
            let response = try await client.execute(
                uri: "/cds-services/stepwise-\(hook)", method: .post, headers: CDSFixtures.headers(token: nil),
                body: body)
            #expect(response.status == .ok)
            let cards = try CDSFixtures.cards(response)
            let first = try #require(cards.first)
            #expect(first.indicator == .critical)
            #expect(first.summary.contains("MAOI"))
            #expect(cards.allSatisfy { $0.summary.count <= 139 })
        }
    }

    /// Linezolid is not a depression treatment, so the record keeps no trial for it; an active order in
    /// the prefetch still reaches the order checks (and a completed one does not).
    @Test(arguments: [("active", true), ("completed", false)])
    func anSSRIOrderedWhileLinezolidIsActiveInThePrefetchIsCritical(status: String, expectCard: Bool) async throws {
        let linezolid = CDSFixtures.medicationRequest(
            rxnorm: "190376", name: "linezolid 600 MG Oral Tablet", mg: 1200, start: CDSFixtures.today.adding(days: -3).description,
            status: status, id: "lz-1")
        let app = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true))
        let body = CDSFixtures.hookBody(
            hook: "order-sign", prefetch: CDSFixtures.prefetch(medications: [linezolid]),
            draftOrders: [CDSOrderHookDrafts.sertraline])
        try await app.test(.live) { client in
            let response = try await client.execute(
                uri: "/cds-services/stepwise-order-sign", method: .post, headers: CDSFixtures.headers(token: nil), body: body)
            #expect(response.status == .ok)
            let cards = try CDSFixtures.cards(response)
            let card = cards.first { $0.summary.contains("ordered while linezolid is active") }
            #expect((card != nil) == expectCard, "\(cards.map(\.summary))")
            if let card { #expect(card.indicator == .critical) }
        }
    }

    @Test func orderHookWithoutDraftOrdersIsA400() async throws {
        let app = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true))
        try await app.test(.live) { client in
            let response = try await client.execute(
                uri: "/cds-services/stepwise-order-sign", method: .post, headers: CDSFixtures.headers(token: nil),
                body: CDSFixtures.hookBody(hook: "order-sign", prefetch: CDSFixtures.prefetch()))
            #expect(response.status == .badRequest)
            #expect(try CDSFixtures.outcome(response).issue.first?.expression == ["context.draftOrders"])
        }
    }

    @Test func suicideRiskTravelsWithOrderChecks() async throws {
        let app = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true))
        try await app.test(.live) { client in
            let response = try await client.execute(
                uri: "/cds-services/stepwise-order-sign", method: .post, headers: CDSFixtures.headers(token: nil),
                body: CDSFixtures.hookBody(
                    hook: "order-sign",
                    prefetch: CDSFixtures.prefetch(observations: CDSFixtures.observations(item9: 1)),
                    draftOrders: [
                        CDSFixtures.medicationRequest(
                            rxnorm: "36437", name: "sertraline", mg: 50, start: CDSFixtures.today.description,
                            status: "draft", id: "d1")
                    ]))
            let cards = try CDSFixtures.cards(response)
            #expect(cards.first?.indicator == .critical)
            #expect(cards.first?.summary.lowercased().contains("suicid") == true)
        }
    }
}

@Suite struct CDSHooksRecordMappingTests {
    @Test func prefetchedMedicationHistoryBecomesATrialWithItsEndDate() throws {
        let prefetch = CDSFixtures.prefetch(medications: [
            CDSFixtures.medicationRequest(
                rxnorm: "36437", name: "sertraline", mg: 100, start: "2026-05-01", end: "2026-11-14", id: "hist-1")
        ])
        let data = try JSONSerialization.data(withJSONObject: prefetch)
        let decoded = try JSONDecoder().decode([String: R4.Resource?].self, from: data)
        var resources: [R4.Resource] = []
        for (_, value) in decoded { if let value { _ = CDSPrefetchResolver.flatten(value, into: &resources) } }
        let mapped = CDSRecordMapping(knowledge: CDSFixtures.knowledge).record(
            from: resources, patientID: CDSFixtures.patientID, asOf: CDSFixtures.today)
        let trial = try #require(mapped.record.trials.first { $0.agent == "sertraline" }, "trials: \(mapped.record.trials)")
        #expect(trial.end == LocalDate("2026-11-14"))
        #expect(mapped.record.id == CDSFixtures.patientID)
    }
}

enum CDSOrderHookDrafts {
    static var sertraline: [String: Any] {
        CDSFixtures.medicationRequest(
            rxnorm: "36437", name: "sertraline 50 MG Oral Tablet", mg: 50, start: CDSFixtures.today.description,
            status: "draft", id: "d1")
    }
}
