// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseStorageSQLite

extension StepwiseCommand {
    /// `stepwise backup`: a consistent copy of a SQLite database, safe while the server runs.
    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a SQLite database to a backup file (consistent, safe while the server is running).",
            discussion: """
                Uses SQLite's online backup API, so the copy is a consistent snapshot even while
                `stepwise serve` writes. The backup is one self-contained file (no -wal file) that
                `stepwise restore` reads. For PostgreSQL use pg_dump. The file holds patient data:
                it is created readable by its owner only; keep it encrypted at rest.

                Exit status: 0 success; 65 the backup file exists; 66 the database does not exist.
                """)

        @Option(help: "The SQLite database file to back up.") var database: String
        @Option(help: "The backup file to create (must not exist).") var output: String

        func run() async throws {
            try await runWithStorageErrors {
                guard FileManager.default.fileExists(atPath: database) else {
                    throw StepwiseError(.notFound, "The database file does not exist.", at: database)
                }
                let store = try SQLiteStore(path: database)
                defer { try? store.close() }
                let previous = umask(0o077)
                defer { umask(previous) }
                try store.backup(to: output)
            }
            printError("Backed up to \(output).")
        }
    }
}
