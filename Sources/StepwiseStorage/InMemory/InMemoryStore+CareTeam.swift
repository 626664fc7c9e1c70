// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

extension InMemoryStore {
    public func createFlag(_ flag: CareFlag) async throws {
        guard patientsByKey[PatientKey(organizationID: flag.organizationID, id: flag.patientID)] != nil else {
            throw StepwiseError(.notFound, "No such patient in this organisation.")
        }
        guard flagsByID[flag.id] == nil else { throw StepwiseError(.conflict, "A flag with this id already exists.") }
        flagsByID[flag.id] = flag
        flagOrder.append(flag.id)
    }

    public func updateFlag(id: String, organizationID: String, status: CareFlag.Status, assignedTo: String?, at: Date)
        async throws -> CareFlag
    {
        guard var flag = flagsByID[id], flag.organizationID == organizationID else {
            throw StepwiseError(.notFound, "No such flag in this organisation.")
        }
        flag.status = status
        flag.assignedTo = assignedTo
        flag.updatedAt = at
        flagsByID[id] = flag
        return flag
    }

    public func flags(
        organizationID: String, patientID: String?, assignedTo: String?, kind: String?, status: CareFlag.Status?
    ) async throws -> [CareFlag] {
        flagOrder.reversed().compactMap { flagsByID[$0] }.filter { flag in
            flag.organizationID == organizationID && (patientID == nil || flag.patientID == patientID)
                && (assignedTo == nil || flag.assignedTo == assignedTo) && (kind == nil || flag.kind == kind)
                && (status == nil || flag.status == status)
        }
        .sorted { $0.createdAt > $1.createdAt }
    }

    public func addNote(_ note: CareNote) async throws {
        guard patientsByKey[PatientKey(organizationID: note.organizationID, id: note.patientID)] != nil else {
            throw StepwiseError(.notFound, "No such patient in this organisation.")
        }
        guard !notesList.contains(where: { $0.id == note.id }) else {
            throw StepwiseError(.conflict, "A note with this id already exists.")
        }
        notesList.append(note)
    }

    public func notes(organizationID: String, patientID: String) async throws -> [CareNote] {
        notesList.filter { $0.organizationID == organizationID && $0.patientID == patientID }
            .sorted { $0.createdAt < $1.createdAt }
    }
}
