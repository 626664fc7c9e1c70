// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseStorageSQLite

extension StepwiseCommand {
    /// `stepwise restore`: replaces a SQLite database with a backup.
    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Restore a SQLite database from a file written by `stepwise backup`.",
            discussion: """
                Checks that the input is a Stepwise backup this version understands and passes SQLite's
                integrity check, then copies it into --database. An existing database is replaced only
                with --force (everything written since the backup is lost; back it up first). Stop the
                server before restoring.

                Exit status: 0 success; 65 not a valid backup, or the database exists without --force;
                66 the backup file does not exist.
                """)

        @Option(help: "The backup file.") var input: String
        @Option(help: "The SQLite database file to create or replace.") var database: String
        @Flag(help: "Replace an existing database.") var force = false

        func run() async throws {
            try await runWithStorageErrors {
                try SQLiteStore.restore(from: input, to: database, force: force)
            }
            printError("Restored \(database) from \(input).")
        }
    }
}
