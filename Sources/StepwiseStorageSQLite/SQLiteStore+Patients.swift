// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB
import StepwiseCore
import StepwiseStorage

extension SQLiteStore {
    public func savePatient(
        _ record: PatientRecord, organizationID: String, expectedVersion: Int?, actor: String
    ) async throws -> StoredPatient {
        try RecordCoding.validate(record)
        let encoded = try RecordCoding.encode(record)
        let now = clock.now()
        let result: StoredPatient? = try await write("save the patient") { db in
            let current = try Self.currentVersion(db, organizationID: organizationID, id: record.id)
            switch (current, expectedVersion) {
            case (.some, nil):
                throw StepwiseError(.conflict, "A patient with this id already exists.")
            case (nil, .some):
                throw StepwiseError(.notFound, "No such patient in this organisation.")
            case (.some(let stored), .some(let expected)) where stored.version != expected:
                throw StepwiseError(
                    .conflict,
                    "The patient was changed by someone else (version \(stored.version), expected \(expected)).")
            case (.some(let stored), .some):
                if stored.record == encoded { return nil }
                try Self.write(
                    db, organizationID: organizationID, id: record.id, version: stored.version + 1, record: encoded,
                    at: now, actor: actor)
                return StoredPatient(
                    organizationID: organizationID, id: record.id, version: stored.version + 1, record: record,
                    updatedAt: now, updatedBy: actor)
            case (nil, nil):
                try Self.write(
                    db, organizationID: organizationID, id: record.id, version: 1, record: encoded, at: now,
                    actor: actor)
                return StoredPatient(
                    organizationID: organizationID, id: record.id, version: 1, record: record, updatedAt: now,
                    updatedBy: actor)
            }
        }
        if let result { return result }
        // Identical record: return what is stored.
        guard let stored = try await patient(id: record.id, organizationID: organizationID) else {
            throw StepwiseError(.conflict, "The patient was deleted concurrently.")
        }
        return stored
    }

    public func savePatients(_ records: [PatientRecord], organizationID: String, actor: String) async throws
        -> BulkSaveResult
    {
        try await savePatients(records, expectedVersions: nil, organizationID: organizationID, actor: actor)
    }

    public func savePatients(
        _ records: [PatientRecord], expectedVersions: [String: Int], organizationID: String, actor: String
    ) async throws -> BulkSaveResult {
        try await savePatients(records, expectedVersions: .some(expectedVersions), organizationID: organizationID, actor: actor)
    }

    private func savePatients(
        _ records: [PatientRecord], expectedVersions: [String: Int]?, organizationID: String, actor: String
    ) async throws -> BulkSaveResult {
        var prepared: [(id: String, record: Data)] = []
        prepared.reserveCapacity(records.count)
        try RecordCoding.validateBatch(records)
        for record in records {
            prepared.append((record.id, try RecordCoding.encode(record)))
        }
        // Written in key order (SQLite compares TEXT keys byte by byte): each B-tree leaf is
        // visited once per transaction instead of being evicted from the page cache and read
        // again (on a 10 000-patient import: a third fewer page reads and writes, no extra
        // memory). The order does not change what is stored or the counts.
        prepared.sort { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        let batch = prepared
        let now = clock.now()
        return try await writeDeferringCheckpoint("save the patients") { db in
            // One pass: each stored row is read once, checked against the expected version and
            // written. Ids are unique in a batch (validated above), so a write never changes a row
            // checked later. Once a stale patient is met, the rest are only counted, and the
            // conflict rolls back the whole transaction, so nothing of the batch is written.
            var result = BulkSaveResult()
            var stale = 0
            for (id, encoded) in batch {
                let stored = try Self.currentVersion(db, organizationID: organizationID, id: id)
                if let expectedVersions, stored?.version != expectedVersions[id] {
                    stale += 1
                    continue
                }
                guard stale == 0 else { continue }
                if let stored {
                    if stored.record == encoded {
                        result.unchanged += 1
                    } else {
                        try Self.write(
                            db, organizationID: organizationID, id: id, version: stored.version + 1, record: encoded,
                            at: now, actor: actor)
                        result.updated += 1
                    }
                } else {
                    try Self.write(
                        db, organizationID: organizationID, id: id, version: 1, record: encoded, at: now, actor: actor)
                    result.created += 1
                }
            }
            guard stale == 0 else {
                throw StepwiseError(
                    .conflict, "\(stale) of \(batch.count) patients changed since they were read; re-read and retry.")
            }
            return result
        }
    }

    /// WAL frames (pages) a bulk save lets the WAL grow to before its commit copies them into the
    /// database file (SQLite's automatic checkpoint; other writes keep SQLite's 1 000).
    ///
    /// A bulk save's patients are spread over the whole key space, so each of an import's saves
    /// rewrites most leaf pages of both patient tables: checkpointing after every save (its WAL is
    /// always over 1 000 pages) copied each page into the database file once per save as well. With
    /// this threshold the pages of several saves are checkpointed once (on the import benchmark's
    /// 10 000 patients: database-file writes 173 MB → 74 MB, the WAL unchanged). The WAL file
    /// still stays bounded (about this many pages plus one save, 256 MiB with 16 KiB pages) and
    /// is checkpointed when the store closes. Durability is the WAL's: a commit is synced
    /// (`synchronous = FULL`) whether or not a checkpoint follows.
    static var bulkSaveCheckpointPages: Int { 16_384 }

    /// ``write(_:_:)`` with SQLite's automatic checkpoint threshold raised to
    /// ``bulkSaveCheckpointPages`` for this transaction's commit, and restored afterwards.
    func writeDeferringCheckpoint<T: Sendable>(
        _ doing: String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            return try await pool.writeWithoutTransaction { db in
                let previous = try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") ?? 1_000
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.bulkSaveCheckpointPages)")
                defer { try? db.execute(sql: "PRAGMA wal_autocheckpoint = \(previous)") }
                var result: T?
                try db.inTransaction {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw StepwiseError(.unavailable, "Could not \(doing).") }
                return result
            }
        } catch {
            throw SQLiteStore.map(error, doing: doing)
        }
    }

    static func currentVersion(_ db: Database, organizationID: String, id: String) throws -> (version: Int, record: Data)? {
        let statement = try db.cachedStatement(
            sql: "SELECT version, record FROM patients WHERE organization_id = ? AND id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [organizationID, id]) else { return nil }
        return (row[0], row[1])
    }

    static func write(
        _ db: Database, organizationID: String, id: String, version: Int, record: Data, at: Date, actor: String
    ) throws {
        let arguments: StatementArguments = [organizationID, id, version, record, at.sqliteSeconds, actor]
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO patients (organization_id, id, version, record, updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (organization_id, id) DO UPDATE SET
                    version = excluded.version, record = excluded.record,
                    updated_at = excluded.updated_at, updated_by = excluded.updated_by
                """)
        try upsert.execute(arguments: arguments)
        let history = try db.cachedStatement(
            sql: """
                INSERT INTO patient_versions (organization_id, id, version, record, updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
        try history.execute(arguments: arguments)
    }

    static func storedPatient(_ row: Row) throws -> StoredPatient {
        let data: Data = row["record"]
        return StoredPatient(
            organizationID: row["organization_id"], id: row["id"], version: row["version"],
            record: try RecordCoding.decode(PatientRecord.self, from: data, what: "patients"),
            updatedAt: Date(sqliteSeconds: row["updated_at"]), updatedBy: row["updated_by"])
    }

    public func patient(id: String, organizationID: String) async throws -> StoredPatient? {
        try await read("read the patient") { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM patients WHERE organization_id = ? AND id = ?",
                arguments: [organizationID, id]
            ).map(Self.storedPatient)
        }
    }

    public func patients(ids: [String], organizationID: String) async throws -> [String: StoredPatient] {
        try await read("read patients") { db in
            let statement = try db.cachedStatement(sql: "SELECT * FROM patients WHERE organization_id = ? AND id = ?")
            var found: [String: StoredPatient] = [:]
            // Looked up in key order (each B-tree page read once), as the bulk save writes.
            for id in ids.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                if let row = try Row.fetchOne(statement, arguments: [organizationID, id]) {
                    found[id] = try Self.storedPatient(row)
                }
            }
            return found
        }
    }

    public func patientVersions(id: String, organizationID: String) async throws -> [StoredPatient] {
        try await read("read the patient's history") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM patient_versions WHERE organization_id = ? AND id = ? ORDER BY version",
                arguments: [organizationID, id]
            ).map(Self.storedPatient)
        }
    }

    public func listPatients(organizationID: String, search: String?, limit: Int, offset: Int) async throws
        -> [PatientListItem]
    {
        let needle = search.flatMap { $0.isEmpty ? nil : $0.lowercased() }
        return try await read("list patients") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, version, updated_at, updated_by FROM patients
                    WHERE organization_id = ? AND (? IS NULL OR instr(lower(id), ?) > 0)
                    ORDER BY id LIMIT ? OFFSET ?
                    """,
                arguments: [organizationID, needle, needle, max(0, limit), max(0, offset)]
            ).map {
                PatientListItem(
                    id: $0["id"], version: $0["version"], updatedAt: Date(sqliteSeconds: $0["updated_at"]),
                    updatedBy: $0["updated_by"])
            }
        }
    }

    public func patientCount(organizationID: String) async throws -> Int {
        try await read("count patients") { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM patients WHERE organization_id = ?", arguments: [organizationID]) ?? 0
        }
    }

    public func patients(organizationID: String, after: String?, limit: Int) async throws -> [StoredPatient] {
        try await read("read patients") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM patients WHERE organization_id = ? AND (? IS NULL OR id > ?)
                    ORDER BY id LIMIT ?
                    """,
                arguments: [organizationID, after, after, max(0, limit)]
            ).map(Self.storedPatient)
        }
    }

    public func deletePatient(id: String, organizationID: String, expectedVersion: Int?) async throws {
        try await write("delete the patient") { db in
            guard let current = try Self.currentVersion(db, organizationID: organizationID, id: id) else {
                throw StepwiseError(.notFound, "No such patient in this organisation.")
            }
            if let expectedVersion, expectedVersion != current.version {
                throw StepwiseError(.conflict, "The patient was changed by someone else.")
            }
            let arguments: StatementArguments = [organizationID, id]
            try db.execute(sql: "DELETE FROM patients WHERE organization_id = ? AND id = ?", arguments: arguments)
            try db.execute(
                sql: "DELETE FROM patient_versions WHERE organization_id = ? AND id = ?", arguments: arguments)
        }
    }

    public func saveRegistrySummary(_ summary: RegistrySummary, organizationID: String) async throws {
        let encoded = try RecordCoding.encode(summary)
        try await write("save the registry summary") { db in
            guard try Self.currentVersion(db, organizationID: organizationID, id: summary.patientID) != nil else {
                throw StepwiseError(.notFound, "No such patient in this organisation.")
            }
            try db.execute(
                sql: """
                    INSERT INTO registry_cache (organization_id, patient_id, version, summary) VALUES (?, ?, ?, ?)
                    ON CONFLICT (organization_id, patient_id) DO UPDATE SET
                        version = excluded.version, summary = excluded.summary
                    """,
                arguments: [organizationID, summary.patientID, summary.version, encoded])
        }
    }

    public func registrySummaries(organizationID: String) async throws -> [RegistrySummary] {
        try await read("read the registry") { db in
            try Data.fetchAll(
                db,
                sql: """
                    SELECT r.summary FROM registry_cache r
                    JOIN patients p ON p.organization_id = r.organization_id AND p.id = r.patient_id
                    WHERE r.organization_id = ? AND p.version = r.version
                    ORDER BY r.patient_id
                    """,
                arguments: [organizationID]
            ).map { try RecordCoding.decode(RegistrySummary.self, from: $0, what: "registry_cache") }
        }
    }
}
