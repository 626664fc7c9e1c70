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

@Suite struct CDSHooksPrefetchTests {
    static let uri = "/cds-services/stepwise-patient-view"

    @Test func missingPrefetchWithoutFHIRServerIsA412() async throws {
        let app = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true))
        try await app.test(.live) { client in
            let response = try await client.execute(
                uri: Self.uri, method: .post, headers: CDSFixtures.headers(token: nil),
                body: CDSFixtures.hookBody(prefetch: CDSFixtures.prefetch(omit: ["observations"])))
            #expect(response.status == .preconditionFailed)
            let outcome = try CDSFixtures.outcome(response)
            #expect(outcome.issue.first?.diagnostics?.contains("observations") == true)
        }
    }

    @Test func noPrefetchAtAllWithoutFHIRServerIsA412() async throws {
        let app = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true))
        try await app.test(.live) { client in
            let response = try await client.execute(
                uri: Self.uri, method: .post, headers: CDSFixtures.headers(token: nil),
                body: CDSFixtures.hookBody(prefetch: nil))
            #expect(response.status == .preconditionFailed)
        }
    }

    @Test func missingPrefetchIsFetchedFromTheFHIRServerWithTheAccessToken() async throws {
        let full = CDSFixtures.prefetch(observations: CDSFixtures.observations(item9: 2))
        let fhir = FakeFHIRServer(resources: full, accessToken: "secret-token")
        try await fhir.run { base in
            let app = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true))
            try await app.test(.live) { client in
                let response = try await client.execute(
                    uri: Self.uri, method: .post, headers: CDSFixtures.headers(token: nil),
                    body: CDSFixtures.hookBody(
                        prefetch: CDSFixtures.prefetch(omit: ["observations", "patient"]), fhirServer: "\(base)/fhir",
                        accessToken: "secret-token"))
                #expect(response.status == .ok)
                let cards = try CDSFixtures.cards(response)
                // Item 9 arrived only through the fetched (second) page: the safety card proves both pages were read.
                #expect(cards.first?.indicator == .critical)
            }
        }
        #expect(fhir.requestCount(path: "/fhir/Observation") == 2)
        #expect(fhir.requestCount(path: "/fhir/Patient/\(CDSFixtures.patientID)") == 1)
        #expect(fhir.requestCount(path: "/fhir/Condition") == 0)
        #expect(fhir.seenAuthorizations.allSatisfy { $0 == "Bearer secret-token" })
    }

    @Test func aFailingFHIRServerIsA502NotACrash() async throws {
        let fhir = FakeFHIRServer(resources: CDSFixtures.prefetch(), accessToken: "expected")
        try await fhir.run { base in
            let app = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true))
            try await app.test(.live) { client in
                let response = try await client.execute(
                    uri: Self.uri, method: .post, headers: CDSFixtures.headers(token: nil),
                    body: CDSFixtures.hookBody(prefetch: nil, fhirServer: "\(base)/fhir", accessToken: "wrong"))
                #expect(response.status == .badGateway)
                let diagnostics = try CDSFixtures.outcome(response).issue.first?.diagnostics ?? ""
                #expect(diagnostics.contains("401"))
                #expect(!diagnostics.contains(CDSFixtures.patientID))
            }
        }
    }

    @Test func plainHTTPFHIRServerOffLoopbackIsRefused() async throws {
        let app = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true))
        try await app.test(.live) { client in
            let response = try await client.execute(
                uri: Self.uri, method: .post, headers: CDSFixtures.headers(token: nil),
                body: CDSFixtures.hookBody(prefetch: nil, fhirServer: "http://fhir.example.test/r4", accessToken: "t"))
            #expect(response.status == .badRequest)
            #expect(try CDSFixtures.outcome(response).issue.first?.expression == ["fhirServer"])
        }
    }
}
