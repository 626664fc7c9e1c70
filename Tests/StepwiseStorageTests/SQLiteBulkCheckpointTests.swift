// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import StepwiseStorage
@testable import StepwiseStorageSQLite
import Testing

/// A bulk save leaves its pages in the WAL (checkpointed with later saves, or when the store
/// closes) instead of copying them into the database file at its commit; nothing else changes.
@Suite struct SQLiteBulkCheckpointTests {
    /// Records large enough that one bulk save puts well over SQLite's default 1 000 pages
    /// (16 KiB each) into the WAL.
    private static func largeRecords(_ count: Int, prefix: String = "p") -> [PatientRecord] {
        (1...count).map { Fixtures.record("\(prefix)\($0)", phq9: (0..<120).map { $0 % 28 }) }
    }

    private static func size(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    }

    @Test func aLargeBulkSaveStaysInTheWalUntilTheStoreCloses() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory.appendingPathComponent("bulk.sqlite").path
            let org = Fixtures.organizationID()
            let records = Self.largeRecords(700)
            let store = try SQLiteStore(path: path, clock: .fixed(Fixtures.t0))
            let before = try Self.size(path)
            let result = try await store.savePatients(records, organizationID: org, actor: "import")
            #expect(result.created == 700)
            let wal = try Self.size(path + "-wal")
            try #require(wal > 1_000 * 16_384, "the save must be over SQLite's default checkpoint threshold")
            #expect(try Self.size(path) == before, "not copied into the database file at the commit")
            #expect(try await store.writerPragmaForTesting("wal_autocheckpoint") == "1000", "restored for other writes")

            // A crash now (database file and WAL as they are) loses nothing acknowledged.
            let crashed = directory.appendingPathComponent("crashed.sqlite").path
            try FileManager.default.copyItem(atPath: path, toPath: crashed)
            try FileManager.default.copyItem(atPath: path + "-wal", toPath: crashed + "-wal")
            let recovered = try SQLiteStore(path: crashed)
            #expect(try await recovered.patientCount(organizationID: org) == 700)
            #expect(try await recovered.patient(id: "p700", organizationID: org)?.record == records[699])
            try recovered.close()

            try store.close()
            #expect(try Self.size(path) > wal / 2, "checkpointed when the store closed")
            let reopened = try SQLiteStore(path: path)
            #expect(try await reopened.patientCount(organizationID: org) == 700)
            #expect(try await reopened.patient(id: "p1", organizationID: org)?.record == records[0])
            try reopened.close()
        }
    }

    @Test func anOrdinaryWriteAfterABulkSaveCheckpointsAsBefore() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory.appendingPathComponent("mixed.sqlite").path
            let org = Fixtures.organizationID()
            let store = try SQLiteStore(path: path, clock: .fixed(Fixtures.t0))
            defer { try? store.close() }
            let before = try Self.size(path)
            _ = try await store.savePatients(Self.largeRecords(700), organizationID: org, actor: "import")
            #expect(try Self.size(path) == before)
            _ = try await store.savePatient(Fixtures.record("single"), organizationID: org, expectedVersion: nil, actor: "u")
            #expect(try Self.size(path) > before, "the next ordinary commit runs SQLite's checkpoint")
            #expect(try await store.patientCount(organizationID: org) == 701)
        }
    }

    @Test func aRefusedBulkSaveRestoresTheThresholdAndWritesNothing() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory.appendingPathComponent("stale.sqlite").path
            let org = Fixtures.organizationID()
            let store = try SQLiteStore(path: path, clock: .fixed(Fixtures.t0))
            defer { try? store.close() }
            _ = try await store.savePatients([Fixtures.record("a")], organizationID: org, actor: "import")
            await #expect(throws: StepwiseError.self) {
                _ = try await store.savePatients(
                    [Fixtures.record("a", phq9: [3]), Fixtures.record("b")], expectedVersions: [:], organizationID: org,
                    actor: "import")
            }
            #expect(try await store.writerPragmaForTesting("wal_autocheckpoint") == "1000")
            #expect(try await store.patientCount(organizationID: org) == 1)
            #expect(try await store.patient(id: "a", organizationID: org)?.record == Fixtures.record("a"))
        }
    }
}
