// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import StepwiseStorage
import Testing

/// "No data crosses organisations": organisation B can never see or change A's patient.
@Suite struct OrganizationIsolationTests {
    @Test(arguments: Backend.available)
    func anotherOrganisationCannotReadOrChangeAPatient(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let a = Fixtures.organizationID()
            let b = Fixtures.organizationID()
            _ = try await store.savePatient(Fixtures.record("p1", phq9: [22]), organizationID: a, expectedVersion: nil, actor: "ua")
            try await store.addNote(CareNote(organizationID: a, patientID: "p1", authorID: "ua", text: "A only", createdAt: Fixtures.t0))
            let flag = CareFlag(organizationID: a, patientID: "p1", kind: CareFlag.psychiatricReview, createdAt: Fixtures.t0)
            try await store.createFlag(flag)
            try await store.saveRegistrySummary(
                RegistrySummary(patientID: "p1", version: 1, asOf: LocalDate(year: 2026, month: 1, day: 9)!), organizationID: a)

            #expect(try await store.patient(id: "p1", organizationID: b) == nil)
            #expect(try await store.patientVersions(id: "p1", organizationID: b).isEmpty)
            #expect(try await store.listPatients(organizationID: b).isEmpty)
            #expect(try await store.patients(organizationID: b, after: nil, limit: 10).isEmpty)
            #expect(try await store.patientCount(organizationID: b) == 0)
            #expect(try await store.notes(organizationID: b, patientID: "p1").isEmpty)
            #expect(try await store.flags(organizationID: b, patientID: nil, assignedTo: nil, kind: nil, status: nil).isEmpty)
            #expect(try await store.psychiatricReviewList(organizationID: b).isEmpty)
            #expect(try await store.registrySummaries(organizationID: b).isEmpty)

            let update = await #expect(throws: StepwiseError.self) {
                try await store.savePatient(Fixtures.record("p1", phq9: [0]), organizationID: b, expectedVersion: 1, actor: "ub")
            }
            #expect(update?.code == .notFound)
            let delete = await #expect(throws: StepwiseError.self) {
                try await store.deletePatient(id: "p1", organizationID: b, expectedVersion: nil)
            }
            #expect(delete?.code == .notFound)
            let flagUpdate = await #expect(throws: StepwiseError.self) {
                try await store.updateFlag(id: flag.id, organizationID: b, status: .dismissed, assignedTo: "ub", at: Fixtures.t0)
            }
            #expect(flagUpdate?.code == .notFound)
            let note = await #expect(throws: StepwiseError.self) {
                try await store.addNote(CareNote(organizationID: b, patientID: "p1", authorID: "ub", text: "x", createdAt: Fixtures.t0))
            }
            #expect(note?.code == .notFound)
            let summary = await #expect(throws: StepwiseError.self) {
                try await store.saveRegistrySummary(
                    RegistrySummary(patientID: "p1", version: 1, asOf: LocalDate(year: 2026, month: 1, day: 9)!), organizationID: b)
            }
            #expect(summary?.code == .notFound)

            // B may hold its own patient with the same id; both stay independent.
            _ = try await store.savePatient(Fixtures.record("p1", phq9: [5]), organizationID: b, expectedVersion: nil, actor: "ub")
            _ = try await store.savePatients([Fixtures.record("p1", phq9: [6])], organizationID: b, actor: "ub")
            let ofA = try #require(try await store.patient(id: "p1", organizationID: a))
            #expect(ofA.version == 1)
            #expect(ofA.record == Fixtures.record("p1", phq9: [22]))
            #expect(try await store.patient(id: "p1", organizationID: b)?.version == 2)
            #expect(try await store.flags(organizationID: a, patientID: "p1", assignedTo: nil, kind: nil, status: .open) == [flag])
            #expect(try await store.notes(organizationID: a, patientID: "p1").map(\.text) == ["A only"])
        }
    }

    @Test(arguments: Backend.available)
    func auditEventsAreListedOnlyForTheirOrganisation(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let a = Fixtures.organizationID()
            let b = Fixtures.organizationID()
            try await store.appendAudit(AuditEvent(at: Fixtures.t0, organizationID: a, userID: "ua", action: .read, resourceType: "patient", resourceID: "p1"))
            try await store.appendAudit(AuditEvent(at: Fixtures.t0, organizationID: b, userID: "ub", action: .read, resourceType: "patient", resourceID: "p1"))
            #expect(try await store.auditEvents(organizationID: a, after: nil, limit: 10).map(\.userID) == ["ua"])
            #expect(try await store.auditEvents(organizationID: b, after: nil, limit: 10).map(\.userID) == ["ub"])
        }
    }
}
