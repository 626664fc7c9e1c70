// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import StepwiseStorage
import Testing

@Suite struct PatientStoreConformanceTests {
    @Test(arguments: Backend.available)
    func createdPatientReadsBackAtVersionOne(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let org = Fixtures.organizationID()
            let saved = try await store.savePatient(
                Fixtures.record("p1", phq9: [20, 14]), organizationID: org, expectedVersion: nil, actor: "u1")
            #expect(saved.version == 1)
            let loaded = try #require(try await store.patient(id: "p1", organizationID: org))
            #expect(loaded == saved)
            #expect(loaded.record == Fixtures.record("p1", phq9: [20, 14]))
            #expect(loaded.updatedAt == Fixtures.t0)
            #expect(loaded.updatedBy == "u1")
        }
    }

    @Test(arguments: Backend.available)
    func unknownPatientIsNil(_ backend: Backend) async throws {
        try await backend.withStore { (store) async throws in
            #expect(try await store.patient(id: "nobody", organizationID: Fixtures.organizationID()) == nil)
            #expect(try await store.patientVersions(id: "nobody", organizationID: Fixtures.organizationID()).isEmpty)
        }
    }

    @Test(arguments: Backend.available)
    func creatingAnExistingPatientIsAConflict(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let org = Fixtures.organizationID()
            _ = try await store.savePatient(Fixtures.record("p1"), organizationID: org, expectedVersion: nil, actor: "u1")
            let error = await #expect(throws: StepwiseError.self) {
                try await store.savePatient(
                    Fixtures.record("p1", phq9: [3]), organizationID: org, expectedVersion: nil, actor: "u2")
            }
            #expect(error?.code == .conflict)
            #expect(try await store.patient(id: "p1", organizationID: org)?.record == Fixtures.record("p1"))
        }
    }

    @Test(arguments: Backend.available)
    func updateWithTheCurrentVersionBumpsTheVersion(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let org = Fixtures.organizationID()
            _ = try await store.savePatient(Fixtures.record("p1"), organizationID: org, expectedVersion: nil, actor: "u1")
            let updated = try await store.savePatient(
                Fixtures.record("p1", phq9: [18, 12]), organizationID: org, expectedVersion: 1, actor: "u2")
            #expect(updated.version == 2)
            #expect(updated.updatedBy == "u2")
            #expect(try await store.patient(id: "p1", organizationID: org) == updated)
        }
    }

    @Test(arguments: Backend.available)
    func staleVersionIsAConflictAndChangesNothing(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let org = Fixtures.organizationID()
            _ = try await store.savePatient(Fixtures.record("p1"), organizationID: org, expectedVersion: nil, actor: "u1")
            _ = try await store.savePatient(
                Fixtures.record("p1", phq9: [18, 12]), organizationID: org, expectedVersion: 1, actor: "u1")
            let error = await #expect(throws: StepwiseError.self) {
                try await store.savePatient(
                    Fixtures.record("p1", phq9: [18, 9]), organizationID: org, expectedVersion: 1, actor: "u2")
            }
            #expect(error?.code == .conflict)
            #expect(error.map { !$0.description.contains("p1") } == true, "errors carry no patient id")
            let current = try #require(try await store.patient(id: "p1", organizationID: org))
            #expect(current.version == 2)
            #expect(current.record == Fixtures.record("p1", phq9: [18, 12]))
        }
    }

    @Test(arguments: Backend.available)
    func updatingAnUnknownPatientIsNotFound(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let error = await #expect(throws: StepwiseError.self) {
                try await store.savePatient(
                    Fixtures.record("ghost"), organizationID: Fixtures.organizationID(), expectedVersion: 3, actor: "u1")
            }
            #expect(error?.code == .notFound)
        }
    }

    @Test(arguments: Backend.available)
    func historyKeepsEveryVersionWithWhoAndWhen(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let org = Fixtures.organizationID()
            _ = try await store.savePatient(Fixtures.record("p1", phq9: [20]), organizationID: org, expectedVersion: nil, actor: "a")
            _ = try await store.savePatient(Fixtures.record("p1", phq9: [20, 15]), organizationID: org, expectedVersion: 1, actor: "b")
            _ = try await store.savePatient(
                Fixtures.record("p1", phq9: [20, 15, 9]), organizationID: org, expectedVersion: 2, actor: "c")
            let history = try await store.patientVersions(id: "p1", organizationID: org)
            #expect(history.map(\.version) == [1, 2, 3])
            #expect(history.map(\.updatedBy) == ["a", "b", "c"])
            #expect(history.map { $0.record.measurements.count } == [1, 2, 3])
            #expect(history.last == (try await store.patient(id: "p1", organizationID: org)))
        }
    }

    @Test(arguments: Backend.available)
    func savingAnIdenticalRecordKeepsTheVersion(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let org = Fixtures.organizationID()
            _ = try await store.savePatient(Fixtures.record("p1"), organizationID: org, expectedVersion: nil, actor: "u1")
            let again = try await store.savePatient(Fixtures.record("p1"), organizationID: org, expectedVersion: 1, actor: "u2")
            #expect(again.version == 1)
            #expect(again.updatedBy == "u1")
            #expect(try await store.patientVersions(id: "p1", organizationID: org).count == 1)
        }
    }

    @Test(arguments: Backend.available)
    func bulkSaveIsIdempotentAndVersionsOnlyChangedRecords(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let org = Fixtures.organizationID()
            let batch = (1...50).map { Fixtures.record("bulk-\($0)", phq9: [10 + $0 % 10]) }
            let first = try await store.savePatients(batch, organizationID: org, actor: "import")
            #expect(first == BulkSaveResult(created: 50, updated: 0, unchanged: 0))
            let second = try await store.savePatients(batch, organizationID: org, actor: "import")
            #expect(second == BulkSaveResult(created: 0, updated: 0, unchanged: 50))
            var changed = batch
            changed[7] = Fixtures.record("bulk-8", phq9: [18, 9])
            changed.append(Fixtures.record("bulk-51"))
            let third = try await store.savePatients(changed, organizationID: org, actor: "import")
            #expect(third == BulkSaveResult(created: 1, updated: 1, unchanged: 49))
            #expect(try await store.patient(id: "bulk-8", organizationID: org)?.version == 2)
            #expect(try await store.patient(id: "bulk-9", organizationID: org)?.version == 1)
            #expect(try await store.patientVersions(id: "bulk-8", organizationID: org).count == 2)
            #expect(try await store.patientCount(organizationID: org) == 51)
        }
    }

    @Test(arguments: Backend.available)
    func bulkSaveWithTheSameIdTwiceIsRejectedWhole(_ backend: Backend) async throws {
        try await backend.withStore { (store) async throws in
            let org = Fixtures.organizationID()
            let error = await #expect(throws: StepwiseError.self) {
                try await store.savePatients(
                    [Fixtures.record("a"), Fixtures.record("b"), Fixtures.record("a", phq9: [1])], organizationID: org,
                    actor: "import")
            }
            #expect(error?.code == .invalidInput)
            #expect(error?.location == "records[2].id")
            #expect(try await store.patientCount(organizationID: org) == 0)
        }
    }

    @Test(arguments: Backend.available)
    func listIsSortedSearchableAndPaged(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let org = Fixtures.organizationID()
            _ = try await store.savePatients(
                ["c-3", "a-1", "B-2", "d-4", "ab-5"].map { Fixtures.record($0) }, organizationID: org, actor: "import")
            #expect(try await store.listPatients(organizationID: org).map(\.id) == ["B-2", "a-1", "ab-5", "c-3", "d-4"])
            #expect(try await store.listPatients(organizationID: org, search: "A", limit: 10).map(\.id) == ["a-1", "ab-5"])
            #expect(
                try await store.listPatients(organizationID: org, search: nil, limit: 2, offset: 2).map(\.id)
                    == ["ab-5", "c-3"])
            #expect(try await store.patients(organizationID: org, after: "a-1", limit: 2).map(\.id) == ["ab-5", "c-3"])
            #expect(try await store.patients(organizationID: org, after: nil, limit: 1).map(\.id) == ["B-2"])
            let row = try #require(try await store.listPatients(organizationID: org, search: "d-4").first)
            #expect(row == PatientListItem(id: "d-4", version: 1, updatedAt: Fixtures.t0, updatedBy: "import"))
        }
    }

    @Test(arguments: Backend.available)
    func deletingAPatientErasesItsHistoryAndCareItems(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let org = Fixtures.organizationID()
            _ = try await store.savePatient(Fixtures.record("p1"), organizationID: org, expectedVersion: nil, actor: "u1")
            _ = try await store.savePatient(Fixtures.record("p1", phq9: [1]), organizationID: org, expectedVersion: 1, actor: "u1")
            try await store.addNote(
                CareNote(organizationID: org, patientID: "p1", authorID: "u1", text: "synthetic", createdAt: Fixtures.t0))
            try await store.createFlag(CareFlag(organizationID: org, patientID: "p1", kind: "suicide-risk", createdAt: Fixtures.t0))
            try await store.saveRegistrySummary(
                RegistrySummary(patientID: "p1", version: 2, asOf: LocalDate(year: 2026, month: 2, day: 1)!), organizationID: org)
            let stale = await #expect(throws: StepwiseError.self) {
                try await store.deletePatient(id: "p1", organizationID: org, expectedVersion: 1)
            }
            #expect(stale?.code == .conflict)
            try await store.deletePatient(id: "p1", organizationID: org, expectedVersion: 2)
            #expect(try await store.patient(id: "p1", organizationID: org) == nil)
            #expect(try await store.patientVersions(id: "p1", organizationID: org).isEmpty)
            #expect(try await store.notes(organizationID: org, patientID: "p1").isEmpty)
            #expect(
                try await store.flags(organizationID: org, patientID: "p1", assignedTo: nil, kind: nil, status: nil).isEmpty)
            #expect(try await store.registrySummaries(organizationID: org).isEmpty)
            let gone = await #expect(throws: StepwiseError.self) {
                try await store.deletePatient(id: "p1", organizationID: org, expectedVersion: nil)
            }
            #expect(gone?.code == .notFound)
            // The id can be used again and starts over.
            #expect(
                try await store.savePatient(Fixtures.record("p1"), organizationID: org, expectedVersion: nil, actor: "u1").version
                    == 1)
        }
    }

    @Test(arguments: Backend.available)
    func registryReturnsOnlySummariesOfTheCurrentVersion(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let org = Fixtures.organizationID()
            let asOf = LocalDate(year: 2026, month: 3, day: 1)!
            _ = try await store.savePatients([Fixtures.record("p1"), Fixtures.record("p2")], organizationID: org, actor: "i")
            let summary = RegistrySummary(
                patientID: "p1", version: 1, asOf: asOf, lastPHQ9: 18, lastPHQ9Date: asOf, changeSinceBaselinePercent: -12.5,
                weeksInCurrentTreatment: 9, trdDefinitionsMet: ["fda"], thaseRushStage: 2, flags: ["suicide-risk"])
            try await store.saveRegistrySummary(summary, organizationID: org)
            try await store.saveRegistrySummary(RegistrySummary(patientID: "p2", version: 1, asOf: asOf), organizationID: org)
            #expect(try await store.registrySummaries(organizationID: org).map(\.patientID) == ["p1", "p2"])
            #expect(try await store.registrySummaries(organizationID: org).first == summary)
            _ = try await store.savePatient(Fixtures.record("p2", phq9: [4]), organizationID: org, expectedVersion: 1, actor: "u")
            #expect(try await store.registrySummaries(organizationID: org) == [summary])
            let unknown = await #expect(throws: StepwiseError.self) {
                try await store.saveRegistrySummary(RegistrySummary(patientID: "p9", version: 1, asOf: asOf), organizationID: org)
            }
            #expect(unknown?.code == .notFound)
        }
    }

    @Test(arguments: Backend.available)
    func registrySummariesAreSavedInBatchesSkippingErasedAndOtherClinicsPatients(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let org = Fixtures.organizationID()
            let other = Fixtures.organizationID()
            let asOf = LocalDate(year: 2026, month: 3, day: 1)!
            _ = try await store.savePatients(
                (1...30).map { Fixtures.record("p\($0)") }, organizationID: org, actor: "i")
            _ = try await store.savePatients([Fixtures.record("elsewhere")], organizationID: other, actor: "i")
            #expect(try await store.saveRegistrySummaries([], organizationID: org) == 0)
            let rows = (1...30).map {
                RegistrySummary(patientID: "p\($0)", version: 1, asOf: asOf, lastPHQ9: $0 % 28, flags: $0 == 7 ? ["suicide-risk"] : [])
            }
            let saved = try await store.saveRegistrySummaries(
                rows + [
                    RegistrySummary(patientID: "erased-meanwhile", version: 1, asOf: asOf),
                    RegistrySummary(patientID: "elsewhere", version: 1, asOf: asOf),
                ], organizationID: org)
            #expect(saved == 30)
            let read = try await store.registrySummaries(organizationID: org)
            #expect(read == rows.sorted { $0.patientID < $1.patientID })
            #expect(try await store.registrySummaries(organizationID: other).isEmpty)
            // A second batch replaces the rows it names and leaves the others.
            var changed = rows[6]
            changed.lastPHQ9 = 3
            #expect(try await store.saveRegistrySummaries([changed], organizationID: org) == 1)
            let again = try await store.registrySummaries(organizationID: org)
            #expect(again.count == 30)
            #expect(again.first { $0.patientID == "p7" } == changed)
            #expect(again.first { $0.patientID == "p7" }?.flags == ["suicide-risk"])
        }
    }

    @Test(arguments: Backend.available)
    func anEmptyPatientIdIsRejected(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let error = await #expect(throws: StepwiseError.self) {
                try await store.savePatient(
                    PatientRecord(id: ""), organizationID: Fixtures.organizationID(), expectedVersion: nil, actor: "u")
            }
            #expect(error?.code == .invalidInput)
        }
    }
}
