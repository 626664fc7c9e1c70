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

@Suite struct CDSHooksDiscoveryTests {
    @Test func discoveryListsTheThreeServicesWithPrefetchTemplates() async throws {
        let key = CDSFixtures.makeKey()
        let app = try await CDSFixtures.application(CDSFixtures.configuration(publicKeyPEM: key.publicKey.pemRepresentation))
        try await app.test(.live) { client in
            let response = try await client.execute(uri: "/cds-services", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let discovery = try JSONDecoder().decode(
                CDSDiscoveryResponse.self, from: Data(response.body.readableBytesView))
            let byID = Dictionary(uniqueKeysWithValues: discovery.services.map { ($0.id, $0) })
            #expect(byID["stepwise-patient-view"]?.hook == "patient-view")
            #expect(byID["stepwise-order-select"]?.hook == "order-select")
            #expect(byID["stepwise-order-sign"]?.hook == "order-sign")
            for service in discovery.services {
                #expect(!service.description.isEmpty)
                #expect(service.prefetch?["patient"] == "Patient/{{context.patientId}}")
                let observations = try #require(service.prefetch?["observations"])
                #expect(observations.hasPrefix("Observation?patient={{context.patientId}}&code="))
                #expect(observations.contains("http://loinc.org|44261-6"))
                #expect(observations.contains("http://loinc.org|44260-8"))
                #expect(service.prefetch?["medicationRequests"] == "MedicationRequest?patient={{context.patientId}}")
                #expect(service.prefetch?["conditions"] == "Condition?patient={{context.patientId}}")
                #expect(service.usageRequirements?.contains("INSECURE") == false)
            }
        }
    }

    @Test func discoverySaysSoWhenVerificationIsSwitchedOff() async throws {
        let app = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true))
        try await app.test(.live) { client in
            let response = try await client.execute(uri: "/cds-services", method: .get)
            let discovery = try JSONDecoder().decode(
                CDSDiscoveryResponse.self, from: Data(response.body.readableBytesView))
            #expect(discovery.services.count == 3)
            #expect(discovery.services.allSatisfy { $0.usageRequirements?.contains("INSECURE DEVELOPMENT MODE") == true })
        }
    }

    @Test func unknownServiceIsA404OperationOutcome() async throws {
        let app = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true))
        try await app.test(.live) { client in
            let response = try await client.execute(
                uri: "/cds-services/no-such-service", method: .post, headers: CDSFixtures.headers(token: nil),
                body: CDSFixtures.hookBody(prefetch: CDSFixtures.prefetch()))
            #expect(response.status == .notFound)
            #expect(response.headers[.contentType] == "application/fhir+json")
            let outcome = try CDSFixtures.outcome(response)
            #expect(outcome.resourceType == "OperationOutcome")
            #expect(outcome.issue.first?.code == "not-found")
        }
    }
}

extension CDSHooksDiscoveryTests {
    @Test func browserClientsGetCORSHeaders() async throws {
        let app = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true))
        try await app.test(.live) { client in
            let preflight = try await client.execute(
                uri: "/cds-services/stepwise-patient-view", method: .options,
                headers: [.origin: "https://sandbox.cds-hooks.org", .accessControlRequestMethod: "POST"])
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == "*")
            #expect(preflight.headers[.accessControlAllowHeaders]?.lowercased().contains("authorization") == true)
            let discovery = try await client.execute(
                uri: "/cds-services", method: .get, headers: [.origin: "https://sandbox.cds-hooks.org"])
            #expect(discovery.status == .ok)
            #expect(discovery.headers[.accessControlAllowOrigin] == "*")
        }
    }
}
