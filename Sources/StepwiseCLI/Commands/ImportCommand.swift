// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseFHIR
import StepwiseStorage
import StepwiseStoragePostgres
import StepwiseStorageSQLite

extension StepwiseCommand {
    /// `stepwise import`: FHIR Bulk Data NDJSON (and Bundle files) into the clinic's store.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import FHIR R4 Bulk Data NDJSON files (or Bundle .json files) into the store.",
            discussion: """
                Reads files, or folders of .ndjson / .ndjson.gz / .json files, as a FHIR server's $export
                writes them (one resource per line, one resource type per file). Memory stays bounded
                whatever the size; large exports are partitioned by patient in a private temporary folder
                that is removed afterwards.

                Every bad line is reported on standard error as `file:line: rejected (reason): what` and
                the rest still imports. Reasons: malformed-json, not-an-object, missing-resource-type,
                wrong-resource-type, missing-required-element, wrong-element-type, line-too-long,
                not-mappable (impossible date, unknown status, no score, …). Resources imported with a
                caveat (e.g. a dose that is not in mg, recorded as unknown) are reported as warnings.
                Resource types Stepwise does not use are counted, not imported.

                Importing the same files again changes nothing: measurements and trials carry the FHIR id
                they came from and are merged into the stored patient.

                Imports may run while the clinic server is in use: each patient is saved only if nobody
                changed it since the importer read it; otherwise the importer reads it again, merges the
                imported data into the current record and retries. A patient still changing after several
                tries is left as it is and counted as not written.

                Exit status: 0 every resource imported; 65 some lines were rejected (the rest were
                imported); 66 an input file or the database cannot be read; 69 the database is unreachable;
                75 some patients were not written because they kept changing (run the import again).
                """)

        @Argument(help: "NDJSON or Bundle files, or folders of them.") var inputs: [String]
        @Option(help: "SQLite database file (created if missing).") var database: String?
        @Option(
            help: "PostgreSQL URL instead of --database. Prefer STEPWISE_POSTGRES_URL: arguments show in process listings.")
        var postgres: String?
        @Option(help: "Organisation id the patients belong to (default: the store's only organisation, or 'default').")
        var organization: String?
        @Option(help: "Reject lines longer than this many bytes.") var maxLineBytes: Int = 4 << 20
        @Option(help: "Map this many megabytes of NDJSON at a time (bounds memory).") var batchMegabytes: Int = 4
        @Option(help: "Folder for the temporary partitions of a large import (default: the system's).")
        var temporaryDirectory: String?
        @Flag(help: "Print only the summary, not each problem.") var quiet = false
        @Flag(help: "Print the summary as JSON on standard output.") var json = false
        @Option(help: .hidden) var benchmarkDecoder: String?

        func validate() throws {
            if benchmarkDecoder != nil { return }
            guard database == nil || postgres == nil else {
                throw ValidationError("Give either --database or --postgres, not both.")
            }
            guard database != nil || postgresURL != nil else {
                throw ValidationError("Name the store: --database FILE or --postgres URL (or STEPWISE_POSTGRES_URL).")
            }
            guard maxLineBytes >= 64 else { throw ValidationError("--max-line-bytes must be at least 64.") }
            guard batchMegabytes >= 1 else { throw ValidationError("--batch-megabytes must be at least 1.") }
        }

        var postgresURL: String? { postgres ?? ProcessInfo.processInfo.environment["STEPWISE_POSTGRES_URL"] }

        func run() async throws {
            if let benchmarkDecoder {
                try Self.benchmark(benchmarkDecoder, inputs: inputs, maxLineBytes: maxLineBytes)
                return
            }
            let options = BulkImportOptions(
                maxLineBytes: maxLineBytes, batchBytes: batchMegabytes << 20, temporaryDirectory: temporaryDirectory)
            let quiet = self.quiet
            let bar = isatty(STDERR_FILENO) == 1 ? ProgressBar() : nil
            let summary = try await runWithStorageErrors {
                let importer = BulkImporter(mapper: FHIRRecordMapper(knowledge: try KnowledgeBase.bundled()), options: options)
                let job = ImportJob(importer: importer, inputs: inputs, organization: organization, quiet: quiet, bar: bar)
                if let postgresURL, database == nil {
                    return try await PostgresStore.withStore(url: postgresURL) { store in try await job.run(store) }
                }
                let store = try SQLiteStore(path: database ?? "")
                defer { try? store.close() }
                return try await job.run(store)
            }
            bar?.clear()
            if json {
                print(try prettyJSON(summary))
            } else {
                printError(ImportSummaryText.render(summary))
            }
            if summary.patientsNotWritten > 0 {
                printError(
                    "\(summary.patientsNotWritten) patient(s) not written: they kept changing in the store during the import "
                        + "(nothing was overwritten). Run the same import again to merge them.")
                throw ExitCode(ExitStatus.tryAgain)
            }
            if summary.rejectedTotal > 0 { throw ExitCode(ExitStatus.dataError) }
        }

        /// `--benchmark-decoder stepwise|foundation` (used by `scripts/bench-import.sh`): decodes
        /// every line without mapping or storing and prints `lines decoded failed seconds` on stdout.
        static func benchmark(_ name: String, inputs: [String], maxLineBytes: Int) throws {
            guard let decoder = BulkDecodeBenchmark.Decoder(rawValue: name) else {
                throw ValidationError("--benchmark-decoder is stepwise or foundation")
            }
            let start = Date()
            let counts = try withCommandErrors {
                try BulkDecodeBenchmark.run(paths: inputs, decoder: decoder, maxLineBytes: maxLineBytes)
            }
            let seconds = Date().timeIntervalSince(start)
            print("\(counts.lines) \(counts.decoded) \(counts.failed) \(seconds)")
        }

        /// The named organisation; else the store's only one; else `default` for an empty store.
        static func organizationID(_ store: any StepwiseStore, named: String?) async throws -> String {
            if let named {
                guard !named.isEmpty else { throw StepwiseError(.invalidInput, "The organisation id is empty.", at: "--organization") }
                return named
            }
            let organizations = try await store.organizations()
            if organizations.count == 1 { return organizations[0].id }
            if organizations.isEmpty { return "default" }
            throw StepwiseError(
                .invalidInput, "The store holds \(organizations.count) organisations; name one with --organization.",
                at: "--organization")
        }
    }
}

/// One import into an open store: picks the organisation, runs the importer, audits it.
struct ImportJob: Sendable {
    let importer: BulkImporter
    let inputs: [String]
    let organization: String?
    let quiet: Bool
    let bar: ProgressBar?

    func run(_ store: any StepwiseStore) async throws -> BulkImportSummary {
        let organizationID = try await StepwiseCommand.Import.organizationID(store, named: organization)
        let sink = StoreSink(store: store, organizationID: organizationID)
        let bar = self.bar
        let quiet = self.quiet
        var progress: (@Sendable (BulkImportProgress) -> Void)?
        if let bar { progress = { bar.show($0) } }
        let summary = try await importer.run(paths: inputs, into: sink, progress: progress) { problem in
            guard !quiet else { return }
            bar?.clear()
            printError(problem.description)
        }
        try await store.appendAudit(
            AuditEvent(
                at: Date(), organizationID: organizationID, userID: "cli", action: .create, resourceType: "import",
                resourceID: nil))
        return summary
    }
}

/// The store as the importer's sink: reads records (with their versions) back for merging and
/// writes them in bulk, guarded by those versions so a concurrent edit is never overwritten.
struct StoreSink: BulkRecordSink {
    let store: any StepwiseStore
    let organizationID: String

    func isEmpty() async throws -> Bool {
        try await store.patientCount(organizationID: organizationID) == 0
    }

    func existingRecords(ids: [String]) async throws -> [String: VersionedRecord] {
        try await store.patients(ids: ids, organizationID: organizationID).mapValues {
            VersionedRecord(record: $0.record, version: $0.version)
        }
    }

    /// One transaction (the importer sizes the batches).
    func save(_ records: [PatientRecord], expectedVersions: [String: Int]) async throws -> BulkWriteCounts {
        let result = try await store.savePatients(
            records, expectedVersions: expectedVersions, organizationID: organizationID, actor: "import")
        return BulkWriteCounts(created: result.created, updated: result.updated, unchanged: result.unchanged)
    }
}
