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
            try source.backup(to: target.pool)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StepwiseError(.invalidInput, "The file is not a Stepwise database backup.", at: backupPath)
        } catch {
            throw SQLiteStore.map(error, doing: "restore the backup")
        }
    }
}
