// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// Versioned patient documents, scoped to an organisation.
///
/// Every method takes the organisation: a patient of organisation A is invisible to B
/// (reads return `nil`/empty, writes throw `.notFound`, a create with the same id is
/// independent). Errors are `StepwiseError`: `.conflict` (stale version, or create of an
/// existing patient), `.notFound`, `.invalidInput`, `.unavailable` (database unreachable).
public protocol PatientStore: Sendable {
    /// Creates or updates one patient with optimistic concurrency.
    ///
    /// - `expectedVersion == nil` creates the patient at version 1 and throws `.conflict` if it
    ///   exists. Otherwise the stored version must equal `expectedVersion` (else `.conflict`,
    ///   or `.notFound` if there is no such patient); the new version is `expectedVersion + 1`.
    /// - Saving a record identical to the stored one returns the stored version unchanged.
    /// - Every new version is also appended to the patient's history.
    func savePatient(
        _ record: PatientRecord, organizationID: String, expectedVersion: Int?, actor: String
    ) async throws -> StoredPatient

    /// Creates or overwrites many patients in one transaction (bulk import).
    ///
    /// Idempotent: a record identical to the stored one is counted `unchanged` and keeps its
    /// version. A changed record gets a new version (last writer wins: no expected version).
    /// A batch that names the same patient twice is rejected with `.invalidInput`.
    func savePatients(_ records: [PatientRecord], organizationID: String, actor: String) async throws
        -> BulkSaveResult

    /// Bulk save with optimistic concurrency, for read-merge-write importers.
    ///
    /// `expectedVersions[id]` is the version the caller read and merged into; an id absent from
    /// the dictionary means "the patient must not exist yet". If any stored version differs, nothing
    /// is saved and `.conflict` is thrown (re-read with `patients(ids:…)`, re-merge, retry). Identical
    /// records count as `unchanged`. Duplicate ids are rejected as in `savePatients`.
    func savePatients(
        _ records: [PatientRecord], expectedVersions: [String: Int], organizationID: String, actor: String
    ) async throws -> BulkSaveResult

    /// The current version of a patient, or `nil` if the organisation has no such patient.
    func patient(id: String, organizationID: String) async throws -> StoredPatient?

    /// The current versions of the given patients that exist, keyed by id (one round trip).
    func patients(ids: [String], organizationID: String) async throws -> [String: StoredPatient]

    /// Every stored version of a patient, oldest first (empty if unknown).
    func patientVersions(id: String, organizationID: String) async throws -> [StoredPatient]

    /// Patient list rows sorted by id, optionally only ids containing `search`
    /// (case-insensitive), paged by `limit`/`offset`.
    func listPatients(organizationID: String, search: String?, limit: Int, offset: Int) async throws
        -> [PatientListItem]

    /// How many patients the organisation has.
    func patientCount(organizationID: String) async throws -> Int

    /// Current versions of patients with ids greater than `after`, sorted by id, at most
    /// `limit` (keyset paging for export and registry rebuilds).
    func patients(organizationID: String, after: String?, limit: Int) async throws -> [StoredPatient]

    /// Erases a patient: the current record, its history, registry cache, flags and notes.
    /// Throws `.notFound` if unknown, `.conflict` if `expectedVersion` is given and stale.
    /// The caller records the deletion in the audit log.
    func deletePatient(id: String, organizationID: String, expectedVersion: Int?) async throws

    /// Caches registry columns for a patient version (replacing an older cache entry).
    /// Throws `.notFound` if the organisation has no such patient.
    func saveRegistrySummary(_ summary: RegistrySummary, organizationID: String) async throws

    /// Caches registry columns for many patients in one transaction (the registry's rebuild at
    /// start-up and after midnight writes pages of 500 rows, one commit each instead of one per row).
    /// Rows of patients the organisation no longer has (erased meanwhile) are skipped, not an error.
    /// Returns how many rows were saved.
    @discardableResult
    func saveRegistrySummaries(_ summaries: [RegistrySummary], organizationID: String) async throws -> Int

    /// Cached registry rows whose version is the patient's current version, sorted by patient id.
    func registrySummaries(organizationID: String) async throws -> [RegistrySummary]
}

extension PatientStore {
    /// Saves each row on its own (for stores without a batch write); skips erased patients.
    @discardableResult
    public func saveRegistrySummaries(_ summaries: [RegistrySummary], organizationID: String) async throws -> Int {
        var saved = 0
        for summary in summaries {
            do {
                try await saveRegistrySummary(summary, organizationID: organizationID)
                saved += 1
            } catch let error as StepwiseError where error.code == .notFound {
                continue
            }
        }
        return saved
    }

    /// Patient list rows sorted by id (first 100 by default).
    public func listPatients(organizationID: String, search: String? = nil, limit: Int = 100) async throws
        -> [PatientListItem]
    {
        try await listPatients(organizationID: organizationID, search: search, limit: limit, offset: 0)
    }

    /// Updates a patient by applying `change` to the current record, retrying on conflict.
    ///
    /// For callers that hold no version (scripts, tests); interactive edits should send the
    /// version the clinician saw and surface the conflict instead.
    public func updatePatient(
        id: String, organizationID: String, actor: String, maxAttempts: Int = 50,
        _ change: @Sendable (inout PatientRecord) throws -> Void
    ) async throws -> StoredPatient {
        var lastError: StepwiseError?
        for _ in 0..<max(1, maxAttempts) {
            guard let current = try await patient(id: id, organizationID: organizationID) else {
                throw StepwiseError(.notFound, "No such patient in this organisation.")
            }
            var record = current.record
            try change(&record)
            do {
                return try await savePatient(
                    record, organizationID: organizationID, expectedVersion: current.version, actor: actor)
            } catch let error as StepwiseError where error.code == .conflict {
                lastError = error
            }
        }
        throw lastError ?? StepwiseError(.conflict, "The patient kept changing; try again.")
    }
}
