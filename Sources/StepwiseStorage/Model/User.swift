// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// What a user may do in the clinic server.
public enum UserRole: String, Codable, Sendable, CaseIterable {
    /// A treating clinician (psychiatrist, therapist, primary-care clinician).
    case clinician
    /// A collaborative-care manager who follows the caseload.
    case careManager = "care-manager"
    /// The psychiatric consultant who reviews the caseload.
    case psychiatricConsultant = "psychiatric-consultant"
    /// Manages users and reads the audit log.
    case admin
}

/// A person who signs in to the clinic server. Belongs to exactly one organisation.
public struct User: Codable, Sendable, Equatable, Identifiable {
    /// A stable identifier (for example a UUID string).
    public var id: String
    /// The organisation the user belongs to.
    public var organizationID: String
    /// Sign-in name. Unique across the store, compared case-insensitively (stored lower-cased).
    public var email: String
    /// Name shown in the web app.
    public var displayName: String
    /// The user's role.
    public var role: UserRole
    /// A password hash (bcrypt, computed by the server). The store never sees a password.
    public var passwordHash: String
    /// When the account was created.
    public var createdAt: Date
    /// When an administrator disabled the account; `nil` while it is active. A disabled user cannot
    /// sign in, and their sessions and API tokens are refused until the account is enabled again.
    /// The account and everything it wrote stay (the audit log keeps naming it).
    public var disabledAt: Date?

    /// Whether the account is disabled.
    public var isDisabled: Bool { disabledAt != nil }

    /// Creates a user. `email` is lower-cased.
    public init(
        id: String = UUID().uuidString, organizationID: String, email: String, displayName: String,
        role: UserRole, passwordHash: String, createdAt: Date, disabledAt: Date? = nil
    ) {
        self.id = id
        self.organizationID = organizationID
        self.email = email.lowercased()
        self.displayName = displayName
        self.role = role
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.disabledAt = disabledAt
    }
}
