// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// A to-do on a patient for someone in the care team (safety follow-up, psychiatric review, …).
public struct CareFlag: Codable, Sendable, Equatable, Identifiable {
    /// Lifecycle of a flag.
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Needs attention.
        case open
        /// Done.
        case resolved
        /// Judged not to apply.
        case dismissed
    }

    /// Flag kind used for the psychiatric review list.
    public static let psychiatricReview = "psychiatric-review"

    /// A stable identifier.
    public var id: String
    /// The organisation that owns the patient.
    public var organizationID: String
    /// The patient the flag is about.
    public var patientID: String
    /// What kind of flag: a registry flag id (`suicide-risk`, `not-improving`, …) or `psychiatric-review`.
    public var kind: String
    /// The user responsible, if assigned.
    public var assignedTo: String?
    /// Current status.
    public var status: Status
    /// When the flag was raised.
    public var createdAt: Date
    /// When the status or assignment last changed.
    public var updatedAt: Date

    /// Creates a flag.
    public init(
        id: String = UUID().uuidString, organizationID: String, patientID: String, kind: String,
        assignedTo: String? = nil, status: Status = .open, createdAt: Date, updatedAt: Date? = nil
    ) {
        self.id = id
        self.organizationID = organizationID
        self.patientID = patientID
        self.kind = kind
        self.assignedTo = assignedTo
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}

/// A free-text care-team note on a patient. Notes are patient data: never log their text.
public struct CareNote: Codable, Sendable, Equatable, Identifiable {
    /// A stable identifier.
    public var id: String
    /// The organisation that owns the patient.
    public var organizationID: String
    /// The patient the note is about.
    public var patientID: String
    /// The user who wrote it.
    public var authorID: String
    /// The note.
    public var text: String
    /// When it was written.
    public var createdAt: Date

    /// Creates a note.
    public init(
        id: String = UUID().uuidString, organizationID: String, patientID: String, authorID: String,
        text: String, createdAt: Date
    ) {
        self.id = id
        self.organizationID = organizationID
        self.patientID = patientID
        self.authorID = authorID
        self.text = text
        self.createdAt = createdAt
    }
}
