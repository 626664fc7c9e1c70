// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import StepwiseStorage
import Testing

/// Many writers, one patient: optimistic concurrency with retry loses no update.
@Suite struct ConcurrencyConformanceTests {
    static let writers = 24

    /// Appends one PHQ-9 to the patient, retrying on conflict.
    static func addMeasurement(_ store: any StepwiseStore, org: String, writer: Int) async throws {
        _ = try await store.updatePatient(id: "shared", organizationID: org, actor: "writer-\(writer)", maxAttempts: 500) { record in
            record.measurements.append(
                StepwiseCore.Measurement(id: "m\(writer)", instrument: "phq9", date: LocalDate(year: 2026, month: 2, day: 1)!, total: writer % 28))
        }
    }

    @Test(arguments: Backend.available)
    func concurrentIncrementsFromManyTasksAreAllKept(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let org = Fixtures.organizationID()
            _ = try await store.savePatient(Fixtures.record("shared", phq9: []), organizationID: org, expectedVersion: nil, actor: "u")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<Self.writers {
                    group.addTask { try await Self.addMeasurement(store, org: org, writer: writer) }
                }
                try await group.waitForAll()
            }
            let final = try #require(try await store.patient(id: "shared", organizationID: org))
            #expect(final.record.measurements.count == Self.writers)
            #expect(Set(final.record.measurements.compactMap(\.id)).count == Self.writers)
            #expect(final.version == Self.writers + 1)
            #expect(try await store.patientVersions(id: "shared", organizationID: org).map(\.version) == Array(1...(Self.writers + 1)))
        }
    }

    @Test(arguments: Backend.shared)
    func twoInstancesOnOneDatabaseLoseNoUpdate(_ backend: Backend) async throws {
        try await backend.withTwoInstances { first, second in
            let org = Fixtures.organizationID()
            _ = try await first.savePatient(Fixtures.record("shared", phq9: []), organizationID: org, expectedVersion: nil, actor: "u")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<Self.writers {
                    let store = writer.isMultiple(of: 2) ? first : second
                    group.addTask { try await Self.addMeasurement(store, org: org, writer: writer) }
                }
                try await group.waitForAll()
            }
            let seenByFirst = try #require(try await first.patient(id: "shared", organizationID: org))
            let seenBySecond = try #require(try await second.patient(id: "shared", organizationID: org))
            #expect(seenByFirst == seenBySecond)
            #expect(seenByFirst.record.measurements.count == Self.writers)
            #expect(seenByFirst.version == Self.writers + 1)
        }
    }

    @Test(arguments: Backend.shared)
    func concurrentBulkImportsOfTheSameBatchCreateEachPatientOnce(_ backend: Backend) async throws {
        try await backend.withTwoInstances { first, second in
            let org = Fixtures.organizationID()
            let batch = (1...200).map { Fixtures.record("p\($0)") }
            async let a = first.savePatients(batch, organizationID: org, actor: "import-a")
            async let b = second.savePatients(batch, organizationID: org, actor: "import-b")
            let results = try await [a, b]
            #expect(results.map(\.created).reduce(0, +) == 200)
            #expect(results.map(\.unchanged).reduce(0, +) == 200)
            #expect(try await first.patientCount(organizationID: org) == 200)
            #expect(try await first.patientVersions(id: "p17", organizationID: org).count == 1)
        }
    }
}
