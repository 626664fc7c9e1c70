// SPDX-License-Identifier: Apache-2.0
import Foundation
import Hummingbird
import StepwiseCore
import StepwiseStorage

/// Account changes an administrator makes on the users page: the role, and disabling or enabling an
/// account (someone leaves the clinic, or is away). A disabled account cannot sign in; its sessions
/// end at once and its API tokens are refused until it is enabled again. Nothing it wrote is removed.
///
/// Administrators cannot disable their own account or change their own role, so a clinic always keeps
/// the administrator who acts (another administrator, or `stepwise user` on the server, can).
extension AdminController {
    func addAccountRoutes(to router: Router<StepwiseRequestContext>) {
        router.post("/admin/users/{userID}/role") { _, context in
            let identity = try context.require(.manageUsers)
            guard let role = context.form?["role"].flatMap(UserRole.init(rawValue:)) else {
                return try await rejected(identity, "Not changed: choose one of the roles.")
            }
            return try await change(.role(role), userID: try context.parameters.require("userID"), identity: identity, context: context)
        }
        router.post("/admin/users/{userID}/disable") { _, context in
            let identity = try context.require(.manageUsers)
            return try await change(.disable, userID: try context.parameters.require("userID"), identity: identity, context: context)
        }
        router.post("/admin/users/{userID}/enable") { _, context in
            let identity = try context.require(.manageUsers)
            return try await change(.enable, userID: try context.parameters.require("userID"), identity: identity, context: context)
        }
    }

    /// Applies `change` to the user with `userID` in the administrator's organisation (404 for any
    /// other organisation's user, as if it did not exist) and shows the users page with the outcome.
    func change(
        _ change: AccountChange, userID: String, identity: Identity, context: StepwiseRequestContext
    ) async throws -> Response {
        let outcome = try await AccountChanges(services: services).apply(change, userID: userID, by: identity, remote: context.remoteAddress)
        switch outcome {
        case .changed(let message):
            return WebPage.response(
                try await usersPage(identity: identity, values: FormData([]), errors: FormErrors(), flash: message))
        case .refused(let message):
            return try await rejected(identity, message)
        }
    }

    private func rejected(_ identity: Identity, _ message: String) async throws -> Response {
        WebPage.response(
            try await usersPage(identity: identity, values: FormData([]), errors: FormErrors(), flash: message),
            status: .unprocessableContent)
    }
}

/// The rules for changing another account, shared by the web app and the JSON API.
struct AccountChanges {
    let services: ClinicServices

    /// The result of a change: done (with a message for the administrator) or refused (and why).
    enum Outcome: Sendable, Equatable {
        case changed(String)
        case refused(String)
    }

    /// Applies `change` to `userID` on behalf of `identity`; throws ``ServerError/notFound`` when the
    /// user does not exist in the administrator's organisation.
    func apply(_ change: AccountChange, userID: String, by identity: Identity, remote: String?) async throws -> Outcome {
        guard let user = try await services.store.user(id: userID), user.organizationID == identity.organization.id else {
            throw ServerError.notFound
        }
        if user.id == identity.user.id {
            return .refused("Not changed: you cannot disable your own account or change your own role; ask another administrator.")
        }
        guard let changed = try await services.store.apply(change, to: user, at: services.clock.now()) else {
            switch change {
            case .role(let role): return .changed("\(user.email) is already \(role.title.lowercased()).")
            case .disable: return .changed("\(user.email) was already disabled.")
            case .enable: return .changed("\(user.email) was already active.")
            }
        }
        try await services.audit(.update, "user", changed.id, identity: identity, remote: remote)
        switch change {
        case .role(let role): return .changed("\(changed.email) is now \(role.title.lowercased()).")
        case .disable: return .changed("\(changed.email) is disabled; their sessions were ended and their API tokens are refused.")
        case .enable: return .changed("\(changed.email) is enabled again.")
        }
    }
}
