// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import StepwiseStorage
import Testing

/// The bulk save writes a batch in key order (the SQLite backend sorts it so each B-tree page is
/// visited once): whatever order the caller gives, the stored rows, versions, history and counts
/// are those of saving the same records one at a time in the caller's order.
@Suite struct BulkSaveOrderTests {
    /// Ids in no particular order: mixed case, digits, non-ASCII (UTF-8 byte order differs from
    /// Swift's `String` order for some of them), a prefix of another id, punctuation.
    static let ids = [
        "zeta", "Alpha", "alpha", "é-patient", "e-patient", "10", "9", "a", "ab", "a-b", "A_b", "ß", "ss", "Ω", "z",
        "00042", "patient-3", "patient-20", "😀", "ｆｕｌｌ",
    ]

    @Test(arguments: Backend.available)
    func bulkSaveInAnyOrderStoresWhatOneByOneSavesStore(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let bulk = Fixtures.organizationID()
            let single = Fixtures.organizationID()
            let records = Self.ids.enumerated().map { Fixtures.record($0.element, phq9: [$0.offset % 27]) }
            let created = try await store.savePatients(records, organizationID: bulk, actor: "import")
            for record in records {
                _ = try await store.savePatient(record, organizationID: single, expectedVersion: nil, actor: "import")
            }
            #expect(created == BulkSaveResult(created: records.count, updated: 0, unchanged: 0))
            try await Self.expectSameContent(store, bulk, single)

            // A second import in another order: some changed, the rest unchanged.
            let changed = records.reversed().enumerated().map { position, record in
                position.isMultiple(of: 3) ? Fixtures.record(record.id, phq9: [26, position % 27]) : record
            }
            let read = try await store.patients(ids: changed.map(\.id).reversed(), organizationID: bulk)
            #expect(read.count == records.count)
            let second = try await store.savePatients(
                changed, expectedVersions: read.mapValues(\.version), organizationID: bulk, actor: "import")
            for record in changed {
                let stored = try #require(try await store.patient(id: record.id, organizationID: single))
                if stored.record != record {
                    _ = try await store.savePatient(record, organizationID: single, expectedVersion: stored.version, actor: "import")
                }
            }
            let updated = (0..<changed.count).filter { $0.isMultiple(of: 3) }.count
            #expect(second == BulkSaveResult(created: 0, updated: updated, unchanged: changed.count - updated))
            try await Self.expectSameContent(store, bulk, single)
        }
    }

    @Test(arguments: Backend.available)
    func aStalePatientAnywhereInTheBatchStillRefusesTheWholeBatch(_ backend: Backend) async throws {
        for stale in [Self.ids.first!, "Ω", Self.ids.last!, "00042"] {
            try await backend.withStore { store in
                let org = Fixtures.organizationID()
                let records = Self.ids.map { Fixtures.record($0) }
                _ = try await store.savePatients(records, organizationID: org, actor: "import")
                let read = try await store.patients(ids: Self.ids, organizationID: org)
                _ = try await store.savePatient(
                    Fixtures.record(stale, phq9: [3]), organizationID: org, expectedVersion: 1, actor: "clinician")
                let error = await #expect(throws: StepwiseError.self) {
                    try await store.savePatients(
                        Self.ids.map { Fixtures.record($0, phq9: [20]) }, expectedVersions: read.mapValues(\.version),
                        organizationID: org, actor: "import")
                }
                #expect(error?.code == .conflict)
                #expect(error?.message.contains("1 of \(Self.ids.count) patients") == true)
                for id in Self.ids {
                    let stored = try #require(try await store.patient(id: id, organizationID: org))
                    #expect(stored.version == (id == stale ? 2 : 1), "nothing of the batch was written (\(stale))")
                }
            }
        }
    }

    /// Same patients, records, versions and history in two organisations of one store.
    static func expectSameContent(_ store: any StepwiseStore, _ a: String, _ b: String) async throws {
        let left = try await store.patients(organizationID: a, after: nil, limit: 1_000)
        let right = try await store.patients(organizationID: b, after: nil, limit: 1_000)
        #expect(left.map(\.id) == right.map(\.id))
        #expect(left.map(\.version) == right.map(\.version))
        #expect(left.map(\.record) == right.map(\.record))
        for id in ids {
            let historyA = try await store.patientVersions(id: id, organizationID: a)
            let historyB = try await store.patientVersions(id: id, organizationID: b)
            #expect(historyA.map(\.version) == historyB.map(\.version))
            #expect(historyA.map(\.record) == historyB.map(\.record))
        }
    }
}
