// SPDX-License-Identifier: Apache-2.0
import Foundation
import PostgresNIO
import StepwiseCore
import StepwiseStorage

extension PostgresStore {
    public func createOrganization(_ organization: Organization) async throws {
        _ = try await rows(
            "INSERT INTO organizations (id, name) VALUES (\(organization.id), \(organization.name))",
            "create the organisation")
    }

    public func organization(id: String) async throws -> Organization? {
        try await rows("SELECT id, name FROM organizations WHERE id = \(id)", "read the organisation").first.map {
            let (id, name) = try $0.decode((String, String).self)
            return Organization(id: id, name: name)
        }
    }

    public func organizations() async throws -> [Organization] {
        try await rows("SELECT id, name FROM organizations ORDER BY name COLLATE \"C\", id COLLATE \"C\"", "list organisations").map {
            let (id, name) = try $0.decode((String, String).self)
            return Organization(id: id, name: name)
        }
    }

    static func user(_ row: PostgresRow) throws -> User {
        let (id, organizationID, email, displayName, role, passwordHash, createdAt, disabledAt) = try row.decode(
            (String, String, String, String, String, String, Date, Date?).self)
        guard let role = UserRole(rawValue: role) else {
            throw StepwiseError(.unavailable, "A stored user has an unknown role; the database may be newer than this program.")
        }
        return User(
            id: id, organizationID: organizationID, email: email, displayName: displayName, role: role,
            passwordHash: passwordHash, createdAt: createdAt, disabledAt: disabledAt)
    }

    public func createUser(_ user: User) async throws {
        _ = try await rows(
            """
            INSERT INTO users (id, organization_id, email, display_name, role, password_hash, created_at, disabled_at)
            VALUES (\(user.id), \(user.organizationID), \(user.email.lowercased()), \(user.displayName),
                \(user.role.rawValue), \(user.passwordHash), \(user.createdAt), \(user.disabledAt))
            """, "create the user")
    }

    public func updateUser(_ user: User) async throws {
        let updated = try await rows(
            """
            UPDATE users SET email = \(user.email.lowercased()), display_name = \(user.displayName),
                role = \(user.role.rawValue), password_hash = \(user.passwordHash), disabled_at = \(user.disabledAt)
            WHERE id = \(user.id) RETURNING 1
            """, "update the user")
        guard !updated.isEmpty else { throw StepwiseError(.notFound, "No such user.") }
    }

    public func user(id: String) async throws -> User? {
        try await rows(
            """
            SELECT id, organization_id, email, display_name, role, password_hash, created_at, disabled_at
            FROM users WHERE id = \(id)
            """, "read the user"
        ).first.map(Self.user)
    }

    public func user(email: String) async throws -> User? {
        try await rows(
            """
            SELECT id, organization_id, email, display_name, role, password_hash, created_at, disabled_at
            FROM users WHERE email = \(email.lowercased())
            """, "read the user"
        ).first.map(Self.user)
    }

    public func users(organizationID: String) async throws -> [User] {
        try await rows(
            """
            SELECT id, organization_id, email, display_name, role, password_hash, created_at, disabled_at
            FROM users WHERE organization_id = \(organizationID) ORDER BY email COLLATE "C"
            """, "list users"
        ).map(Self.user)
    }

    public func createSession(_ session: Session) async throws {
        _ = try await rows(
            """
            INSERT INTO sessions (token_hash, user_id, expires_at, csrf_token)
            VALUES (\(session.tokenHash), \(session.userID), \(session.expiresAt), \(session.csrfToken))
            """, "create the session")
    }

    public func session(tokenHash: String, now: Date) async throws -> Session? {
        try await rows(
            """
            SELECT token_hash, user_id, expires_at, csrf_token FROM sessions
            WHERE token_hash = \(tokenHash) AND expires_at > \(now)
            """, "read the session"
        ).first.map {
            let (tokenHash, userID, expiresAt, csrfToken) = try $0.decode((String, String, Date, String).self)
            return Session(tokenHash: tokenHash, userID: userID, expiresAt: expiresAt, csrfToken: csrfToken)
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        _ = try await rows("DELETE FROM sessions WHERE token_hash = \(tokenHash)", "end the session")
    }

    public func deleteSessions(userID: String) async throws {
        _ = try await rows("DELETE FROM sessions WHERE user_id = \(userID)", "end the sessions")
    }

    @discardableResult public func deleteExpiredSessions(now: Date) async throws -> Int {
        try await rows("DELETE FROM sessions WHERE expires_at <= \(now) RETURNING 1", "remove expired sessions").count
    }

    public func createAPIToken(_ token: APIToken) async throws {
        _ = try await rows(
            """
            INSERT INTO api_tokens (token_hash, user_id, name, created_at)
            VALUES (\(token.tokenHash), \(token.userID), \(token.name), \(token.createdAt))
            """, "create the API token")
    }

    static func apiToken(_ row: PostgresRow) throws -> APIToken {
        let (tokenHash, userID, name, createdAt) = try row.decode((String, String, String, Date).self)
        return APIToken(tokenHash: tokenHash, userID: userID, name: name, createdAt: createdAt)
    }

    public func apiToken(tokenHash: String) async throws -> APIToken? {
        try await rows(
            "SELECT token_hash, user_id, name, created_at FROM api_tokens WHERE token_hash = \(tokenHash)",
            "read the API token"
        ).first.map(Self.apiToken)
    }

    public func apiTokens(userID: String) async throws -> [APIToken] {
        try await rows(
            """
            SELECT token_hash, user_id, name, created_at FROM api_tokens WHERE user_id = \(userID)
            ORDER BY name COLLATE "C", token_hash COLLATE "C"
            """, "list API tokens"
        ).map(Self.apiToken)
    }

    public func deleteAPIToken(tokenHash: String) async throws {
        _ = try await rows("DELETE FROM api_tokens WHERE token_hash = \(tokenHash)", "revoke the API token")
    }

    public func recordLoginFailure(key: String, at: Date, window: TimeInterval) async throws -> LoginThrottle {
        let rows = try await rows(
            """
            INSERT INTO login_throttle AS t (key, failures, window_start) VALUES (\(key), 1, \(at))
            ON CONFLICT (key) DO UPDATE SET
                failures = CASE WHEN extract(epoch FROM (\(at)::timestamptz - t.window_start)) > \(window)
                    THEN 1 ELSE t.failures + 1 END,
                window_start = CASE WHEN extract(epoch FROM (\(at)::timestamptz - t.window_start)) > \(window)
                    THEN \(at)::timestamptz ELSE t.window_start END
            RETURNING key, failures, window_start
            """, "count the failed sign-in")
        guard let row = rows.first else { throw StepwiseError(.unavailable, "The sign-in counter was not stored.") }
        let (storedKey, failures, windowStart) = try row.decode((String, Int, Date).self)
        return LoginThrottle(key: storedKey, failures: failures, windowStart: windowStart)
    }

    public func loginThrottle(key: String) async throws -> LoginThrottle? {
        try await rows(
            "SELECT key, failures, window_start FROM login_throttle WHERE key = \(key)", "read the sign-in counter"
        ).first.map {
            let (key, failures, windowStart) = try $0.decode((String, Int, Date).self)
            return LoginThrottle(key: key, failures: failures, windowStart: windowStart)
        }
    }

    public func resetLoginFailures(key: String) async throws {
        _ = try await rows("DELETE FROM login_throttle WHERE key = \(key)", "reset the sign-in counter")
    }
}
