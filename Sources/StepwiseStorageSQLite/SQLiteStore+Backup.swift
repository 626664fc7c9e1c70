// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB
import StepwiseCore
import StepwiseStorage

extension SQLiteStore {
    /// Writes a consistent copy of the whole database to a new file at `path` while the store
    /// stays in use (SQLite's online backup API). Fails with `.conflict` if `path` exists.
    public func backup(to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StepwiseError(.conflict, "The backup file already exists; choose another name.", at: path)
        }
        do {
            let destination = try DatabaseQueue(path: path)
            try pool.backup(to: destination)
            try destination.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
            }
            try destination.close()
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw SQLiteStore.map(error, doing: "write the backup")
        }
    }

    /// Replaces the database at `databasePath` with the backup at `backupPath`.
    ///
    /// The backup is checked first (it must be a Stepwise database whose migrations this program
    /// knows); then its pages are copied into the target with SQLite's backup API, so a database
    /// that other processes hold open is replaced consistently. Refuses to replace an existing
    /// database unless `force` is true.
    public static func restore(from backupPath: String, to databasePath: String, force: Bool) throws {
        guard FileManager.default.fileExists(atPath: backupPath) else {
            throw StepwiseError(.notFound, "The backup file does not exist.", at: backupPath)
        }
        if FileManager.default.fileExists(atPath: databasePath), !force {
            throw StepwiseError(
                .conflict, "The database already exists; pass --force to replace it.", at: databasePath)
        }
        do {
            var readOnly = Configuration()
            readOnly.readonly = true
            let source = try DatabaseQueue(path: backupPath, configuration: readOnly)
            defer { try? source.close() }
            let known = Set(SQLiteSchema.migrator.migrations)
            let applied = try source.read { db -> Set<String> in
                guard try db.tableExists("grdb_migrations") else { return [] }
                return Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
            }
            guard !applied.isEmpty else {
                throw StepwiseError(.invalidInput, "The file is not a Stepwise database backup.", at: backupPath)
            }
            guard applied.isSubset(of: known) else {
                throw StepwiseError(
                    .invalidInput, "The backup was made by a newer Stepwise; upgrade before restoring.",
                    at: backupPath)
            }
            let integrity = try source.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
            guard integrity == "ok" else {
                throw StepwiseError(.invalidInput, "The backup file is damaged (integrity check failed).", at: backupPath)
            }
            let target = try SQLiteStore(path: databasePath)
            defer { try? target.close() }
            try copyPages(of: source, backupPath: backupPath, into: target)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StepwiseError(.invalidInput, "The file is not a Stepwise database backup.", at: backupPath)
        } catch {
            throw SQLiteStore.map(error, doing: "restore the backup")
        }
    }

    /// Copies the backup's pages into the target with SQLite's backup API. SQLite refuses to
    /// copy into a WAL database whose page size differs (new databases use
    /// ``newDatabasePageSize``; older files and their backups 4 KiB), so a backup of another page
    /// size is first rewritten at the target's page size (`VACUUM INTO` an owner-only temporary
    /// file beside the target, removed afterwards) and copied from there.
    private static func copyPages(of source: DatabaseQueue, backupPath: String, into target: SQLiteStore) throws {
        let sourcePageSize = try source.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") }
        let targetPageSize = try target.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") }
        guard let targetPageSize, sourcePageSize != targetPageSize else {
            try source.backup(to: target.pool)
            return
        }
        let resized = target.path + ".restore-\(UUID().uuidString)"
        // Patient data: created empty and owner-only first (`VACUUM INTO` fills an empty file).
        guard FileManager.default.createFile(atPath: resized, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw StepwiseError(.unavailable, "Could not create a temporary file beside the database.", at: target.path)
        }
        defer { try? FileManager.default.removeItem(atPath: resized) }
        try source.inDatabase { db in
            try db.execute(sql: "PRAGMA page_size = \(targetPageSize)")
            try db.execute(sql: "VACUUM INTO ?", arguments: [resized])
        }
        var readOnly = Configuration()
        readOnly.readonly = true
        let copy = try DatabaseQueue(path: resized, configuration: readOnly)
        defer { try? copy.close() }
        try copy.backup(to: target.pool)
    }
}
