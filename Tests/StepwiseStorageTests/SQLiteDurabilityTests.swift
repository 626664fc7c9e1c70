// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import StepwiseStorage
@testable import StepwiseStorageSQLite
import Testing

/// SQLite-only guarantees: crash safety, backup and restore.
@Suite struct SQLiteDurabilityTests {
    /// Copies the database and its WAL while the store is still open — the files a killed
    /// process leaves on disk (no close, no checkpoint) — and opens the copy.
    @Test func acknowledgedWritesSurviveAProcessCrash() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory.appendingPathComponent("live.sqlite").path
            let store = try SQLiteStore(path: path, clock: .fixed(Fixtures.t0))
            let org = Fixtures.organizationID()
            _ = try await store.savePatients((1...300).map { Fixtures.record("p\($0)") }, organizationID: org, actor: "import")
            for version in 1...20 {
                _ = try await store.savePatient(
                    Fixtures.record("p1", phq9: Array(repeating: 10, count: version + 1)), organizationID: org,
                    expectedVersion: version, actor: "u")
            }
            try await store.appendAudit(AuditEvent(at: Fixtures.t0, organizationID: org, userID: "u", action: .update, resourceType: "patient"))
            #expect(FileManager.default.fileExists(atPath: path + "-wal"), "the writes are still in the WAL")

            let crashed = directory.appendingPathComponent("crashed.sqlite").path
            try FileManager.default.copyItem(atPath: path, toPath: crashed)
            try FileManager.default.copyItem(atPath: path + "-wal", toPath: crashed + "-wal")

            let reopened = try SQLiteStore(path: crashed)
            #expect(try await reopened.patientCount(organizationID: org) == 300)
            #expect(try await reopened.patient(id: "p1", organizationID: org)?.version == 21)
            #expect(try await reopened.patientVersions(id: "p1", organizationID: org).count == 21)
            #expect(try await reopened.auditEvents(organizationID: org, after: nil, limit: 10).count == 1)
            try reopened.close()
            try store.close()
        }
    }

    @Test func writesAreDurableWalWithFullSyncAndForeignKeys() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try SQLiteStore(path: directory.appendingPathComponent("live.sqlite").path)
            defer { try? store.close() }
            #expect(try await store.writerPragmaForTesting("journal_mode") == "wal")
            #expect(try await store.writerPragmaForTesting("synchronous") == "2", "2 = FULL")
            #expect(try await store.writerPragmaForTesting("foreign_keys") == "1")
        }
    }

    @Test func aNewDatabaseIsReadableByItsOwnerOnly() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory.appendingPathComponent("private/clinic.sqlite").path
            let store = try SQLiteStore(path: path)
            _ = try await store.savePatient(Fixtures.record("p1"), organizationID: "o", expectedVersion: nil, actor: "u")
            for file in [path, path + "-wal"] {
                let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
                #expect(mode == 0o600, "\(file)")
            }
            try store.close()
        }
    }

    @Test func backupRestoresEverythingIntoANewDatabase() async throws {
        try await TemporaryDirectory.with { directory in
            let live = directory.appendingPathComponent("live.sqlite").path
            let backup = directory.appendingPathComponent("backup.sqlite").path
            let restored = directory.appendingPathComponent("restored.sqlite").path
            let store = try SQLiteStore(path: live, clock: .fixed(Fixtures.t0))
            let org = Fixtures.organizationID()
            _ = try await store.savePatient(Fixtures.record("p1", phq9: [21, 11]), organizationID: org, expectedVersion: nil, actor: "u")
            try store.backup(to: backup)
            // Written after the backup: must not be in it.
            _ = try await store.savePatient(Fixtures.record("p2"), organizationID: org, expectedVersion: nil, actor: "u")
            try store.close()

            try SQLiteStore.restore(from: backup, to: restored, force: false)
            let copy = try SQLiteStore(path: restored)
            #expect(try await copy.patient(id: "p1", organizationID: org)?.record == Fixtures.record("p1", phq9: [21, 11]))
            #expect(try await copy.patient(id: "p2", organizationID: org) == nil)
            try copy.close()
        }
    }

    @Test func backupRefusesToOverwriteAFile() async throws {
        try await TemporaryDirectory.with { directory in
            let store = try SQLiteStore(path: directory.appendingPathComponent("live.sqlite").path)
            defer { try? store.close() }
            let existing = directory.appendingPathComponent("taken.sqlite").path
            _ = FileManager.default.createFile(atPath: existing, contents: Data("keep me".utf8))
            let error = #expect(throws: StepwiseError.self) { try store.backup(to: existing) }
            #expect(error?.code == .conflict)
            #expect(FileManager.default.contents(atPath: existing) == Data("keep me".utf8))
        }
    }

    @Test func restoreRefusesToReplaceADatabaseWithoutForce() async throws {
        try await TemporaryDirectory.with { directory in
            let org = Fixtures.organizationID()
            let source = directory.appendingPathComponent("source.sqlite").path
            let backup = directory.appendingPathComponent("backup.sqlite").path
            let target = directory.appendingPathComponent("target.sqlite").path
            let first = try SQLiteStore(path: source)
            _ = try await first.savePatient(Fixtures.record("from-backup"), organizationID: org, expectedVersion: nil, actor: "u")
            try first.backup(to: backup)
            try first.close()
            let existing = try SQLiteStore(path: target)
            _ = try await existing.savePatient(Fixtures.record("current"), organizationID: org, expectedVersion: nil, actor: "u")
            try existing.close()

            let refused = #expect(throws: StepwiseError.self) { try SQLiteStore.restore(from: backup, to: target, force: false) }
            #expect(refused?.code == .conflict)
            let untouched = try SQLiteStore(path: target)
            #expect(try await untouched.patient(id: "current", organizationID: org) != nil)
            try untouched.close()

            try SQLiteStore.restore(from: backup, to: target, force: true)
            let replaced = try SQLiteStore(path: target)
            #expect(try await replaced.patient(id: "current", organizationID: org) == nil)
            #expect(try await replaced.patient(id: "from-backup", organizationID: org) != nil)
            try replaced.close()
        }
    }

    @Test func restoreRejectsAFileThatIsNotAStepwiseBackup() async throws {
        try await TemporaryDirectory.with { directory in
            let notABackup = directory.appendingPathComponent("notes.txt").path
            _ = FileManager.default.createFile(atPath: notABackup, contents: Data("hello".utf8))
            let target = directory.appendingPathComponent("target.sqlite").path
            let error = #expect(throws: StepwiseError.self) { try SQLiteStore.restore(from: notABackup, to: target, force: false) }
            #expect(error?.code == .invalidInput)
            #expect(!FileManager.default.fileExists(atPath: target))
            let missing = #expect(throws: StepwiseError.self) {
                try SQLiteStore.restore(from: directory.appendingPathComponent("nope").path, to: target, force: false)
            }
            #expect(missing?.code == .notFound)
        }
    }

    @Test func theAuditLogCannotBeRewritten() async throws {
        try await TemporaryDirectory.with { directory in
            let path = directory.appendingPathComponent("live.sqlite").path
            let store = try SQLiteStore(path: path)
            try await store.appendAudit(AuditEvent(at: Fixtures.t0, organizationID: "o", userID: "u", action: .read, resourceType: "patient"))
            try store.close()
            // A second connection that bypasses the store: the schema itself refuses.
            let raw = try SQLiteStore(path: path)
            let error = await #expect(throws: StepwiseError.self) { try await raw.executeForTesting("DELETE FROM audit_events") }
            #expect(error != nil)
            #expect(try await raw.auditEvents(organizationID: "o", after: nil, limit: 10).count == 1)
            try raw.close()
        }
    }
}
