// SPDX-License-Identifier: Apache-2.0

import Foundation
import JWTKit

/// The claims of the JWT a CDS client sends with every call (CDS Hooks 2.0, "Trusting CDS Clients").
///
/// Claims are checked by ``CDSJWTVerifier`` against its injected clock, not here, so tests can fix time.
struct CDSClientClaims: JWTPayload {
    /// The client's identifier (on the allow-list).
    var iss: IssuerClaim
    /// The service endpoint called (string or array).
    var aud: AudienceClaim
    /// Expiry.
    var exp: ExpirationClaim
    /// Issued at.
    var iat: IssuedAtClaim
    /// Nonce; each value is accepted once.
    var jti: IDClaim
    /// Optional opaque organisation id.
    var tenant: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// What a verified JWT says about its caller (no patient data).
public struct CDSVerifiedClient: Sendable, Equatable {
    /// The issuer (`iss`), or `insecure-development` when verification is switched off.
    public var issuer: String
    /// The `tenant` claim, when sent.
    public var tenant: String?
}

/// Why a JWT was refused. The description is safe to return to the caller and to log.
struct CDSAuthenticationError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
