// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB
import StepwiseCore
import StepwiseStorage

extension SQLiteStore {
    public func createOrganization(_ organization: Organization) async throws {
        try await write("create the organisation") { db in
            try db.execute(
                sql: "INSERT INTO organizations (id, name) VALUES (?, ?)",
                arguments: [organization.id, organization.name])
        }
    }

    public func organization(id: String) async throws -> Organization? {
        try await read("read the organisation") { db in
            try Row.fetchOne(db, sql: "SELECT id, name FROM organizations WHERE id = ?", arguments: [id])
                .map { Organization(id: $0["id"], name: $0["name"]) }
        }
    }

    public func organizations() async throws -> [Organization] {
        try await read("list organisations") { db in
            try Row.fetchAll(db, sql: "SELECT id, name FROM organizations ORDER BY name, id")
                .map { Organization(id: $0["id"], name: $0["name"]) }
        }
    }

    static func user(_ row: Row) throws -> User {
        guard let role = UserRole(rawValue: row["role"]) else {
            throw StepwiseError(.unavailable, "A stored user has an unknown role; the database may be newer than this program.")
        }
        return User(
            id: row["id"], organizationID: row["organization_id"], email: row["email"],
            displayName: row["display_name"], role: role, passwordHash: row["password_hash"],
            createdAt: Date(sqliteSeconds: row["created_at"]),
            disabledAt: (row["disabled_at"] as Double?).map(Date.init(sqliteSeconds:)))
    }

    public func createUser(_ user: User) async throws {
        try await write("create the user") { db in
            try db.execute(
                sql: """
                    INSERT INTO users (id, organization_id, email, display_name, role, password_hash, created_at, disabled_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    user.id, user.organizationID, user.email.lowercased(), user.displayName, user.role.rawValue,
                    user.passwordHash, user.createdAt.sqliteSeconds, user.disabledAt?.sqliteSeconds,
                ])
        }
    }

    public func updateUser(_ user: User) async throws {
        try await write("update the user") { db in
            try db.execute(
                sql: """
                    UPDATE users SET email = ?, display_name = ?, role = ?, password_hash = ?, disabled_at = ?
                    WHERE id = ?
                    """,
                arguments: [
                    user.email.lowercased(), user.displayName, user.role.rawValue, user.passwordHash,
                    user.disabledAt?.sqliteSeconds, user.id,
                ])
            guard db.changesCount == 1 else { throw StepwiseError(.notFound, "No such user.") }
        }
    }

    public func user(id: String) async throws -> User? {
        try await read("read the user") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ?", arguments: [id]).map(Self.user)
        }
    }

    public func user(email: String) async throws -> User? {
        try await read("read the user") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE email = ?", arguments: [email.lowercased()])
                .map(Self.user)
        }
    }

    public func users(organizationID: String) async throws -> [User] {
        try await read("list users") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM users WHERE organization_id = ? ORDER BY email", arguments: [organizationID]
            ).map(Self.user)
        }
    }

    public func createSession(_ session: Session) async throws {
        try await write("create the session") { db in
            try db.execute(
                sql: "INSERT INTO sessions (token_hash, user_id, expires_at, csrf_token) VALUES (?, ?, ?, ?)",
                arguments: [session.tokenHash, session.userID, session.expiresAt.sqliteSeconds, session.csrfToken])
        }
    }

    public func session(tokenHash: String, now: Date) async throws -> Session? {
        try await read("read the session") { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM sessions WHERE token_hash = ? AND expires_at > ?",
                arguments: [tokenHash, now.sqliteSeconds]
            ).map {
                Session(
                    tokenHash: $0["token_hash"], userID: $0["user_id"],
                    expiresAt: Date(sqliteSeconds: $0["expires_at"]), csrfToken: $0["csrf_token"])
            }
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await write("end the session") { db in
            try db.execute(sql: "DELETE FROM sessions WHERE token_hash = ?", arguments: [tokenHash])
        }
    }

    public func deleteSessions(userID: String) async throws {
        try await write("end the sessions") { db in
            try db.execute(sql: "DELETE FROM sessions WHERE user_id = ?", arguments: [userID])
        }
    }

    @discardableResult public func deleteExpiredSessions(now: Date) async throws -> Int {
        try await write("remove expired sessions") { db in
            try db.execute(sql: "DELETE FROM sessions WHERE expires_at <= ?", arguments: [now.sqliteSeconds])
            return db.changesCount
        }
    }

    public func createAPIToken(_ token: APIToken) async throws {
        try await write("create the API token") { db in
            try db.execute(
                sql: "INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES (?, ?, ?, ?)",
                arguments: [token.tokenHash, token.userID, token.name, token.createdAt.sqliteSeconds])
        }
    }

    static func apiToken(_ row: Row) -> APIToken {
        APIToken(
            tokenHash: row["token_hash"], userID: row["user_id"], name: row["name"],
            createdAt: Date(sqliteSeconds: row["created_at"]))
    }

    public func apiToken(tokenHash: String) async throws -> APIToken? {
        try await read("read the API token") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_tokens WHERE token_hash = ?", arguments: [tokenHash])
                .map(Self.apiToken)
        }
    }

    public func apiTokens(userID: String) async throws -> [APIToken] {
        try await read("list API tokens") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM api_tokens WHERE user_id = ? ORDER BY name, token_hash", arguments: [userID]
            ).map(Self.apiToken)
        }
    }

    public func deleteAPIToken(tokenHash: String) async throws {
        try await write("revoke the API token") { db in
            try db.execute(sql: "DELETE FROM api_tokens WHERE token_hash = ?", arguments: [tokenHash])
        }
    }

    public func recordLoginFailure(key: String, at: Date, window: TimeInterval) async throws -> LoginThrottle {
        try await write("count the failed sign-in") { db in
            let seconds = at.sqliteSeconds
            try db.execute(
                sql: """
                    INSERT INTO login_throttle (key, failures, window_start) VALUES (?, 1, ?)
                    ON CONFLICT (key) DO UPDATE SET
                        failures = CASE WHEN ? - window_start > ? THEN 1 ELSE failures + 1 END,
                        window_start = CASE WHEN ? - window_start > ? THEN ? ELSE window_start END
                    """,
                arguments: [key, seconds, seconds, window, seconds, window, seconds])
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM login_throttle WHERE key = ?", arguments: [key])
            else { throw StepwiseError(.unavailable, "The sign-in counter was not stored.") }
            return LoginThrottle(
                key: row["key"], failures: row["failures"], windowStart: Date(sqliteSeconds: row["window_start"]))
        }
    }

    public func loginThrottle(key: String) async throws -> LoginThrottle? {
        try await read("read the sign-in counter") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM login_throttle WHERE key = ?", arguments: [key]).map {
                LoginThrottle(
                    key: $0["key"], failures: $0["failures"], windowStart: Date(sqliteSeconds: $0["window_start"]))
            }
        }
    }

    public func resetLoginFailures(key: String) async throws {
        try await write("reset the sign-in counter") { db in
            try db.execute(sql: "DELETE FROM login_throttle WHERE key = ?", arguments: [key])
        }
    }
}
