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

@Suite struct CDSHooksSecurityTests {
    static let uri = "/cds-services/stepwise-patient-view"

    /// Sends a patient-view call with `token` and returns the status and OperationOutcome diagnostics.
    func call(token: String?, key: ES384PrivateKey) async throws -> (HTTPResponse.Status, String?) {
        let app = try await CDSFixtures.application(CDSFixtures.configuration(publicKeyPEM: key.publicKey.pemRepresentation))
        return try await app.test(.live) { client in
            let response = try await client.execute(
                uri: Self.uri, method: .post, headers: CDSFixtures.headers(token: token),
                body: CDSFixtures.hookBody(prefetch: CDSFixtures.prefetch()))
            if response.status == .ok { return (response.status, nil) }
            #expect(response.headers[.contentType] == "application/fhir+json")
            return (response.status, try CDSFixtures.outcome(response).issue.first?.diagnostics)
        }
    }

    @Test func validTokenIsAccepted() async throws {
        let key = CDSFixtures.makeKey()
        let (status, _) = try await call(token: try await CDSFixtures.token(key: key), key: key)
        #expect(status == .ok)
    }

    @Test func missingTokenIsRefused() async throws {
        let key = CDSFixtures.makeKey()
        let (status, reason) = try await call(token: nil, key: key)
        #expect(status == .unauthorized)
        #expect(reason?.contains("Authorization") == true)
    }

    @Test func tokenFromAnIssuerNotOnTheAllowListIsRefused() async throws {
        let key = CDSFixtures.makeKey()
        let token = try await CDSFixtures.token(key: key, issuer: "https://rogue.example.test")
        let (status, reason) = try await call(token: token, key: key)
        #expect(status == .unauthorized)
        #expect(reason?.contains("allow-list") == true)
    }

    @Test func expiredTokenIsRefused() async throws {
        let key = CDSFixtures.makeKey()
        let token = try await CDSFixtures.token(key: key, issuedAt: Date().addingTimeInterval(-900), lifetime: 300)
        let (status, reason) = try await call(token: token, key: key)
        #expect(status == .unauthorized)
        #expect(reason?.contains("expired") == true)
    }

    @Test func tokenForAnotherAudienceIsRefused() async throws {
        let key = CDSFixtures.makeKey()
        let token = try await CDSFixtures.token(key: key, audience: "https://other.example.test/cds-services/x")
        let (status, reason) = try await call(token: token, key: key)
        #expect(status == .unauthorized)
        #expect(reason?.contains("aud") == true)
    }

    @Test func tokenForAnotherServiceOfThisServerIsRefused() async throws {
        let key = CDSFixtures.makeKey()
        let token = try await CDSFixtures.token(key: key, service: "stepwise-order-sign")
        let (status, _) = try await call(token: token, key: key)
        #expect(status == .unauthorized)
    }

    @Test func tokenSignedByAnotherKeyIsRefused() async throws {
        let trusted = CDSFixtures.makeKey()
        let token = try await CDSFixtures.token(key: CDSFixtures.makeKey())
        let (status, reason) = try await call(token: token, key: trusted)
        #expect(status == .unauthorized)
        #expect(reason?.contains("signature") == true)
    }

    @Test func tokenWithATamperedPayloadIsRefused() async throws {
        let key = CDSFixtures.makeKey()
        let parts = try await CDSFixtures.token(key: key).split(separator: ".")
        let forgedClaims = """
            {"iss":"\(CDSFixtures.issuer)","aud":"\(CDSFixtures.baseURL)/cds-services/stepwise-patient-view","exp":\(Int(Date().timeIntervalSince1970) + 3000),"iat":\(Int(Date().timeIntervalSince1970)),"jti":"forged"}
            """
        let forged = Data(forgedClaims.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let (status, _) = try await call(token: "\(parts[0]).\(forged).\(parts[2])", key: key)
        #expect(status == .unauthorized)
    }

    @Test func unsignedTokenIsRefused() async throws {
        let key = CDSFixtures.makeKey()
        let parts = try await CDSFixtures.token(key: key).split(separator: ".")
        let none = Data(#"{"alg":"none","typ":"JWT"}"#.utf8).base64EncodedString()
            .replacingOccurrences(of: "=", with: "")
        let (status, reason) = try await call(token: "\(none).\(parts[1]).", key: key)
        #expect(status == .unauthorized)
        #expect(reason?.contains("ES384") == true)
    }

    @Test func tokenLivingLongerThanTheReplayWindowIsRefused() async throws {
        let key = CDSFixtures.makeKey()
        let token = try await CDSFixtures.token(key: key, lifetime: 3600)
        let (status, reason) = try await call(token: token, key: key)
        #expect(status == .unauthorized)
        #expect(reason?.contains("replay window") == true)
    }

    @Test func replayedTokenIsRefusedTheSecondTime() async throws {
        let key = CDSFixtures.makeKey()
        let token = try await CDSFixtures.token(key: key)
        let app = try await CDSFixtures.application(CDSFixtures.configuration(publicKeyPEM: key.publicKey.pemRepresentation))
        try await app.test(.live) { client in
            let first = try await client.execute(
                uri: Self.uri, method: .post, headers: CDSFixtures.headers(token: token),
                body: CDSFixtures.hookBody(prefetch: CDSFixtures.prefetch()))
            #expect(first.status == .ok)
            let second = try await client.execute(
                uri: Self.uri, method: .post, headers: CDSFixtures.headers(token: token),
                body: CDSFixtures.hookBody(prefetch: CDSFixtures.prefetch()))
            #expect(second.status == .unauthorized)
            #expect(try CDSFixtures.outcome(second).issue.first?.diagnostics?.contains("replay") == true)
        }
    }

    @Test func keysAreFetchedFromTheIssuersJWKSURL() async throws {
        let key = CDSFixtures.makeKey()
        let jwks = FakeFHIRServer(jwks: CDSFixtures.jwks(key, kid: "rotating-1"))
        try await jwks.run { base in
            let configuration = CDSFixtures.configuration(jwksURL: "\(base)/jwks.json")
            let app = try await CDSFixtures.application(configuration)
            try await app.test(.live) { client in
                let good = try await CDSFixtures.token(key: key, kid: "rotating-1", jku: "\(base)/jwks.json")
                let accepted = try await client.execute(
                    uri: Self.uri, method: .post, headers: CDSFixtures.headers(token: good),
                    body: CDSFixtures.hookBody(prefetch: CDSFixtures.prefetch()))
                #expect(accepted.status == .ok)
                let foreignJKU = try await CDSFixtures.token(key: key, kid: "rotating-1", jku: "https://evil.example.test/jwks")
                let refused = try await client.execute(
                    uri: Self.uri, method: .post, headers: CDSFixtures.headers(token: foreignJKU),
                    body: CDSFixtures.hookBody(prefetch: CDSFixtures.prefetch()))
                #expect(refused.status == .unauthorized)
                #expect(try CDSFixtures.outcome(refused).issue.first?.diagnostics?.contains("jku") == true)
            }
            #expect(jwks.requestCount(path: "/jwks.json") == 1)
        }
    }

    @Test func developmentModeAcceptsCallsWithoutAToken() async throws {
        let app = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true))
        try await app.test(.live) { client in
            let response = try await client.execute(
                uri: Self.uri, method: .post, headers: CDSFixtures.headers(token: nil),
                body: CDSFixtures.hookBody(prefetch: CDSFixtures.prefetch()))
            #expect(response.status == .ok)
        }
    }
}

extension CDSHooksSecurityTests {
    @Test func anyOfSeveralConfiguredKeysVerifies() async throws {
        let first = CDSFixtures.makeKey()
        let second = CDSFixtures.makeKey()
        var configuration = CDSFixtures.configuration(publicKeyPEM: first.publicKey.pemRepresentation)
        configuration.issuers[0].keys.append(second.publicKey.pemRepresentation)
        let app = try await CDSFixtures.application(configuration)
        let tokens = [
            try await CDSFixtures.token(key: first, kid: "unknown-kid"), try await CDSFixtures.token(key: second),
        ]
        try await app.test(.live) { client in
            for token in tokens {
                let response = try await client.execute(
                    uri: Self.uri, method: .post, headers: CDSFixtures.headers(token: token),
                    body: CDSFixtures.hookBody(prefetch: CDSFixtures.prefetch()))
                #expect(response.status == .ok)
            }
        }
    }

    @Test func unreadableConfiguredKeyFailsAtStartUpWithoutEchoingIt() async throws {
        var configuration = CDSFixtures.configuration(publicKeyPEM: "not a key")
        configuration.issuers[0].keys = ["not a key"]
        let error = await #expect(throws: StepwiseError.self) {
            _ = try await CDSFixtures.application(configuration)
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("not a key") == false)
    }
}
