// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Settings of the clinic server. Defaults suit a single clinic machine on loopback.
public struct ServerConfiguration: Sendable {
    /// Address to bind (default `127.0.0.1`).
    public var host: String
    /// Port (default 8080).
    public var port: Int
    /// Mark cookies `Secure`. Set when the server is reached over TLS, directly or through an
    /// HTTPS reverse proxy (`--https-proxy`).
    public var secureCookies: Bool
    /// Trust the first `X-Forwarded-For` address for audit and throttling (only behind a proxy
    /// that sets it).
    public var trustForwardedFor: Bool
    /// Idle-independent session lifetime in seconds (default 8 hours: one clinic day).
    public var sessionLifetime: TimeInterval
    /// Failed sign-ins allowed per e-mail or address within ``loginWindow`` (default 5).
    public var maxLoginFailures: Int
    /// The throttling window in seconds (default 15 minutes).
    public var loginWindow: TimeInterval
    /// bcrypt cost for new passwords (default 12; tests use 4).
    public var bcryptCost: UInt8
    /// Rule profile for assessments (`nil` = the knowledge base's default).
    public var profile: String?
    /// Seconds east of UTC for the clinic's calendar day ("today" in assessments). Default 0.
    public var utcOffsetSeconds: Int
    /// Name shown in the page header.
    public var serverName: String

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false, trustForwardedFor: Bool = false,
        sessionLifetime: TimeInterval = 8 * 3600, maxLoginFailures: Int = 5, loginWindow: TimeInterval = 900,
        bcryptCost: UInt8 = 12, profile: String? = nil, utcOffsetSeconds: Int = 0, serverName: String = "Stepwise"
    ) {
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
        self.trustForwardedFor = trustForwardedFor
        self.sessionLifetime = sessionLifetime
        self.maxLoginFailures = maxLoginFailures
        self.loginWindow = loginWindow
        self.bcryptCost = bcryptCost
        self.profile = profile
        self.utcOffsetSeconds = utcOffsetSeconds
        self.serverName = serverName
    }

    /// Whether `host` is a loopback address (the only kind `--demo` may bind to).
    public static func isLoopback(_ host: String) -> Bool {
        let lowered = host.lowercased()
        return lowered == "localhost" || lowered == "::1" || lowered == "[::1]" || lowered.hasPrefix("127.")
    }
}
