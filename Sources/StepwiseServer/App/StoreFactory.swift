// SPDX-License-Identifier: Apache-2.0
import Foundation
import Hummingbird
import HummingbirdBcrypt
import Logging
import StepwiseCore
import StepwiseStorage
import StepwiseStoragePostgres
import StepwiseStorageSQLite

/// Opens the configured store for the CLI (`serve`, `user add`), so commands need not know the
/// backends' modules.
public enum StoreFactory {
    /// Runs `body` with a SQLite store at `sqlitePath`, or a PostgreSQL store for `postgresURL`
    /// (its client runs, and migrations are applied, for the duration of `body`).
    ///
    /// - Returns: `body`'s result; its second argument describes the store without secrets.
    public static func withStore<T: Sendable>(
        sqlitePath: String?, postgresURL: String?, logger: Logger,
        _ body: @Sendable (any StepwiseStore, String) async throws -> T
    ) async throws -> T {
        if let postgresURL {
            return try await PostgresStore.withStore(url: postgresURL, logger: logger) { store in
                try await body(store, "PostgreSQL")
            }
        }
        guard let sqlitePath else { throw StepwiseError(.invalidInput, "No database given.", at: "--database") }
        let store = try SQLiteStore(path: sqlitePath)
        return try await body(store, "SQLite \(sqlitePath)")
    }
}

/// Password hashing for accounts (bcrypt).
public enum PasswordHashing {
    /// A bcrypt hash of `password`.
    public static func hash(_ password: String, cost: UInt8 = 12) -> String { Bcrypt.hash(password, cost: cost) }

    /// Whether `password` matches `hash`.
    public static func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }
}

/// Builds and runs the server (with the CDS Hooks service when `cds` is given) until SIGINT or SIGTERM.
public func runServer(
    configuration: ServerConfiguration, store: any StepwiseStore, knowledge: KnowledgeBase, clock: StoreClock = .system,
    logger: Logger, cds: CDSHooksService.Configuration? = nil
) async throws {
    var cdsHooks: CDSHooksService?
    if let cds {
        cdsHooks = try await CDSHooksService(
            configuration: cds, knowledge: knowledge, feedbackStore: AuditCDSFeedbackStore(store: store, now: clock.now), logger: logger)
    }
    let app = try buildApplication(
        configuration: configuration, store: store, knowledge: knowledge, clock: clock, logger: logger, cdsHooks: cdsHooks)
    try await app.runService()
}
