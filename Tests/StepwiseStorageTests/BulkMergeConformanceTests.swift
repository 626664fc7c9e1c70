// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import StepwiseStorage
import Testing

/// Read-merge-write imports: batch reads and bulk saves guarded by the versions that were read.
@Suite struct BulkMergeConformanceTests {
    @Test(arguments: Backend.available)
    func batchReadReturnsOnlyExistingPatientsOfTheOrganisation(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let org = Fixtures.organizationID()
            _ = try await store.savePatients([Fixtures.record("a"), Fixtures.record("b")], organizationID: org, actor: "i")
            _ = try await store.savePatient(Fixtures.record("c"), organizationID: Fixtures.organizationID(), expectedVersion: nil, actor: "i")
            let found = try await store.patients(ids: ["a", "b", "c", "missing"], organizationID: org)
            #expect(found.keys.sorted() == ["a", "b"])
            #expect(found["a"]?.record == Fixtures.record("a"))
            #expect(try await store.patients(ids: [], organizationID: org).isEmpty)
        }
    }

    @Test(arguments: Backend.available)
    func guardedBulkSaveAppliesWhenNothingChangedSinceTheRead(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let org = Fixtures.organizationID()
            _ = try await store.savePatients([Fixtures.record("a"), Fixtures.record("b")], organizationID: org, actor: "i")
            let read = try await store.patients(ids: ["a", "b", "new"], organizationID: org)
            let result = try await store.savePatients(
                [Fixtures.record("a", phq9: [18, 9]), Fixtures.record("b"), Fixtures.record("new")],
                expectedVersions: read.mapValues(\.version), organizationID: org, actor: "import")
            #expect(result == BulkSaveResult(created: 1, updated: 1, unchanged: 1))
            #expect(try await store.patient(id: "a", organizationID: org)?.version == 2)
        }
    }

    @Test(arguments: Backend.available)
    func guardedBulkSaveRefusesTheWholeBatchWhenAClinicianEditedInBetween(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let org = Fixtures.organizationID()
            _ = try await store.savePatients([Fixtures.record("a"), Fixtures.record("b")], organizationID: org, actor: "i")
            let read = try await store.patients(ids: ["a", "b"], organizationID: org)
            // A clinician saves patient b after the importer read it.
            let edited = try await store.savePatient(
                Fixtures.record("b", phq9: [18, 4]), organizationID: org, expectedVersion: 1, actor: "clinician")
            let error = await #expect(throws: StepwiseError.self) {
                try await store.savePatients(
                    [Fixtures.record("a", phq9: [1]), Fixtures.record("b", phq9: [2])],
                    expectedVersions: read.mapValues(\.version), organizationID: org, actor: "import")
            }
            #expect(error?.code == .conflict)
            #expect(try await store.patient(id: "a", organizationID: org)?.version == 1, "nothing of the batch was saved")
            #expect(try await store.patient(id: "b", organizationID: org) == edited, "the clinician's edit is kept")
        }
    }

    @Test(arguments: Backend.available)
    func guardedBulkSaveRefusesToCreateAPatientThatAppearedMeanwhile(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let org = Fixtures.organizationID()
            _ = try await store.savePatient(Fixtures.record("late"), organizationID: org, expectedVersion: nil, actor: "clinician")
            let error = await #expect(throws: StepwiseError.self) {
                try await store.savePatients(
                    [Fixtures.record("late", phq9: [9])], expectedVersions: [:], organizationID: org, actor: "import")
            }
            #expect(error?.code == .conflict)
            #expect(try await store.patient(id: "late", organizationID: org)?.record == Fixtures.record("late"))
        }
    }
}
