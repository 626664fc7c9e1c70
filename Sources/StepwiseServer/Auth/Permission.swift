// SPDX-License-Identifier: Apache-2.0
import StepwiseStorage

/// What a route needs. Every route names one; ``Permission/allowed(for:)`` is the whole policy.
public enum Permission: String, Sendable, CaseIterable {
    /// See the caseload, patient pages, assessments and documents.
    case readPatients = "read-patients"
    /// Enrol a patient.
    case createPatient = "create-patient"
    /// Enter questionnaires, goals and notes (care managers do this in collaborative care).
    case recordMeasurements = "record-measurements"
    /// Change the treatment record: trials, doses, conditions, labs, findings, episode.
    case editTreatment = "edit-treatment"
    /// Delete a patient.
    case deletePatient = "delete-patient"
    /// Raise, assign and resolve care-team flags; write notes.
    case careTeam = "care-team"
    /// Manage users of the organisation.
    case manageUsers = "manage-users"
    /// Read and export the audit log.
    case readAudit = "read-audit"
    /// Create API tokens for oneself.
    case manageOwnTokens = "manage-own-tokens"

    /// The roles that hold this permission.
    ///
    /// Admins manage accounts and read the audit log but see no clinical data (minimum necessary).
    /// Care managers follow the caseload, enter measurements, flags and notes; treatment changes
    /// are for clinicians and psychiatric consultants.
    public var allowedRoles: Set<UserRole> {
        switch self {
        case .readPatients, .recordMeasurements, .careTeam: [.clinician, .careManager, .psychiatricConsultant]
        case .createPatient: [.clinician, .careManager, .psychiatricConsultant]
        case .editTreatment: [.clinician, .psychiatricConsultant]
        case .deletePatient: [.clinician, .psychiatricConsultant]
        case .manageUsers, .readAudit: [.admin]
        case .manageOwnTokens: Set(UserRole.allCases)
        }
    }

    /// Whether `role` holds this permission.
    public func allowed(for role: UserRole) -> Bool { allowedRoles.contains(role) }
}

extension UserRole {
    /// Human-readable name.
    public var title: String {
        switch self {
        case .clinician: "Clinician"
        case .careManager: "Care manager"
        case .psychiatricConsultant: "Psychiatric consultant"
        case .admin: "Administrator"
        }
    }
}

extension StepwiseRequestContext {
    /// The identity if it holds `permission`; throws ``ServerError/unauthenticated`` or
    /// ``ServerError/forbidden`` otherwise.
    public func require(_ permission: Permission) throws -> Identity {
        guard let identity else { throw ServerError.unauthenticated }
        guard permission.allowed(for: identity.user.role) else { throw ServerError.forbidden }
        return identity
    }

    /// Whether the current user holds `permission` (for showing or hiding controls).
    public func can(_ permission: Permission) -> Bool {
        identity.map { permission.allowed(for: $0.user.role) } ?? false
    }
}
