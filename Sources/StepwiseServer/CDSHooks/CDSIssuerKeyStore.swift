// SPDX-License-Identifier: Apache-2.0

import Foundation
import JWTKit
import NIOCore
import StepwiseCore

/// The verification keys of every trusted issuer: keys configured directly (PEM, JWK, JWKS) and
/// JWK Sets fetched from the issuer's JWKS URLs, cached for ``CDSHooksService/Configuration/jwksCacheLifetime``
/// and fetched again (at most once a minute) when a token names a key id the cache does not know.
actor CDSIssuerKeyStore {
    private struct CachedSet {
        var keys: JWTKeyCollection
        var kids: Set<String>
        var fetchedAt: ContinuousClock.Instant
    }

    private let fetcher: CDSHTTPFetcher
    private let lifetime: Duration
    private var configured: [String: JWTKeyCollection] = [:]
    private var fetched: [String: CachedSet] = [:]
    private let clock = ContinuousClock()

    init(fetcher: CDSHTTPFetcher, lifetime: Duration) {
        self.fetcher = fetcher
        self.lifetime = lifetime
    }

    /// Parses every configured key of `issuers`.
    ///
    /// - Throws: ``StepwiseError`` (`invalidInput`) naming the issuer and key position that could not be read.
    func load(_ issuers: [CDSHooksService.TrustedIssuer]) async throws {
        for issuer in issuers where !issuer.keys.isEmpty {
            let collection = JWTKeyCollection()
            for (position, text) in issuer.keys.enumerated() {
                do {
                    // Every key gets an id so verification can try each; the first is also the default
                    // (used when a token's kid names no configured key).
                    try await Self.add(text, to: collection, kid: "configured-\(position + 1)")
                    if position == 0 { try await Self.add(text, to: collection, kid: nil) }
                } catch {
                    throw StepwiseError(
                        .invalidInput,
                        "key \(position + 1) of CDS issuer \"\(issuer.issuer)\" is not a PEM public key (EC P-256/P-384 or RSA), JWK or JWK Set",
                        at: "cds-issuer")
                }
            }
            configured[issuer.issuer] = collection
        }
    }

    /// The key collections to try for a token from `issuer` (configured keys first, then the JWKS at
    /// `jwksURL`). With `refresh`, a cached JWKS older than a minute is fetched again.
    func collections(issuer: String, jwksURL: String?, kid: String?) async throws -> [JWTKeyCollection] {
        var result: [JWTKeyCollection] = []
        if let keys = configured[issuer] { result.append(keys) }
        guard let jwksURL else { return result }
        let now = clock.now
        if let cached = fetched[jwksURL] {
            let fresh = cached.fetchedAt.duration(to: now) < lifetime
            let knowsKid = kid.map { cached.kids.contains($0) } ?? true
            let mayRefresh = cached.fetchedAt.duration(to: now) > .seconds(60)
            if fresh && (knowsKid || !mayRefresh) {
                result.append(cached.keys)
                return result
            }
        }
        let body = try await fetcher.get(jwksURL, bearer: nil, what: "the CDS client's JWKS URL")
        let json = String(buffer: body)
        let set: JWKS
        do {
            set = try JSONDecoder().decode(JWKS.self, from: Data(json.utf8))
        } catch {
            throw StepwiseError(.unavailable, "the CDS client's JWKS URL did not return a JWK Set")
        }
        let collection = JWTKeyCollection()
        var kids: Set<String> = []
        for key in set.keys {
            // Keys of unsupported types (e.g. encryption keys) are skipped, not fatal.
            if (try? await collection.add(jwk: key)) != nil, let kid = key.keyIdentifier?.string { kids.insert(kid) }
        }
        fetched[jwksURL] = CachedSet(keys: collection, kids: kids, fetchedAt: now)
        result.append(collection)
        return result
    }

    private static func add(_ text: String, to collection: JWTKeyCollection, kid: String?) async throws {
        let id = kid.map { JWKIdentifier(string: $0) }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{") {
            if trimmed.contains("\"keys\"") {
                try await collection.add(jwksJSON: trimmed)
            } else {
                try await collection.add(jwk: JSONDecoder().decode(JWK.self, from: Data(trimmed.utf8)))
            }
        } else if let key = try? ES384PublicKey(pem: trimmed) {
            await collection.add(ecdsa: key, kid: id)
        } else if let key = try? ES256PublicKey(pem: trimmed) {
            await collection.add(ecdsa: key, kid: id)
        } else {
            await collection.add(rsa: try Insecure.RSA.PublicKey(pem: trimmed), digestAlgorithm: .sha384, kid: id)
        }
    }
}
