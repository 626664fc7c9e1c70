// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// A signed-in browser session. The cookie holds the token; the store holds only its hash.
public struct Session: Codable, Sendable, Equatable {
    /// Hash of the session token (for example SHA-256, hex). Primary key.
    public var tokenHash: String
    /// The signed-in user.
    public var userID: String
    /// After this instant the session is no longer returned by the store.
    public var expiresAt: Date
    /// The CSRF token every form of this session must echo.
    public var csrfToken: String

    /// Creates a session.
    public init(tokenHash: String, userID: String, expiresAt: Date, csrfToken: String) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.expiresAt = expiresAt
        self.csrfToken = csrfToken
    }
}

/// A long-lived token for API clients. The store holds only its hash.
public struct APIToken: Codable, Sendable, Equatable {
    /// Hash of the token. Primary key.
    public var tokenHash: String
    /// The user the token acts for.
    public var userID: String
    /// A label chosen by the user ("registry sync").
    public var name: String
    /// When the token was created.
    public var createdAt: Date

    /// Creates a token record.
    public init(tokenHash: String, userID: String, name: String, createdAt: Date) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.name = name
        self.createdAt = createdAt
    }
}

/// Failed sign-in attempts counted for one key (an e-mail address, a remote address) in a window.
public struct LoginThrottle: Codable, Sendable, Equatable {
    /// What is being throttled, chosen by the server (for example `email:` + hash).
    public var key: String
    /// Failures counted since `windowStart`.
    public var failures: Int
    /// When the current counting window began.
    public var windowStart: Date

    /// Creates a counter.
    public init(key: String, failures: Int, windowStart: Date) {
        self.key = key
        self.failures = failures
        self.windowStart = windowStart
    }
}
