// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// One version of a patient's record as stored: the document plus its version metadata.
///
/// `version` starts at 1 and increases by one with every change; it is the ETag of the
/// patient (If-Match) and the `expectedVersion` of the next save.
public struct StoredPatient: Codable, Sendable, Equatable {
    /// The organisation that owns the patient.
    public var organizationID: String
    /// The patient identifier (the record's `id`).
    public var id: String
    /// The version number, 1 for a newly created patient.
    public var version: Int
    /// The whole clinical record at this version.
    public var record: PatientRecord
    /// When this version was written.
    public var updatedAt: Date
    /// Who wrote it: a user id, or a tool label such as `import`.
    public var updatedBy: String

    /// Creates a stored version.
    public init(
        organizationID: String, id: String, version: Int, record: PatientRecord, updatedAt: Date,
        updatedBy: String
    ) {
        self.organizationID = organizationID
        self.id = id
        self.version = version
        self.record = record
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }
}

/// A row of the patient list: enough to sort, filter and link, without loading the record.
public struct PatientListItem: Codable, Sendable, Equatable {
    /// The patient identifier (pseudonymous).
    public var id: String
    /// The current version.
    public var version: Int
    /// When the current version was written.
    public var updatedAt: Date
    /// Who wrote the current version.
    public var updatedBy: String

    /// Creates a summary row.
    public init(id: String, version: Int, updatedAt: Date, updatedBy: String) {
        self.id = id
        self.version = version
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }
}

/// What a bulk save did, per record.
public struct BulkSaveResult: Codable, Sendable, Equatable {
    /// Patients that did not exist before.
    public var created: Int
    /// Patients whose record changed (version increased).
    public var updated: Int
    /// Patients whose stored record was already identical (version unchanged).
    public var unchanged: Int

    /// Creates a result.
    public init(created: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.created = created
        self.updated = updated
        self.unchanged = unchanged
    }

    /// Adds another batch's counts.
    public mutating func add(_ other: BulkSaveResult) {
        created += other.created
        updated += other.updated
        unchanged += other.unchanged
    }
}
