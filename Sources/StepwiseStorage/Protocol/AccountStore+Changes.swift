// SPDX-License-Identifier: Apache-2.0
import Foundation

/// A change an administrator makes to another account (web app, API or `stepwise user`).
public enum AccountChange: Sendable, Equatable {
    /// A new role; it applies from the account's next request.
    case role(UserRole)
    /// The account can no longer sign in; its sessions end and its API tokens are refused.
    case disable
    /// A disabled account is active again (its API tokens work again).
    case enable
}

extension AccountStore {
    /// Applies `change` to `user` and stores it; disabling also ends every session of the account.
    /// Returns the stored user, or `nil` when the account already was so (nothing is written).
    public func apply(_ change: AccountChange, to user: User, at now: Date) async throws -> User? {
        var user = user
        switch change {
        case .role(let role):
            guard role != user.role else { return nil }
            user.role = role
        case .disable:
            guard !user.isDisabled else { return nil }
            user.disabledAt = now
        case .enable:
            guard user.isDisabled else { return nil }
            user.disabledAt = nil
        }
        try await updateUser(user)
        if case .disable = change { try await deleteSessions(userID: user.id) }
        return user
    }
}
