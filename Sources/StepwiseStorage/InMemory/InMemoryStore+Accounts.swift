// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

extension InMemoryStore {
    public func createOrganization(_ organization: Organization) async throws {
        guard organizationsByID[organization.id] == nil else {
            throw StepwiseError(.conflict, "An organisation with this id already exists.")
        }
        organizationsByID[organization.id] = organization
    }

    public func organization(id: String) async throws -> Organization? { organizationsByID[id] }

    public func organizations() async throws -> [Organization] {
        organizationsByID.values.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
    }

    public func createUser(_ user: User) async throws {
        guard organizationsByID[user.organizationID] != nil else {
            throw StepwiseError(.notFound, "No such organisation.")
        }
        guard usersByID[user.id] == nil else { throw StepwiseError(.conflict, "A user with this id already exists.") }
        var user = user
        user.email = user.email.lowercased()
        guard try await self.user(email: user.email) == nil else {
            throw StepwiseError(.conflict, "A user with this e-mail address already exists.")
        }
        usersByID[user.id] = user
    }

    public func updateUser(_ user: User) async throws {
        guard let existing = usersByID[user.id] else { throw StepwiseError(.notFound, "No such user.") }
        var user = user
        user.email = user.email.lowercased()
        if let other = try await self.user(email: user.email), other.id != user.id {
            throw StepwiseError(.conflict, "A user with this e-mail address already exists.")
        }
        user.organizationID = existing.organizationID
        user.createdAt = existing.createdAt
        usersByID[user.id] = user
    }

    public func user(id: String) async throws -> User? { usersByID[id] }

    public func user(email: String) async throws -> User? {
        let email = email.lowercased()
        return usersByID.values.first { $0.email == email }
    }

    public func users(organizationID: String) async throws -> [User] {
        usersByID.values.filter { $0.organizationID == organizationID }.sorted { $0.email < $1.email }
    }

    public func createSession(_ session: Session) async throws {
        guard usersByID[session.userID] != nil else { throw StepwiseError(.notFound, "No such user.") }
        guard sessionsByHash[session.tokenHash] == nil else { throw StepwiseError(.conflict, "Session token reused.") }
        sessionsByHash[session.tokenHash] = session
    }

    public func session(tokenHash: String, now: Date) async throws -> Session? {
        guard let session = sessionsByHash[tokenHash], now < session.expiresAt else { return nil }
        return session
    }

    public func deleteSession(tokenHash: String) async throws { sessionsByHash[tokenHash] = nil }

    public func deleteSessions(userID: String) async throws {
        sessionsByHash = sessionsByHash.filter { $0.value.userID != userID }
    }

    @discardableResult public func deleteExpiredSessions(now: Date) async throws -> Int {
        let before = sessionsByHash.count
        sessionsByHash = sessionsByHash.filter { now < $0.value.expiresAt }
        return before - sessionsByHash.count
    }

    public func createAPIToken(_ token: APIToken) async throws {
        guard usersByID[token.userID] != nil else { throw StepwiseError(.notFound, "No such user.") }
        guard tokensByHash[token.tokenHash] == nil else { throw StepwiseError(.conflict, "API token reused.") }
        tokensByHash[token.tokenHash] = token
    }

    public func apiToken(tokenHash: String) async throws -> APIToken? { tokensByHash[tokenHash] }

    public func apiTokens(userID: String) async throws -> [APIToken] {
        tokensByHash.values.filter { $0.userID == userID }.sorted { ($0.name, $0.tokenHash) < ($1.name, $1.tokenHash) }
    }

    public func deleteAPIToken(tokenHash: String) async throws { tokensByHash[tokenHash] = nil }

    public func recordLoginFailure(key: String, at: Date, window: TimeInterval) async throws -> LoginThrottle {
        var counter = throttles[key] ?? LoginThrottle(key: key, failures: 0, windowStart: at)
        if counter.failures == 0 || at.timeIntervalSince(counter.windowStart) > window {
            counter = LoginThrottle(key: key, failures: 1, windowStart: at)
        } else {
            counter.failures += 1
        }
        throttles[key] = counter
        return counter
    }

    public func loginThrottle(key: String) async throws -> LoginThrottle? { throttles[key] }

    public func resetLoginFailures(key: String) async throws { throttles[key] = nil }
}
