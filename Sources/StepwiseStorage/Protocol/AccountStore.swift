// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// Organisations, users, sessions, API tokens and login throttling.
public protocol AccountStore: Sendable {
    /// Creates an organisation; `.conflict` if the id exists.
    func createOrganization(_ organization: Organization) async throws
    /// The organisation, or `nil`.
    func organization(id: String) async throws -> Organization?
    /// All organisations sorted by name.
    func organizations() async throws -> [Organization]

    /// Creates a user; `.conflict` if the id or e-mail exists, `.notFound` if the organisation does not.
    func createUser(_ user: User) async throws
    /// Replaces a user's e-mail, name, role, password hash and disabled time; `.notFound` if unknown,
    /// `.conflict` if the new e-mail belongs to someone else. The organisation cannot change.
    func updateUser(_ user: User) async throws
    /// The user, or `nil`.
    func user(id: String) async throws -> User?
    /// The user with this e-mail (case-insensitive), or `nil`.
    func user(email: String) async throws -> User?
    /// The organisation's users sorted by e-mail.
    func users(organizationID: String) async throws -> [User]

    /// Stores a new session; `.conflict` if the token hash exists, `.notFound` if the user does not.
    func createSession(_ session: Session) async throws
    /// The session if it exists and `now < expiresAt`, else `nil`.
    func session(tokenHash: String, now: Date) async throws -> Session?
    /// Ends a session (no error if absent).
    func deleteSession(tokenHash: String) async throws
    /// Ends every session of a user (password change, account disabled).
    func deleteSessions(userID: String) async throws
    /// Removes sessions that expired at or before `now`; returns how many.
    @discardableResult func deleteExpiredSessions(now: Date) async throws -> Int

    /// Stores an API token; `.conflict` if the hash exists, `.notFound` if the user does not.
    func createAPIToken(_ token: APIToken) async throws
    /// The token, or `nil`.
    func apiToken(tokenHash: String) async throws -> APIToken?
    /// A user's tokens sorted by name.
    func apiTokens(userID: String) async throws -> [APIToken]
    /// Revokes a token (no error if absent).
    func deleteAPIToken(tokenHash: String) async throws

    /// Counts one failed sign-in for `key` atomically: starts a new window at `at` (failures = 1)
    /// when there is none or the current one began more than `window` seconds before `at`.
    /// Returns the counter after the change.
    func recordLoginFailure(key: String, at: Date, window: TimeInterval) async throws -> LoginThrottle
    /// The counter for `key`, or `nil`.
    func loginThrottle(key: String) async throws -> LoginThrottle?
    /// Clears the counter (after a successful sign-in).
    func resetLoginFailures(key: String) async throws
}
