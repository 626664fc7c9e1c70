// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import StepwiseFHIR
import Testing

@testable import StepwiseServer

/// A hook call's body is read whole up to `maximumBodyBytes` (counted over all of its fragments): a body of
/// exactly the limit is answered, one byte more is a 413 OperationOutcome (`too-costly`), for a body that
/// arrives in one piece and for one large enough to arrive in many.
@Suite struct CDSHooksBodyLimitTests {
    static let uri = "/cds-services/stepwise-patient-view"

    /// The status and body of a patient-view call with `body` when the limit is `limit` bytes.
    static func call(_ body: ByteBuffer, limit: Int) async throws -> (status: HTTPResponse.Status, body: ByteBuffer) {
        var configuration = CDSFixtures.configuration(insecure: true)
        configuration.maximumBodyBytes = limit
        let app = try await CDSFixtures.application(configuration)
        return try await app.test(.live) { client in
            let response = try await client.execute(
                uri: uri, method: .post, headers: CDSFixtures.headers(token: nil), body: body)
            return (response.status, response.body)
        }
    }

    static let bodies: [(name: String, body: ByteBuffer)] = [
        ("usual", CDSFixtures.hookBody(prefetch: CDSFixtures.prefetch())),
        // About 0.5 MB: read from the socket in many fragments.
        ("large", CDSFixtures.hookBody(prefetch: CDSFixtures.prefetch(observations: CDSFixtures.observations(count: 2_000)))),
    ]

    @Test(arguments: 0..<2)
    func aBodyOfExactlyTheLimitIsAnswered(index: Int) async throws {
        let body = Self.bodies[index].body
        let atLimit = try await Self.call(body, limit: body.readableBytes)
        #expect(atLimit.status == .ok, "\(Self.bodies[index].name)")
        let cards = try JSONDecoder().decode(CDSHookResponse.self, from: Data(atLimit.body.readableBytesView)).cards
        #expect(!cards.isEmpty)
        // The same cards as with room to spare (ids aside).
        let roomy = try await Self.call(body, limit: 8 << 20)
        let roomyCards = try JSONDecoder().decode(CDSHookResponse.self, from: Data(roomy.body.readableBytesView)).cards
        #expect(cards.map(\.summary) == roomyCards.map(\.summary))
        #expect(cards.map(\.detail) == roomyCards.map(\.detail))
    }

    @Test(arguments: 0..<2)
    func oneByteOverTheLimitIsA413(index: Int) async throws {
        let body = Self.bodies[index].body
        let over = try await Self.call(body, limit: body.readableBytes - 1)
        #expect(over.status == .contentTooLarge, "\(Self.bodies[index].name)")
        let outcome = try JSONDecoder().decode(R4.OperationOutcome.self, from: Data(over.body.readableBytesView))
        #expect(outcome.issue.first?.code == "too-costly")
        #expect(outcome.issue.first?.diagnostics == "the request body exceeds \(body.readableBytes - 1) bytes")
    }

    @Test func theLargeBodyIsLargerThanOneRead() {
        // NIO reads at most 64 KiB at a time by default, so this body comes in several fragments.
        #expect(Self.bodies[1].body.readableBytes > 4 * 65_536)
    }
}
