// SPDX-License-Identifier: Apache-2.0
import Foundation
import PostgresNIO
import StepwiseCore
import StepwiseStorage

extension PostgresStore {
    public func savePatient(
        _ record: PatientRecord, organizationID: String, expectedVersion: Int?, actor: String
    ) async throws -> StoredPatient {
        try RecordCoding.validate(record)
        let json = String(decoding: try RecordCoding.encode(record), as: UTF8.self)
        let now = clock.now()
        let id = record.id
        let version: Int? = try await transaction("save the patient") { connection in
            let current = try await connection.query(
                """
                SELECT version, record = \(json)::jsonb FROM patients
                WHERE organization_id = \(organizationID) AND id = \(id) FOR UPDATE
                """, logger: self.logger
            ).collect().first.map { try $0.decode((Int, Bool).self) }
            let newVersion: Int
            switch (current, expectedVersion) {
            case (.some, nil):
                throw StepwiseError(.conflict, "A patient with this id already exists.")
            case (nil, .some):
                throw StepwiseError(.notFound, "No such patient in this organisation.")
            case (.some(let stored), .some(let expected)) where stored.0 != expected:
                throw StepwiseError(
                    .conflict, "The patient was changed by someone else (version \(stored.0), expected \(expected)).")
            case (.some(let stored), .some):
                if stored.1 { return nil }
                newVersion = stored.0 + 1
                try await connection.query(
                    """
                    UPDATE patients SET version = \(newVersion), record = \(json)::jsonb,
                        updated_at = \(now), updated_by = \(actor)
                    WHERE organization_id = \(organizationID) AND id = \(id) AND version = \(stored.0)
                    """, logger: self.logger)
            case (nil, nil):
                newVersion = 1
                let inserted = try await connection.query(
                    """
                    INSERT INTO patients (organization_id, id, version, record, updated_at, updated_by)
                    VALUES (\(organizationID), \(id), 1, \(json)::jsonb, \(now), \(actor))
                    ON CONFLICT (organization_id, id) DO NOTHING RETURNING version
                    """, logger: self.logger
                ).collect()
                guard !inserted.isEmpty else {
                    throw StepwiseError(.conflict, "A patient with this id already exists.")
                }
            }
            try await connection.query(
                """
                INSERT INTO patient_versions (organization_id, id, version, record, updated_at, updated_by)
                VALUES (\(organizationID), \(id), \(newVersion), \(json)::jsonb, \(now), \(actor))
                """, logger: self.logger)
            return newVersion
        }
        guard let version else {
            guard let stored = try await patient(id: id, organizationID: organizationID) else {
                throw StepwiseError(.conflict, "The patient was deleted concurrently.")
            }
            return stored
        }
        return StoredPatient(
            organizationID: organizationID, id: id, version: version, record: record, updatedAt: now,
            updatedBy: actor)
    }

    /// One statement per batch: lock the existing rows, keep only changed records, upsert them
    /// and append history. A concurrent writer that slips in (a new patient created by another
    /// instance between lock and insert) makes the batch fail and retry.
    public func savePatients(_ records: [PatientRecord], organizationID: String, actor: String) async throws
        -> BulkSaveResult
    {
        let (ids, documents) = try Self.prepare(records)
        guard !ids.isEmpty else { return BulkSaveResult() }
        let now = clock.now()
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await transaction("save the patients") { connection in
                    try await self.upsert(
                        connection, ids: ids, documents: documents, organizationID: organizationID, actor: actor, now: now)
                }
            } catch let error as StepwiseError where error.code == .conflict && attempt < 5 {
                continue
            }
        }
    }

    public func savePatients(
        _ records: [PatientRecord], expectedVersions: [String: Int], organizationID: String, actor: String
    ) async throws -> BulkSaveResult {
        let (ids, documents) = try Self.prepare(records)
        guard !ids.isEmpty else { return BulkSaveResult() }
        let expected = ids.map { Int64(expectedVersions[$0] ?? 0) }
        let now = clock.now()
        return try await transaction("save the patients") { connection in
            let rows = try await connection.query(
                """
                WITH input AS (
                    SELECT t.id COLLATE "C" AS id, t.expected
                    FROM unnest(\(ids)::text[], \(expected)::int8[]) AS t(id, expected)
                ), current AS (
                    SELECT p.id, p.version FROM patients p JOIN input i ON p.id = i.id
                    WHERE p.organization_id = \(organizationID) FOR UPDATE OF p
                )
                SELECT count(*)::bigint FROM input i LEFT JOIN current c ON c.id = i.id
                WHERE COALESCE(c.version, 0) <> i.expected
                """, logger: self.logger
            ).collect()
            let stale = try rows.first?.decode(Int64.self) ?? 0
            guard stale == 0 else {
                throw StepwiseError(
                    .conflict, "\(stale) of \(ids.count) patients changed since they were read; re-read and retry.")
            }
            return try await self.upsert(
                connection, ids: ids, documents: documents, organizationID: organizationID, actor: actor, now: now)
        }
    }

    private static func prepare(_ records: [PatientRecord]) throws -> (ids: [String], documents: [String]) {
        try RecordCoding.validateBatch(records)
        var documents: [String] = []
        documents.reserveCapacity(records.count)
        for record in records { documents.append(String(decoding: try RecordCoding.encode(record), as: UTF8.self)) }
        return (records.map(\.id), documents)
    }

    private func upsert(
        _ connection: PostgresConnection, ids: [String], documents: [String], organizationID: String, actor: String,
        now: Date
    ) async throws -> BulkSaveResult {
        let rows = try await connection.query(
            """
            WITH input AS (
                SELECT t.id COLLATE "C" AS id, t.record::jsonb AS record
                FROM unnest(\(ids)::text[], \(documents)::text[]) AS t(id, record)
            ), current AS (
                SELECT p.id, p.version, p.record FROM patients p JOIN input i ON p.id = i.id
                WHERE p.organization_id = \(organizationID) FOR UPDATE OF p
            ), changed AS (
                SELECT i.id, i.record, COALESCE(c.version, 0) + 1 AS version, c.version IS NULL AS created
                FROM input i LEFT JOIN current c ON c.id = i.id
                WHERE c.id IS NULL OR c.record <> i.record
            ), upserted AS (
                INSERT INTO patients (organization_id, id, version, record, updated_at, updated_by)
                SELECT \(organizationID), id, version, record, \(now), \(actor) FROM changed
                ON CONFLICT (organization_id, id) DO UPDATE SET
                    version = excluded.version, record = excluded.record,
                    updated_at = excluded.updated_at, updated_by = excluded.updated_by
                WHERE patients.version = excluded.version - 1
                RETURNING 1
            ), history AS (
                INSERT INTO patient_versions (organization_id, id, version, record, updated_at, updated_by)
                SELECT \(organizationID), id, version, record, \(now), \(actor) FROM changed
                RETURNING 1
            )
            SELECT
                (SELECT count(*) FROM changed WHERE created)::bigint,
                (SELECT count(*) FROM changed WHERE NOT created)::bigint,
                (SELECT count(*) FROM upserted)::bigint,
                (SELECT count(*) FROM history)::bigint
            """, logger: logger
        ).collect()
        guard let row = rows.first else {
            throw StepwiseError(.unavailable, "Could not save the patients: no result.")
        }
        let (created, updated, upserted, _) = try row.decode((Int64, Int64, Int64, Int64).self)
        guard upserted == created + updated else {
            throw StepwiseError(.conflict, "A concurrent writer changed some of these patients; try again.")
        }
        return BulkSaveResult(created: Int(created), updated: Int(updated), unchanged: ids.count - Int(created + updated))
    }

    static func storedPatient(_ row: PostgresRow) throws -> StoredPatient {
        let (organizationID, id, version, json, updatedAt, updatedBy) = try row.decode(
            (String, String, Int, String, Date, String).self)
        return StoredPatient(
            organizationID: organizationID, id: id, version: version,
            record: try RecordCoding.decode(PatientRecord.self, from: Data(json.utf8), what: "patients"),
            updatedAt: updatedAt, updatedBy: updatedBy)
    }

    public func patient(id: String, organizationID: String) async throws -> StoredPatient? {
        try await rows(
            """
            SELECT organization_id, id, version, record::text, updated_at, updated_by FROM patients
            WHERE organization_id = \(organizationID) AND id = \(id)
            """, "read the patient"
        ).first.map(Self.storedPatient)
    }

    public func patients(ids: [String], organizationID: String) async throws -> [String: StoredPatient] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await rows(
            """
            SELECT organization_id, id, version, record::text, updated_at, updated_by FROM patients
            WHERE organization_id = \(organizationID) AND id = ANY(\(ids)::text[])
            """, "read patients")
        var found: [String: StoredPatient] = [:]
        for row in rows {
            let stored = try Self.storedPatient(row)
            found[stored.id] = stored
        }
        return found
    }

    public func patientVersions(id: String, organizationID: String) async throws -> [StoredPatient] {
        try await rows(
            """
            SELECT organization_id, id, version, record::text, updated_at, updated_by FROM patient_versions
            WHERE organization_id = \(organizationID) AND id = \(id) ORDER BY version
            """, "read the patient's history"
        ).map(Self.storedPatient)
    }

    public func listPatients(organizationID: String, search: String?, limit: Int, offset: Int) async throws
        -> [PatientListItem]
    {
        let needle = search.flatMap { $0.isEmpty ? nil : $0.lowercased() }
        return try await rows(
            """
            SELECT id, version, updated_at, updated_by FROM patients
            WHERE organization_id = \(organizationID)
                AND (\(needle)::text IS NULL OR strpos(lower(id), \(needle)::text) > 0)
            ORDER BY id LIMIT \(max(0, limit)) OFFSET \(max(0, offset))
            """, "list patients"
        ).map {
            let (id, version, updatedAt, updatedBy) = try $0.decode((String, Int, Date, String).self)
            return PatientListItem(id: id, version: version, updatedAt: updatedAt, updatedBy: updatedBy)
        }
    }

    public func patientCount(organizationID: String) async throws -> Int {
        let rows = try await rows(
            "SELECT count(*)::bigint FROM patients WHERE organization_id = \(organizationID)", "count patients")
        return Int(try rows.first?.decode(Int64.self) ?? 0)
    }

    public func patients(organizationID: String, after: String?, limit: Int) async throws -> [StoredPatient] {
        try await rows(
            """
            SELECT organization_id, id, version, record::text, updated_at, updated_by FROM patients
            WHERE organization_id = \(organizationID) AND (\(after)::text IS NULL OR id > \(after)::text)
            ORDER BY id LIMIT \(max(0, limit))
            """, "read patients"
        ).map(Self.storedPatient)
    }

    public func deletePatient(id: String, organizationID: String, expectedVersion: Int?) async throws {
        try await transaction("delete the patient") { connection in
            let current = try await connection.query(
                "SELECT version FROM patients WHERE organization_id = \(organizationID) AND id = \(id) FOR UPDATE",
                logger: self.logger
            ).collect().first.map { try $0.decode(Int.self) }
            guard let current else { throw StepwiseError(.notFound, "No such patient in this organisation.") }
            if let expectedVersion, expectedVersion != current {
                throw StepwiseError(.conflict, "The patient was changed by someone else.")
            }
            try await connection.query(
                "DELETE FROM patients WHERE organization_id = \(organizationID) AND id = \(id)", logger: self.logger)
            try await connection.query(
                "DELETE FROM patient_versions WHERE organization_id = \(organizationID) AND id = \(id)",
                logger: self.logger)
        }
    }

    public func saveRegistrySummary(_ summary: RegistrySummary, organizationID: String) async throws {
        let json = String(decoding: try RecordCoding.encode(summary), as: UTF8.self)
        let inserted = try await rows(
            """
            INSERT INTO registry_cache (organization_id, patient_id, version, summary)
            SELECT organization_id, id, \(summary.version), \(json)::jsonb FROM patients
            WHERE organization_id = \(organizationID) AND id = \(summary.patientID)
            ON CONFLICT (organization_id, patient_id) DO UPDATE SET
                version = excluded.version, summary = excluded.summary
            RETURNING 1
            """, "save the registry summary")
        guard !inserted.isEmpty else { throw StepwiseError(.notFound, "No such patient in this organisation.") }
    }

    public func registrySummaries(organizationID: String) async throws -> [RegistrySummary] {
        try await rows(
            """
            SELECT r.summary::text FROM registry_cache r
            JOIN patients p ON p.organization_id = r.organization_id AND p.id = r.patient_id
            WHERE r.organization_id = \(organizationID) AND p.version = r.version
            ORDER BY r.patient_id
            """, "read the registry"
        ).map {
            try RecordCoding.decode(RegistrySummary.self, from: Data(try $0.decode(String.self).utf8), what: "registry_cache")
        }
    }
}
