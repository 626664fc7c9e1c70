// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import StepwiseStorage

/// `GET /api/v1/patients/{id}`: the record and its version.
struct PatientEnvelope: Codable, Sendable {
    var id: String
    var version: Int
    var updatedAt: Date
    var record: PatientRecord

    init(_ stored: StoredPatient) {
        id = stored.id
        version = stored.version
        updatedAt = stored.updatedAt
        record = stored.record
    }
}

/// A page of registry rows.
struct RegistryPage: Codable, Sendable {
    var total: Int
    var page: Int
    var pageSize: Int
    var asOf: LocalDate
    var items: [RegistrySummary]
}

/// A page of patient list rows.
struct PatientListPage: Codable, Sendable {
    var total: Int
    var items: [PatientListItem]
}

/// The result of adding a measurement: its score and flags, and the new version.
struct MeasurementResult: Codable, Sendable {
    var version: Int
    var scored: ScoredMeasurement
    var safety: [SafetyFlag]
    /// Why the administration could not be scored as a whole (it was stored for its safety items
    /// or as a partial administration); absent when it was scored.
    var issues: [InputIssue]?
}

/// The result of adding a trial: its assessment and the new version.
struct TrialResult: Codable, Sendable {
    var version: Int
    var trial: TrialAssessment?
}

/// `POST /api/v1/patients/{id}/trials/{trialID}/end`.
struct TrialEnd: Codable, Sendable {
    /// The last day of the treatment.
    var date: LocalDate
    /// Why it ended, when known.
    var stopReason: StopReason?
}

/// `POST /api/v1/patients/{id}/flags`.
struct NewFlag: Codable, Sendable {
    var kind: String
    var assignedTo: String?
}

/// `PATCH /api/v1/flags/{id}`.
struct FlagUpdate: Codable, Sendable {
    var status: CareFlag.Status
    var assignedTo: String?
}

/// `POST /api/v1/patients/{id}/notes`.
struct NewNote: Codable, Sendable {
    var text: String
}

/// A generated document.
struct DocumentBody: Codable, Sendable {
    var kind: String
    var title: String
    var markdown: String
    var html: String
}

/// `GET /api/v1/me`.
struct Me: Codable, Sendable {
    var id: String
    var email: String
    var displayName: String
    var role: UserRole
    var organization: Organization
}

/// A user as the API shows it (never the password hash).
struct UserBody: Codable, Sendable {
    var id: String
    var email: String
    var displayName: String
    var role: UserRole
    /// Whether an administrator disabled the account.
    var disabled: Bool
    /// When it was disabled.
    var disabledAt: Date?

    init(_ user: User) {
        id = user.id
        email = user.email
        displayName = user.displayName
        role = user.role
        disabled = user.isDisabled
        disabledAt = user.disabledAt
    }
}

/// `PATCH /api/v1/users/{userID}`: a new role, disabling (`true`) or enabling (`false`), or both.
struct UserChange: Codable, Sendable {
    var role: UserRole?
    var disabled: Bool?
}

/// `POST /api/v1/users`.
struct NewUser: Codable, Sendable {
    var email: String
    var displayName: String?
    var role: UserRole
    var password: String
}
