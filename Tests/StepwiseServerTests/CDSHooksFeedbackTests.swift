// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import HummingbirdTesting
import JWTKit
import Logging
import NIOCore
import StepwiseCore
import StepwiseFHIR
import Testing

@testable import StepwiseServer

@Suite struct CDSHooksFeedbackTests {
    @Test func overrideWithReasonIsStored() async throws {
        let key = CDSFixtures.makeKey()
        let store = InMemoryCDSFeedbackStore()
        let app = try await CDSFixtures.application(
            CDSFixtures.configuration(publicKeyPEM: key.publicKey.pemRepresentation), feedback: store)
        try await app.test(.live) { client in
            let body = """
                {"feedback":[{"card":"0a1b2c","outcome":"overridden","outcomeTimestamp":"2026-11-21T09:00:00Z",
                "overrideReason":{"reason":{"system":"\(CDSCardSupport.overrideReasonSystem)","code":"clinical-judgement",
                "display":"Clinical judgement"},"userComment":"discussed with patient"}},
                {"card":"3d4e5f","outcome":"accepted","acceptedSuggestions":[{"id":"s-1"}],"outcomeTimestamp":"2026-11-21T09:01:00Z"}]}
                """
            let token = try await CDSFixtures.token(key: key, service: "stepwise-patient-view")
            let response = try await client.execute(
                uri: "/cds-services/stepwise-patient-view/feedback", method: .post,
                headers: CDSFixtures.headers(token: token), body: ByteBuffer(string: body))
            #expect(response.status == .ok)
        }
        let stored = await store.all()
        #expect(stored.count == 2)
        #expect(stored[0].feedback.outcome == .overridden)
        #expect(stored[0].feedback.overrideReason?.reason?.code == "clinical-judgement")
        #expect(stored[0].issuer == CDSFixtures.issuer)
        #expect(stored[1].feedback.acceptedSuggestions == [.init(id: "s-1")])
    }

    @Test func feedbackWithoutATokenIsRefused() async throws {
        let key = CDSFixtures.makeKey()
        let store = InMemoryCDSFeedbackStore()
        let app = try await CDSFixtures.application(
            CDSFixtures.configuration(publicKeyPEM: key.publicKey.pemRepresentation), feedback: store)
        try await app.test(.live) { client in
            let response = try await client.execute(
                uri: "/cds-services/stepwise-patient-view/feedback", method: .post,
                headers: CDSFixtures.headers(token: nil), body: ByteBuffer(string: #"{"feedback":[]}"#))
            #expect(response.status == .unauthorized)
        }
        #expect(await store.all().isEmpty)
    }

    @Test func malformedFeedbackIsA400NamingThePath() async throws {
        let app = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true))
        try await app.test(.live) { client in
            let response = try await client.execute(
                uri: "/cds-services/stepwise-order-sign/feedback", method: .post, headers: CDSFixtures.headers(token: nil),
                body: ByteBuffer(string: #"{"feedback":[{"card":"x","outcome":"ignored","outcomeTimestamp":"t"}]}"#))
            #expect(response.status == .badRequest)
            let outcome = try CDSFixtures.outcome(response)
            #expect(outcome.issue.first?.expression?.first?.contains("outcome") == true)
        }
    }
}
