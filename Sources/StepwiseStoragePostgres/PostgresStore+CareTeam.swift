// SPDX-License-Identifier: Apache-2.0
import Foundation
import PostgresNIO
import StepwiseCore
import StepwiseStorage

extension PostgresStore {
    public func createFlag(_ flag: CareFlag) async throws {
        _ = try await rows(
            """
            INSERT INTO care_flags (id, organization_id, patient_id, kind, assigned_to, status, created_at, updated_at)
            VALUES (\(flag.id), \(flag.organizationID), \(flag.patientID), \(flag.kind), \(flag.assignedTo),
                \(flag.status.rawValue), \(flag.createdAt), \(flag.updatedAt))
            """, "create the flag")
    }

    static func flag(_ row: PostgresRow) throws -> CareFlag {
        let (id, organizationID, patientID, kind, assignedTo, status, createdAt, updatedAt) = try row.decode(
            (String, String, String, String, String?, String, Date, Date).self)
        guard let status = CareFlag.Status(rawValue: status) else {
            throw StepwiseError(.unavailable, "A stored flag has an unknown status.")
        }
        return CareFlag(
            id: id, organizationID: organizationID, patientID: patientID, kind: kind, assignedTo: assignedTo,
            status: status, createdAt: createdAt, updatedAt: updatedAt)
    }

    public func updateFlag(id: String, organizationID: String, status: CareFlag.Status, assignedTo: String?, at: Date)
        async throws -> CareFlag
    {
        let rows = try await rows(
            """
            UPDATE care_flags SET status = \(status.rawValue), assigned_to = \(assignedTo), updated_at = \(at)
            WHERE id = \(id) AND organization_id = \(organizationID)
            RETURNING id, organization_id, patient_id, kind, assigned_to, status, created_at, updated_at
            """, "update the flag")
        guard let row = rows.first else { throw StepwiseError(.notFound, "No such flag in this organisation.") }
        return try Self.flag(row)
    }

    public func flags(
        organizationID: String, patientID: String?, assignedTo: String?, kind: String?, status: CareFlag.Status?
    ) async throws -> [CareFlag] {
        let status = status?.rawValue
        return try await rows(
            """
            SELECT id, organization_id, patient_id, kind, assigned_to, status, created_at, updated_at
            FROM care_flags WHERE organization_id = \(organizationID)
                AND (\(patientID)::text IS NULL OR patient_id = \(patientID)::text)
                AND (\(assignedTo)::text IS NULL OR assigned_to = \(assignedTo)::text)
                AND (\(kind)::text IS NULL OR kind = \(kind)::text)
                AND (\(status)::text IS NULL OR status = \(status)::text)
            ORDER BY created_at DESC, seq DESC
            """, "list flags"
        ).map(Self.flag)
    }

    public func addNote(_ note: CareNote) async throws {
        _ = try await rows(
            """
            INSERT INTO care_notes (id, organization_id, patient_id, author_id, text, created_at)
            VALUES (\(note.id), \(note.organizationID), \(note.patientID), \(note.authorID), \(note.text), \(note.createdAt))
            """, "add the note")
    }

    public func notes(organizationID: String, patientID: String) async throws -> [CareNote] {
        try await rows(
            """
            SELECT id, organization_id, patient_id, author_id, text, created_at FROM care_notes
            WHERE organization_id = \(organizationID) AND patient_id = \(patientID)
            ORDER BY created_at, seq
            """, "read the notes"
        ).map {
            let (id, organizationID, patientID, authorID, text, createdAt) = try $0.decode(
                (String, String, String, String, String, Date).self)
            return CareNote(
                id: id, organizationID: organizationID, patientID: patientID, authorID: authorID, text: text,
                createdAt: createdAt)
        }
    }
}
