// SPDX-License-Identifier: Apache-2.0

import Foundation
import JWTKit

/// Verifies the JWT a CDS client sends as `Authorization: Bearer …` on every hook and feedback call.
///
/// Checks, in order: the token is well formed and signed with an asymmetric algorithm (ES256/384/512,
/// RS256/384/512, PS256/384/512; never `none` or HMAC); `iss` is on the allow-list; a `jku` header is
/// one of the issuer's JWKS URLs; the signature verifies with a configured key or one from the
/// issuer's JWKS; `aud` names this service; `exp` is in the future and `iat` not in the future
/// (both within the allowed clock skew); the token lives no longer than the replay window; `jti` has
/// not been seen before.
struct CDSJWTVerifier: Sendable {
    static let allowedAlgorithms: Set<String> = [
        "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
    ]

    let configuration: CDSHooksService.Configuration
    let keys: CDSIssuerKeyStore
    let replays: CDSReplayCache
    let now: @Sendable () -> Date

    /// Verifies `authorization` for a call to the service `serviceID`.
    ///
    /// - Throws: ``CDSAuthenticationError`` with a reason safe to show to the caller.
    func verify(authorization: String?, serviceID: String) async throws -> CDSVerifiedClient {
        guard let authorization, authorization.count > 7,
            authorization.prefix(7).lowercased() == "bearer "
        else { throw CDSAuthenticationError("missing Authorization: Bearer <JWT> header") }
        let token = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)

        let header: JWTHeader
        let unverified: CDSClientClaims
        do {
            (header, unverified, _) = try DefaultJWTParser().parse(Array(token.utf8), as: CDSClientClaims.self)
        } catch {
            throw CDSAuthenticationError(
                "the JWT is malformed or lacks a required claim (iss, aud, exp, iat, jti)")
        }
        guard let algorithm = header.alg, Self.allowedAlgorithms.contains(algorithm) else {
            throw CDSAuthenticationError("the JWT must be signed with ES384 or RS384 (or another asymmetric algorithm)")
        }
        guard let issuer = configuration.issuers.first(where: { $0.issuer == unverified.iss.value }) else {
            throw CDSAuthenticationError("the JWT issuer is not on this service's allow-list")
        }
        let jwksURL: String?
        if let jku = header.jku {
            guard issuer.jwksURLs.contains(jku) else {
                throw CDSAuthenticationError("the JWT's jku header is not an allowed JWKS URL for its issuer")
            }
            jwksURL = jku
        } else {
            jwksURL = issuer.jwksURL
        }

        let claims = try await verifySignature(token, issuer: issuer.issuer, jwksURL: jwksURL, kid: header.kid)
        try checkClaims(claims, serviceID: serviceID)
        let lifetime = claims.exp.value.addingTimeInterval(configuration.clockSkew.inSeconds)
        guard await replays.claim(jti: claims.jti.value, issuer: issuer.issuer, until: lifetime, now: now()) else {
            throw CDSAuthenticationError("the JWT's jti was already used (replay)")
        }
        return CDSVerifiedClient(issuer: issuer.issuer, tenant: claims.tenant)
    }

    private func verifySignature(
        _ token: String, issuer: String, jwksURL: String?, kid: String?
    ) async throws -> CDSClientClaims {
        let collections: [JWTKeyCollection]
        do {
            collections = try await keys.collections(issuer: issuer, jwksURL: jwksURL, kid: kid)
        } catch {
            throw CDSAuthenticationError("the issuer's signing keys could not be obtained")
        }
        for collection in collections {
            if let claims = try? await collection.verify(token, as: CDSClientClaims.self, iteratingKeys: true) {
                return claims
            }
        }
        throw CDSAuthenticationError("the JWT signature does not verify with the issuer's keys")
    }

    private func checkClaims(_ claims: CDSClientClaims, serviceID: String) throws {
        let base = configuration.baseURL + "/cds-services"
        let accepted: Set<String> = [base, base + "/", base + "/" + serviceID, base + "/" + serviceID + "/feedback"]
        guard claims.aud.value.contains(where: accepted.contains) else {
            throw CDSAuthenticationError("the JWT's aud is not this CDS service's URL")
        }
        let current = now()
        let skew = configuration.clockSkew.inSeconds
        guard claims.exp.value.timeIntervalSince(current) > -skew else {
            throw CDSAuthenticationError("the JWT has expired")
        }
        guard claims.iat.value.timeIntervalSince(current) <= skew else {
            throw CDSAuthenticationError("the JWT's iat is in the future")
        }
        guard claims.exp.value.timeIntervalSince(claims.iat.value) <= configuration.replayWindow.inSeconds else {
            throw CDSAuthenticationError("the JWT lives longer than the replay window allows (exp − iat)")
        }
        guard !claims.jti.value.isEmpty, claims.jti.value.utf8.count <= 256 else {
            throw CDSAuthenticationError("the JWT's jti is empty or too long")
        }
    }
}
