// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import StepwiseStorage
import Testing

@Suite struct AccountStoreConformanceTests {
    /// Creates an organisation and one user with a unique e-mail address.
    static func seed(_ store: any StepwiseStore, role: UserRole = .clinician) async throws -> (Organization, User) {
        let organization = Organization(id: Fixtures.organizationID(), name: "Synthetic Clinic")
        try await store.createOrganization(organization)
        let user = User(
            organizationID: organization.id, email: "Clinician-\(UUID().uuidString)@Example.org", displayName: "Dr Test",
            role: role, passwordHash: "$2b$12$synthetic", createdAt: Fixtures.t0)
        try await store.createUser(user)
        return (organization, user)
    }

    @Test(arguments: Backend.available)
    func organisationsAndUsersReadBack(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let (organization, user) = try await Self.seed(store, role: .psychiatricConsultant)
            #expect(try await store.organization(id: organization.id) == organization)
            #expect(try await store.organizations().contains(organization))
            #expect(try await store.user(id: user.id) == user)
            #expect(user.email == user.email.lowercased())
            #expect(try await store.user(email: user.email.uppercased()) == user)
            #expect(try await store.users(organizationID: organization.id) == [user])
            #expect(try await store.user(id: "nobody") == nil)
        }
    }

    @Test(arguments: Backend.available)
    func duplicateOrganisationOrEmailIsAConflict(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let (organization, user) = try await Self.seed(store)
            let org = await #expect(throws: StepwiseError.self) { try await store.createOrganization(organization) }
            #expect(org?.code == .conflict)
            var twin = user
            twin.id = UUID().uuidString
            twin.email = user.email.uppercased()
            let email = await #expect(throws: StepwiseError.self) { try await store.createUser(twin) }
            #expect(email?.code == .conflict)
        }
    }

    @Test(arguments: Backend.available)
    func aUserNeedsAnExistingOrganisation(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let orphan = User(
                organizationID: Fixtures.organizationID(), email: "\(UUID().uuidString)@example.org", displayName: "x",
                role: .admin, passwordHash: "h", createdAt: Fixtures.t0)
            let error = await #expect(throws: StepwiseError.self) { try await store.createUser(orphan) }
            #expect(error?.code == .notFound)
        }
    }

    @Test(arguments: Backend.available)
    func updatingAUserChangesRoleAndHashButNotOrganisation(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let (organization, user) = try await Self.seed(store)
            var changed = user
            changed.role = .admin
            changed.passwordHash = "$2b$12$new"
            changed.displayName = "Dr Renamed"
            try await store.updateUser(changed)
            #expect(try await store.user(id: user.id) == changed)
            #expect(try await store.user(id: user.id)?.organizationID == organization.id)
            var ghost = user
            ghost.id = "ghost"
            let error = await #expect(throws: StepwiseError.self) { try await store.updateUser(ghost) }
            #expect(error?.code == .notFound)
        }
    }

    @Test(arguments: Backend.available)
    func disablingAndEnablingAUserIsStored(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let (organization, user) = try await Self.seed(store)
            #expect(try await store.user(id: user.id)?.disabledAt == nil)
            var disabled = user
            disabled.disabledAt = Fixtures.t0.addingTimeInterval(90)
            try await store.updateUser(disabled)
            let stored = try #require(try await store.user(id: user.id))
            #expect(stored.isDisabled)
            #expect(stored.disabledAt == Fixtures.t0.addingTimeInterval(90))
            #expect(try await store.user(email: user.email)?.isDisabled == true)
            #expect(try await store.users(organizationID: organization.id).first { $0.id == user.id }?.isDisabled == true)
            var enabled = stored
            enabled.disabledAt = nil
            try await store.updateUser(enabled)
            #expect(try await store.user(id: user.id)?.isDisabled == false)
            // A user created disabled reads back disabled.
            let dormant = User(
                organizationID: organization.id, email: "dormant-\(UUID().uuidString)@clinic.example", displayName: "Dormant", role: .clinician,
                passwordHash: "$2b$12$x", createdAt: Fixtures.t0, disabledAt: Fixtures.t0)
            try await store.createUser(dormant)
            #expect(try await store.user(id: dormant.id) == dormant)
        }
    }

    @Test(arguments: Backend.available)
    func sessionsExpireAndCanBeEnded(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let (_, user) = try await Self.seed(store)
            let expires = Fixtures.t0.addingTimeInterval(3600)
            let session = Session(tokenHash: "s-\(UUID().uuidString)", userID: user.id, expiresAt: expires, csrfToken: "csrf")
            let other = Session(tokenHash: "s-\(UUID().uuidString)", userID: user.id, expiresAt: Fixtures.t0, csrfToken: "c2")
            try await store.createSession(session)
            try await store.createSession(other)
            #expect(try await store.session(tokenHash: session.tokenHash, now: Fixtures.t0) == session)
            #expect(try await store.session(tokenHash: session.tokenHash, now: expires) == nil, "expiresAt is exclusive")
            #expect(try await store.session(tokenHash: other.tokenHash, now: Fixtures.t0) == nil)
            let reused = await #expect(throws: StepwiseError.self) { try await store.createSession(session) }
            #expect(reused?.code == .conflict)
            #expect(try await store.deleteExpiredSessions(now: Fixtures.t0) >= 1)
            try await store.deleteSession(tokenHash: session.tokenHash)
            #expect(try await store.session(tokenHash: session.tokenHash, now: Fixtures.t0) == nil)

            let third = Session(tokenHash: "s-\(UUID().uuidString)", userID: user.id, expiresAt: expires, csrfToken: "c3")
            try await store.createSession(third)
            try await store.deleteSessions(userID: user.id)
            #expect(try await store.session(tokenHash: third.tokenHash, now: Fixtures.t0) == nil)
            let orphan = await #expect(throws: StepwiseError.self) {
                try await store.createSession(Session(tokenHash: "s-\(UUID().uuidString)", userID: "nobody", expiresAt: expires, csrfToken: "c"))
            }
            #expect(orphan?.code == .notFound)
        }
    }

    @Test(arguments: Backend.available)
    func apiTokensAreStoredByHashAndRevocable(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let (_, user) = try await Self.seed(store)
            let sync = APIToken(tokenHash: "t-\(UUID().uuidString)", userID: user.id, name: "registry sync", createdAt: Fixtures.t0)
            let backup = APIToken(tokenHash: "t-\(UUID().uuidString)", userID: user.id, name: "backup", createdAt: Fixtures.t0)
            try await store.createAPIToken(sync)
            try await store.createAPIToken(backup)
            #expect(try await store.apiToken(tokenHash: sync.tokenHash) == sync)
            #expect(try await store.apiTokens(userID: user.id) == [backup, sync])
            try await store.deleteAPIToken(tokenHash: sync.tokenHash)
            #expect(try await store.apiToken(tokenHash: sync.tokenHash) == nil)
            #expect(try await store.apiTokens(userID: user.id) == [backup])
        }
    }

    @Test(arguments: Backend.available)
    func loginFailuresCountWithinTheWindowAndRestartAfterIt(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let key = "email:\(UUID().uuidString)"
            let window: TimeInterval = 900
            #expect(try await store.recordLoginFailure(key: key, at: Fixtures.t0, window: window).failures == 1)
            #expect(try await store.recordLoginFailure(key: key, at: Fixtures.t0.addingTimeInterval(60), window: window).failures == 2)
            // Exactly at the window's end still counts in the same window.
            let third = try await store.recordLoginFailure(key: key, at: Fixtures.t0.addingTimeInterval(900), window: window)
            #expect(third == LoginThrottle(key: key, failures: 3, windowStart: Fixtures.t0))
            let later = Fixtures.t0.addingTimeInterval(901)
            #expect(
                try await store.recordLoginFailure(key: key, at: later, window: window)
                    == LoginThrottle(key: key, failures: 1, windowStart: later))
            #expect(try await store.loginThrottle(key: key)?.failures == 1)
            try await store.resetLoginFailures(key: key)
            #expect(try await store.loginThrottle(key: key) == nil)
        }
    }
}
