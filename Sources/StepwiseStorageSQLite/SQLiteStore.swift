// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB
import StepwiseCore
import StepwiseStorage

/// The embedded store: one SQLite file in WAL mode, through GRDB's `DatabasePool`.
///
/// - A new database file (and its -wal/-shm files) is created readable by its owner only (0600).
/// - Durability: `synchronous = FULL`, so a write that returned survives a crash of the
///   process or the machine (WAL mode with NORMAL would survive a process crash but could lose
///   the last commits on power loss; a clinical record is worth the extra fsync).
/// - Several processes may open the same file (the server and `stepwise import`): writes use
///   immediate transactions and wait up to `busyTimeout` for the write lock.
/// - Statement arguments (patient data) never appear in errors: GRDB's
///   `publicStatementArguments` stays off and driver errors become `StepwiseError`.
public final class SQLiteStore: StepwiseStore {
    let pool: DatabasePool
    let clock: StoreClock
    /// The database file.
    public let path: String

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public convenience init(path: String, clock: StoreClock = .system, busyTimeout: TimeInterval = 10) throws {
        try self.init(path: path, clock: clock, busyTimeout: busyTimeout, newPageSize: Self.newDatabasePageSize)
    }

    /// Opens the database; `newPageSize` is the page size if the file is created (tests create
    /// files as earlier versions did).
    init(path: String, clock: StoreClock, busyTimeout: TimeInterval, newPageSize: Int) throws {
        self.path = path
        self.clock = clock
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.publicStatementArguments = false
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "stepwise"
        // Decided before the file exists: `page_size` takes effect only while the database is
        // still empty (the writer's first connection creates it), and is ignored afterwards.
        let isNew = !FileManager.default.fileExists(atPath: path)
        configuration.prepareDatabase { db in
            if isNew { try db.execute(sql: "PRAGMA page_size = \(newPageSize)") }
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !FileManager.default.fileExists(atPath: directory) {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            // Patient data: a new database is readable by its owner only (SQLite gives the -wal and
            // -shm files the database file's permissions).
            if !FileManager.default.fileExists(atPath: path) {
                guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
                else { throw StepwiseError(.unavailable, "Could not create the database file.", at: path) }
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB sets `synchronous = NORMAL` on the writer when it enables WAL, after
            // `prepareDatabase` has run; the pool keeps one writer connection, so set FULL on it here.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try SQLiteSchema.migrator.migrate(pool)
        } catch {
            throw SQLiteStore.map(error, doing: "open the database")
        }
    }

    /// Page size of a new database file, in bytes (an existing file keeps its own).
    ///
    /// A stored record (canonical JSON, typically 1–4 KB) fits in a 16 KiB page: the patient
    /// tables are `WITHOUT ROWID`, whose rows keep at most about a quarter of a page in place, so
    /// with SQLite's default 4 KiB pages every record of more than about 1 KB took an overflow
    /// page of its own (4 KiB for the 1–3 KB left over). On the import benchmark's 10 000 patients
    /// (two rows each: `patients` and `patient_versions`) the file is 54 MB instead of 93 MB, and
    /// fewer pages go through the WAL, the checkpoint and the page cache.
    static var newDatabasePageSize: Int { 16_384 }

    /// Closes the database. Further calls fail with `.unavailable`.
    public func close() throws {
        do { try pool.close() } catch { throw SQLiteStore.map(error, doing: "close the database") }
    }

    /// Runs raw SQL in a write transaction (tests only, through `@testable import`).
    func executeForTesting(_ sql: String) async throws {
        try await write("run SQL") { db in try db.execute(sql: sql) }
    }

    /// The value of a PRAGMA on the writer connection (tests only, through `@testable import`).
    func writerPragmaForTesting(_ name: String) async throws -> String? {
        do {
            return try await pool.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA \(name)") }
        } catch {
            throw SQLiteStore.map(error, doing: "read a setting")
        }
    }

    /// Runs `body` in a write transaction, mapping driver errors.
    func write<T: Sendable>(_ doing: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw SQLiteStore.map(error, doing: doing)
        }
    }

    /// Runs `body` on a reader (a consistent snapshot), mapping driver errors.
    func read<T: Sendable>(_ doing: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw SQLiteStore.map(error, doing: doing)
        }
    }

    /// Maps any error to a PHI-free `StepwiseError` (statement arguments are never included).
    static func map(_ error: any Error, doing: String) -> StepwiseError {
        if let error = error as? StepwiseError { return error }
        guard let error = error as? DatabaseError else {
            return StepwiseError(.unavailable, "Could not \(doing): \(type(of: error)).")
        }
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            return StepwiseError(.notFound, "Could not \(doing): a referenced record does not exist.")
        case .SQLITE_CONSTRAINT_PRIMARYKEY, .SQLITE_CONSTRAINT_UNIQUE:
            return StepwiseError(.conflict, "Could not \(doing): a record with this identifier already exists.")
        default:
            break
        }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StepwiseError(.unavailable, "Could not \(doing): the database is busy; try again.")
        case .SQLITE_CONSTRAINT:
            return StepwiseError(.invalidInput, "Could not \(doing): a database constraint was violated.")
        default:
            return StepwiseError(
                .unavailable, "Could not \(doing): SQLite error \(error.extendedResultCode.rawValue).")
        }
    }
}

extension Date {
    /// Seconds since 1970 as stored in SQLite.
    var sqliteSeconds: Double { timeIntervalSince1970 }

    /// A date from stored seconds since 1970.
    init(sqliteSeconds: Double) { self.init(timeIntervalSince1970: sqliteSeconds) }
}
