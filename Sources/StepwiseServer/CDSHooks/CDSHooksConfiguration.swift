// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore

extension CDSHooksService {
    /// How the CDS Hooks service authenticates CDS clients and reaches their FHIR servers.
    ///
    /// ```swift
    /// let configuration = CDSHooksService.Configuration(
    ///     baseURL: "https://stepwise.example.org",
    ///     issuers: [.init(issuer: "https://ehr.example.org", jwksURL: "https://ehr.example.org/.well-known/jwks.json")]
    /// )
    /// ```
    public struct Configuration: Sendable {
        /// The public base URL of this server (scheme, host, optional port and path prefix, no trailing
        /// slash), e.g. `https://stepwise.example.org`. A JWT's `aud` must be
        /// `{baseURL}/cds-services/{id}` (the service called) or `{baseURL}/cds-services`.
        public var baseURL: String
        /// The CDS clients allowed to call, by `iss`. Empty means nobody (unless development mode is on).
        public var issuers: [TrustedIssuer]
        /// How long a `jti` is remembered to reject replays (default 10 minutes). A token is also
        /// rejected when its lifetime (`exp` − `iat`) exceeds this window, so no replay can outlive it.
        public var replayWindow: Duration
        /// Allowed clock difference between the client and this server (default 60 s).
        public var clockSkew: Duration
        /// How long a fetched JWKS is reused before it is fetched again (default 1 hour).
        public var jwksCacheLifetime: Duration
        /// Time limit for each request to a CDS client's FHIR server or JWKS URL (default 5 s).
        public var outboundTimeout: Duration
        /// Largest request body accepted (default 8 MiB).
        public var maximumBodyBytes: Int
        /// **Development only.** Accept calls without verifying any JWT. The service logs a warning at
        /// start-up and marks every discovery entry's `usageRequirements` so it cannot go unnoticed.
        public var allowInsecureDevelopmentMode: Bool
        /// Accept `fhirServer` URLs over plain `http` (default only for loopback addresses).
        public var allowPlainHTTPFHIRServer: Bool
        /// The rule profile used for assessments (`nil` = the knowledge base's default).
        public var profile: String?

        /// Creates a configuration.
        public init(
            baseURL: String, issuers: [TrustedIssuer] = [], replayWindow: Duration = .seconds(600),
            clockSkew: Duration = .seconds(60), jwksCacheLifetime: Duration = .seconds(3600),
            outboundTimeout: Duration = .seconds(5), maximumBodyBytes: Int = 8 << 20,
            allowInsecureDevelopmentMode: Bool = false, allowPlainHTTPFHIRServer: Bool = false,
            profile: String? = nil
        ) {
            var base = baseURL
            while base.hasSuffix("/") { base.removeLast() }
            self.baseURL = base
            self.issuers = issuers
            self.replayWindow = replayWindow
            self.clockSkew = clockSkew
            self.jwksCacheLifetime = jwksCacheLifetime
            self.outboundTimeout = outboundTimeout
            self.maximumBodyBytes = maximumBodyBytes
            self.allowInsecureDevelopmentMode = allowInsecureDevelopmentMode
            self.allowPlainHTTPFHIRServer = allowPlainHTTPFHIRServer
            self.profile = profile
        }
    }

    /// A CDS client allowed to call, identified by the `iss` of its JWTs, with the keys its
    /// signatures are checked against.
    public struct TrustedIssuer: Sendable {
        /// The `iss` value.
        public var issuer: String
        /// Public keys configured directly: PEM (`-----BEGIN PUBLIC KEY-----`, EC P-256/P-384 or RSA) or
        /// a JWK / JWK Set in JSON.
        public var keys: [String]
        /// The JWKS URL to fetch keys from. A token's `jku` header is accepted only when it equals one
        /// of ``jwksURL`` and ``allowedJKU``.
        public var jwksURL: String?
        /// Further JWKS URLs this issuer may name in a `jku` header.
        public var allowedJKU: [String]

        /// Creates a trusted issuer.
        public init(issuer: String, keys: [String] = [], jwksURL: String? = nil, allowedJKU: [String] = []) {
            self.issuer = issuer
            self.keys = keys
            self.jwksURL = jwksURL
            self.allowedJKU = allowedJKU
        }

        /// Every JWKS URL this issuer may use.
        var jwksURLs: [String] { (jwksURL.map { [$0] } ?? []) + allowedJKU }
    }
}
