// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import StepwiseStorage
@testable import StepwiseStorageSQLite
import Testing

/// New databases use 16 KiB pages (a stored record fits in a page instead of taking an overflow
/// page); existing files keep their own page size, and backups restore across page sizes.
@Suite struct SQLitePageSizeTests {
    /// A database file in SQLite's default layout (4 KiB pages), as earlier versions created it.
    private static func legacyDatabase(at path: String, org: String, ids: [String]) async throws {
        let store = try SQLiteStore(path: path, clock: .fixed(Fixtures.t0), busyTimeout: 10, newPageSize: 4096)
        _ = try await store.savePatients(ids.map { Fixtures.record($0, phq9: [21, 15, 9]) }, organizationID: org, actor: "import")
        try store.close()
    }

    /// The page size in a database file's header (bytes 16–17, big-endian; 1 means 65 536),
    /// read without opening the file through SQLite.
    private static func pageSize(_ path: String) throws -> Int {
        let header = try #require(FileManager.default.contents(atPath: path)?.prefix(18))
        let bytes = Array(header)
        try #require(bytes.count == 18)
        let size = Int(bytes[16]) << 8 | Int(bytes[17])
        return size == 1 ? 65_536 : size
    }

    @Test func aNewDatabaseUsesSixteenKibibytePages() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory.appendingPathComponent("new.sqlite").path
            let store = try SQLiteStore(path: path)
            #expect(try await store.writerPragmaForTesting("page_size") == "16384")
            #expect(try Self.pageSize(path) == 16_384)
            _ = try await store.savePatient(Fixtures.record("p1"), organizationID: "o", expectedVersion: nil, actor: "u")
            try store.close()
            let reopened = try SQLiteStore(path: path)
            #expect(try await reopened.writerPragmaForTesting("page_size") == "16384")
            #expect(try await reopened.patient(id: "p1", organizationID: "o")?.record == Fixtures.record("p1"))
            try reopened.close()
        }
    }

    @Test func anExistingDatabaseKeepsItsPageSizeAndItsRecords() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory.appendingPathComponent("old.sqlite").path
            let org = Fixtures.organizationID()
            try await Self.legacyDatabase(at: path, org: org, ids: ["a", "b"])
            let store = try SQLiteStore(path: path)
            #expect(try await store.writerPragmaForTesting("page_size") == "4096")
            _ = try await store.savePatients([Fixtures.record("c")], organizationID: org, actor: "import")
            #expect(try await store.patientCount(organizationID: org) == 3)
            #expect(try await store.patient(id: "a", organizationID: org)?.record == Fixtures.record("a", phq9: [21, 15, 9]))
            try store.close()
            #expect(try Self.pageSize(path) == 4096)
        }
    }

    @Test func aBackupWithSmallerPagesRestoresIntoANewDatabase() async throws {
        try await TemporaryDirectory.with { directory in
            let org = Fixtures.organizationID()
            let old = directory.appendingPathComponent("old.sqlite").path
            let backup = directory.appendingPathComponent("old-backup.sqlite").path
            let restored = directory.appendingPathComponent("restored.sqlite").path
            try await Self.legacyDatabase(at: old, org: org, ids: ["a", "b"])
            let store = try SQLiteStore(path: old)
            try store.backup(to: backup)
            try store.close()
            #expect(try Self.pageSize(backup) == 4096)

            try SQLiteStore.restore(from: backup, to: restored, force: false)
            #expect(try Self.pageSize(restored) == 16_384, "the new database keeps its own page size")
            let copy = try SQLiteStore(path: restored)
            #expect(try await copy.patientCount(organizationID: org) == 2)
            #expect(try await copy.patient(id: "b", organizationID: org)?.record == Fixtures.record("b", phq9: [21, 15, 9]))
            try copy.close()
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".restore-") }
            #expect(leftovers.isEmpty, "the temporary copy is removed")
        }
    }

    @Test func aBackupWithLargerPagesReplacesAnOlderDatabase() async throws {
        try await TemporaryDirectory.with { directory in
            let org = Fixtures.organizationID()
            let source = directory.appendingPathComponent("new.sqlite").path
            let backup = directory.appendingPathComponent("new-backup.sqlite").path
            let target = directory.appendingPathComponent("old.sqlite").path
            let store = try SQLiteStore(path: source, clock: .fixed(Fixtures.t0))
            _ = try await store.savePatient(Fixtures.record("from-backup"), organizationID: org, expectedVersion: nil, actor: "u")
            try store.backup(to: backup)
            try store.close()
            try await Self.legacyDatabase(at: target, org: org, ids: ["current"])

            #expect(try Self.pageSize(backup) == 16_384)
            try SQLiteStore.restore(from: backup, to: target, force: true)
            #expect(try Self.pageSize(target) == 4096, "the replaced database keeps its own page size")
            let replaced = try SQLiteStore(path: target)
            #expect(try await replaced.patient(id: "current", organizationID: org) == nil)
            #expect(try await replaced.patient(id: "from-backup", organizationID: org)?.record == Fixtures.record("from-backup"))
            try replaced.close()
        }
    }
}
