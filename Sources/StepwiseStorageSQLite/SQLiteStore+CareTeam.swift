// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB
import StepwiseCore
import StepwiseStorage

extension SQLiteStore {
    public func createFlag(_ flag: CareFlag) async throws {
        try await write("create the flag") { db in
            try db.execute(
                sql: """
                    INSERT INTO care_flags (id, organization_id, patient_id, kind, assigned_to, status, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    flag.id, flag.organizationID, flag.patientID, flag.kind, flag.assignedTo, flag.status.rawValue,
                    flag.createdAt.sqliteSeconds, flag.updatedAt.sqliteSeconds,
                ])
        }
    }

    static func flag(_ row: Row) throws -> CareFlag {
        guard let status = CareFlag.Status(rawValue: row["status"]) else {
            throw StepwiseError(.unavailable, "A stored flag has an unknown status.")
        }
        return CareFlag(
            id: row["id"], organizationID: row["organization_id"], patientID: row["patient_id"], kind: row["kind"],
            assignedTo: row["assigned_to"], status: status, createdAt: Date(sqliteSeconds: row["created_at"]),
            updatedAt: Date(sqliteSeconds: row["updated_at"]))
    }

    public func updateFlag(id: String, organizationID: String, status: CareFlag.Status, assignedTo: String?, at: Date)
        async throws -> CareFlag
    {
        try await write("update the flag") { db in
            try db.execute(
                sql: """
                    UPDATE care_flags SET status = ?, assigned_to = ?, updated_at = ?
                    WHERE id = ? AND organization_id = ?
                    """,
                arguments: [status.rawValue, assignedTo, at.sqliteSeconds, id, organizationID])
            guard db.changesCount == 1,
                let row = try Row.fetchOne(db, sql: "SELECT * FROM care_flags WHERE id = ?", arguments: [id])
            else { throw StepwiseError(.notFound, "No such flag in this organisation.") }
            return try Self.flag(row)
        }
    }

    public func flags(
        organizationID: String, patientID: String?, assignedTo: String?, kind: String?, status: CareFlag.Status?
    ) async throws -> [CareFlag] {
        try await read("list flags") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM care_flags WHERE organization_id = ?
                    AND (? IS NULL OR patient_id = ?) AND (? IS NULL OR assigned_to = ?)
                    AND (? IS NULL OR kind = ?) AND (? IS NULL OR status = ?)
                    ORDER BY created_at DESC, rowid DESC
                    """,
                arguments: [
                    organizationID, patientID, patientID, assignedTo, assignedTo, kind, kind, status?.rawValue,
                    status?.rawValue,
                ]
            ).map(Self.flag)
        }
    }

    public func addNote(_ note: CareNote) async throws {
        try await write("add the note") { db in
            try db.execute(
                sql: """
                    INSERT INTO care_notes (id, organization_id, patient_id, author_id, text, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    note.id, note.organizationID, note.patientID, note.authorID, note.text, note.createdAt.sqliteSeconds,
                ])
        }
    }

    public func notes(organizationID: String, patientID: String) async throws -> [CareNote] {
        try await read("read the notes") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM care_notes WHERE organization_id = ? AND patient_id = ?
                    ORDER BY created_at, rowid
                    """,
                arguments: [organizationID, patientID]
            ).map {
                CareNote(
                    id: $0["id"], organizationID: $0["organization_id"], patientID: $0["patient_id"],
                    authorID: $0["author_id"], text: $0["text"], createdAt: Date(sqliteSeconds: $0["created_at"]))
            }
        }
    }
}
