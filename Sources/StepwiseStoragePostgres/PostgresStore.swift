// SPDX-License-Identifier: Apache-2.0
import Foundation
import Logging
import PostgresNIO
import StepwiseCore
import StepwiseStorage

/// The multi-instance store: PostgreSQL through postgres-nio's `PostgresClient`.
///
/// Several server instances may share one database. Patient writes lock the row
/// (`SELECT … FOR UPDATE`) and check the version, so two instances never lose an update; the
/// primary keys back this up. The client is a service: it works only while `client.run()` is
/// running (in the server's `ServiceGroup`, or use `withStore(url:…)`). Every query is a
/// `PostgresQuery` with bound parameters. Driver errors become PHI-free `StepwiseError`s.
public final class PostgresStore: StepwiseStore {
    let client: PostgresClient
    let clock: StoreClock
    let logger: Logger

    /// Wraps a client that the caller runs. Call `migrate()` once before use.
    public init(client: PostgresClient, clock: StoreClock = .system, logger: Logger) {
        self.client = client
        self.clock = clock
        self.logger = logger
    }

    /// Connects to `url`, runs the client for the duration of `body`, applies migrations, and
    /// hands `body` a ready store. For tests and CLI commands; the server runs the client itself.
    /// `maximumConnections` bounds the client's pool (postgres-nio's default is 20).
    public static func withStore<Result: Sendable>(
        url: String, clock: StoreClock = .system, maximumConnections: Int = 20,
        logger: Logger = Logger(label: "stepwise.storage.postgres"),
        _ body: @Sendable (PostgresStore) async throws -> Result
    ) async throws -> Result {
        var configuration = try PostgresURL.configuration(url)
        configuration.options.maximumConnections = max(1, maximumConnections)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            // Lease only once the client's task has started: `run()` marks the client running as its
            // first step, and a lease before that works but logs a warning on every start.
            let (started, signal) = AsyncStream.makeStream(of: Void.self)
            group.addTask {
                signal.finish()
                await client.run()
            }
            defer { group.cancelAll() }
            for await _ in started {}
            let store = PostgresStore(client: client, clock: clock, logger: logger)
            try await store.migrate()
            return try await body(store)
        }
    }

    /// Applies missing migrations under an advisory lock (safe when instances start together).
    public func migrate() async throws {
        try await transaction("migrate the database") { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: self.logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS stepwise_migrations (
                    id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
                """, logger: self.logger)
            let rows = try await connection.query("SELECT id FROM stepwise_migrations", logger: self.logger).collect()
            let applied = Set(try rows.map { try $0.decode(String.self) })
            for migration in PostgresSchema.migrations where !applied.contains(migration.id) {
                for statement in migration.statements {
                    try await connection.query(statement, logger: self.logger)
                }
                try await connection.query(
                    "INSERT INTO stepwise_migrations (id) VALUES (\(migration.id))", logger: self.logger)
            }
        }
    }

    /// A fixed key for `pg_advisory_xact_lock` ("stepwise" in ASCII, as a number).
    static let migrationLock: Int64 = 0x7374_6570_7769_7365

    /// Runs `body` on a pooled connection, mapping errors.
    func query<T>(_ doing: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw Self.map(error, doing: doing)
        }
    }

    /// Runs `body` in a transaction (BEGIN … COMMIT, ROLLBACK on error), mapping errors.
    func transaction<T>(_ doing: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch {
            throw Self.map(error, doing: doing)
        }
    }

    /// Runs a query and collects its rows.
    func rows(_ query: PostgresQuery, _ doing: String) async throws -> [PostgresRow] {
        try await self.query(doing) { connection in
            try await connection.query(query, logger: self.logger).collect()
        }
    }

    /// Maps any error to a PHI-free `StepwiseError` (no statement, no bound values, no server detail).
    static func map(_ error: any Error, doing: String) -> StepwiseError {
        if let error = error as? StepwiseError { return error }
        if let error = error as? PostgresTransactionError {
            if let inner = error.closureError ?? error.commitError ?? error.beginError {
                return map(inner, doing: doing)
            }
            return StepwiseError(.unavailable, "Could not \(doing): the transaction failed.")
        }
        if let error = error as? PSQLError {
            if error.code == .server, let state = error.serverInfo?[.sqlState] {
                switch state {
                case "23505":
                    return StepwiseError(.conflict, "Could not \(doing): a record with this identifier already exists.")
                case "23503":
                    return StepwiseError(.notFound, "Could not \(doing): a referenced record does not exist.")
                case "40001", "40P01":
                    return StepwiseError(.conflict, "Could not \(doing): a concurrent change won; try again.")
                default:
                    return StepwiseError(.unavailable, "Could not \(doing): PostgreSQL error \(state).")
                }
            }
            return StepwiseError(.unavailable, "Could not \(doing): the database is not reachable (\(error.code)).")
        }
        if error is CancellationError {
            return StepwiseError(.unavailable, "Could not \(doing): cancelled.")
        }
        return StepwiseError(.unavailable, "Could not \(doing): \(type(of: error)).")
    }
}
