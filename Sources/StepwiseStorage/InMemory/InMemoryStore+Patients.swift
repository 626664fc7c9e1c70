// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

extension InMemoryStore {
    public func savePatient(
        _ record: PatientRecord, organizationID: String, expectedVersion: Int?, actor: String
    ) async throws -> StoredPatient {
        try RecordCoding.validate(record)
        let key = PatientKey(organizationID: organizationID, id: record.id)
        let encoded = try RecordCoding.encode(record)
        let current = patientsByKey[key]
        switch (current, expectedVersion) {
        case (.some, nil):
            throw StepwiseError(.conflict, "A patient with this id already exists.")
        case (nil, .some):
            throw StepwiseError(.notFound, "No such patient in this organisation.")
        case (.some(let stored), .some(let expected)) where stored.version != expected:
            throw StepwiseError(
                .conflict, "The patient was changed by someone else (version \(stored.version), expected \(expected)).")
        case (.some(let stored), .some):
            if encodedByKey[key] == encoded { return stored }
            return write(record, encoded: encoded, key: key, version: stored.version + 1, actor: actor)
        case (nil, nil):
            return write(record, encoded: encoded, key: key, version: 1, actor: actor)
        }
    }

    public func savePatients(_ records: [PatientRecord], organizationID: String, actor: String) async throws
        -> BulkSaveResult
    {
        var prepared: [(PatientRecord, Data)] = []
        prepared.reserveCapacity(records.count)
        try RecordCoding.validateBatch(records)
        for record in records {
            prepared.append((record, try RecordCoding.encode(record)))
        }
        var result = BulkSaveResult()
        for (record, encoded) in prepared {
            let key = PatientKey(organizationID: organizationID, id: record.id)
            if let stored = patientsByKey[key] {
                if encodedByKey[key] == encoded {
                    result.unchanged += 1
                } else {
                    _ = write(record, encoded: encoded, key: key, version: stored.version + 1, actor: actor)
                    result.updated += 1
                }
            } else {
                _ = write(record, encoded: encoded, key: key, version: 1, actor: actor)
                result.created += 1
            }
        }
        return result
    }

    public func savePatients(
        _ records: [PatientRecord], expectedVersions: [String: Int], organizationID: String, actor: String
    ) async throws -> BulkSaveResult {
        try RecordCoding.validateBatch(records)
        let stale = records.filter {
            patientsByKey[PatientKey(organizationID: organizationID, id: $0.id)]?.version != expectedVersions[$0.id]
        }
        guard stale.isEmpty else {
            throw StepwiseError(
                .conflict, "\(stale.count) of \(records.count) patients changed since they were read; re-read and retry.")
        }
        return try await savePatients(records, organizationID: organizationID, actor: actor)
    }

    public func patients(ids: [String], organizationID: String) async throws -> [String: StoredPatient] {
        var found: [String: StoredPatient] = [:]
        for id in ids {
            if let stored = patientsByKey[PatientKey(organizationID: organizationID, id: id)] { found[id] = stored }
        }
        return found
    }

    private func write(_ record: PatientRecord, encoded: Data, key: PatientKey, version: Int, actor: String)
        -> StoredPatient
    {
        let stored = StoredPatient(
            organizationID: key.organizationID, id: key.id, version: version, record: record,
            updatedAt: clock.now(), updatedBy: actor)
        patientsByKey[key] = stored
        encodedByKey[key] = encoded
        historyByKey[key, default: []].append(stored)
        return stored
    }

    public func patient(id: String, organizationID: String) async throws -> StoredPatient? {
        patientsByKey[PatientKey(organizationID: organizationID, id: id)]
    }

    public func patientVersions(id: String, organizationID: String) async throws -> [StoredPatient] {
        historyByKey[PatientKey(organizationID: organizationID, id: id)] ?? []
    }

    public func listPatients(organizationID: String, search: String?, limit: Int, offset: Int) async throws
        -> [PatientListItem]
    {
        let needle = search.flatMap { $0.isEmpty ? nil : $0.lowercased() }
        return patientsByKey.values
            .filter { $0.organizationID == organizationID }
            .filter { needle == nil || $0.id.lowercased().contains(needle!) }
            .sorted { $0.id < $1.id }
            .dropFirst(max(0, offset))
            .prefix(max(0, limit))
            .map { PatientListItem(id: $0.id, version: $0.version, updatedAt: $0.updatedAt, updatedBy: $0.updatedBy) }
    }

    public func patientCount(organizationID: String) async throws -> Int {
        patientsByKey.keys.filter { $0.organizationID == organizationID }.count
    }

    public func patients(organizationID: String, after: String?, limit: Int) async throws -> [StoredPatient] {
        patientsByKey.values
            .filter { $0.organizationID == organizationID && (after == nil || $0.id > after!) }
            .sorted { $0.id < $1.id }
            .prefix(max(0, limit))
            .map { $0 }
    }

    public func deletePatient(id: String, organizationID: String, expectedVersion: Int?) async throws {
        let key = PatientKey(organizationID: organizationID, id: id)
        guard let stored = patientsByKey[key] else {
            throw StepwiseError(.notFound, "No such patient in this organisation.")
        }
        if let expectedVersion, expectedVersion != stored.version {
            throw StepwiseError(.conflict, "The patient was changed by someone else.")
        }
        patientsByKey[key] = nil
        encodedByKey[key] = nil
        historyByKey[key] = nil
        registryByKey[key] = nil
        let removedFlags = Set(flagsByID.values.filter { $0.organizationID == organizationID && $0.patientID == id }.map(\.id))
        for flagID in removedFlags { flagsByID[flagID] = nil }
        flagOrder.removeAll { removedFlags.contains($0) }
        notesList.removeAll { $0.organizationID == organizationID && $0.patientID == id }
    }

    public func saveRegistrySummary(_ summary: RegistrySummary, organizationID: String) async throws {
        let key = PatientKey(organizationID: organizationID, id: summary.patientID)
        guard patientsByKey[key] != nil else {
            throw StepwiseError(.notFound, "No such patient in this organisation.")
        }
        registryByKey[key] = summary
    }

    public func registrySummaries(organizationID: String) async throws -> [RegistrySummary] {
        registryByKey
            .filter { $0.key.organizationID == organizationID && patientsByKey[$0.key]?.version == $0.value.version }
            .map(\.value)
            .sorted { $0.patientID < $1.patientID }
    }
}
