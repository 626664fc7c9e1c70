// SPDX-License-Identifier: Apache-2.0
import Hummingbird
import Logging
import NIOCore
import StepwiseStorage

/// Who is making a request, once authenticated.
public struct Identity: Sendable {
    /// The signed-in user (or the user an API token acts for).
    public var user: User
    /// The user's organisation.
    public var organization: Organization
    /// How the user authenticated.
    public var method: Method
    /// The session's CSRF token (browser sessions only).
    public var csrfToken: String?
    /// The session token's hash (browser sessions only), to end the session at sign-out.
    public var sessionTokenHash: String?

    /// How a request was authenticated.
    public enum Method: String, Sendable {
        /// A browser session cookie.
        case session
        /// An API bearer token.
        case bearerToken
    }

    /// Creates an identity.
    public init(user: User, organization: Organization, method: Method, csrfToken: String? = nil, sessionTokenHash: String? = nil) {
        self.user = user
        self.organization = organization
        self.method = method
        self.csrfToken = csrfToken
        self.sessionTokenHash = sessionTokenHash
    }
}

/// The request context of the clinic server: the authenticated identity, the client address and
/// a request id for correlating logs and audit rows.
public struct StepwiseRequestContext: RequestContext {
    /// Hummingbird's core storage.
    public var coreContext: CoreRequestContextStorage
    /// The authenticated user, set by ``AuthenticationMiddleware``; `nil` for anonymous requests.
    public var identity: Identity?
    /// The client's address as seen by the server (or from `X-Forwarded-For` when trusted).
    public var remoteAddress: String?
    /// Form fields already read by ``CSRFMiddleware`` for a browser POST.
    public var form: FormData?

    /// Creates a context for a request on `source.channel`.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = Self.address(source.channel.remoteAddress)
    }

    /// Uploads are small (forms, one patient record); larger bodies get 413.
    public var maxUploadSize: Int { 4 * 1024 * 1024 }

    /// The request id (Hummingbird's `hb.request.id`).
    public var requestID: String { logger[metadataKey: "hb.request.id"]?.description ?? "-" }

    static func address(_ address: SocketAddress?) -> String? {
        guard let address else { return nil }
        return address.ipAddress
    }
}
