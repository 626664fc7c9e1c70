// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseFHIR
import StepwiseStorage
import StepwiseStoragePostgres
import StepwiseStorageSQLite

extension StepwiseCommand {
    /// `stepwise export`: one patient or a whole clinic out of the store, as FHIR or native records.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export one patient or a whole clinic from the store as a FHIR R4 Bundle, FHIR NDJSON or native records.",
            discussion: """
                bundle   one FHIR R4 collection Bundle (the assessment of every exported patient: scored
                         Observations, staging, TRD verdicts, safety DetectedIssues, the CarePlan).
                ndjson   the same resources, one per line (FHIR Bulk Data style), streamed.
                records  the stored native patient records, one JSON object per line: lossless, and
                         what `stepwise cohort` reads (each line is also a record `assess` reads).
                         `stepwise import` takes FHIR only; `stepwise restore` takes a whole backup.
                Each export is recorded in the audit log. The output file is written completely or not
                at all; an existing file is replaced only with --force. Use --output - for stdout.

                Exit status: 0 success; 64 usage error; 65 some patients could not be assessed (the rest
                were exported); 66 the database or patient does not exist; 69 database unreachable.
                """)

        @Option(help: "Export this patient (its id).") var patient: String?
        @Flag(help: "Export every patient of the organisation.") var all = false
        @Option(help: "SQLite database file.") var database: String?
        @Option(
            help: "PostgreSQL URL instead of --database. Prefer STEPWISE_POSTGRES_URL: arguments show in process listings.")
        var postgres: String?
        @Option(help: "Organisation id or name (default: the only organisation; `default` when there is none).")
        var organization: String?
        @Option(help: "bundle, ndjson or records.") var format: ExportFormat
        @Option(help: "Output file, or - for standard output.") var output: String
        @Option(help: "Assess as of this date (YYYY-MM-DD). Default: today (UTC).") var asOf: String?
        @Option(help: "Rule profile for the assessment (default mgh-atrq).") var profile: String?
        @Flag(help: "Replace an existing output file.") var force = false

        func validate() throws {
            guard (patient == nil) != !all else { throw ValidationError("Give exactly one of --patient ID or --all.") }
            guard database == nil || postgres == nil else {
                throw ValidationError("Give either --database or --postgres, not both.")
            }
            guard database != nil || postgresURL != nil else {
                throw ValidationError("Name the store: --database FILE or --postgres URL (or STEPWISE_POSTGRES_URL).")
            }
        }

        var postgresURL: String? { postgres ?? ProcessInfo.processInfo.environment["STEPWISE_POSTGRES_URL"] }

        func run() async throws {
            let asOfDate = try parseAsOf(asOf)
            let failures = try await runWithStorageErrors {
                let knowledge = try KnowledgeBase.bundled()
                let writer = try ExportWriter(path: output, force: force)
                do {
                    let failures = try await CLIStore.with(database: database, postgresURL: database == nil ? postgresURL : nil) {
                        store in
                        try await export(from: store, knowledge: knowledge, asOf: asOfDate, writer: writer)
                    }
                    try writer.commit()
                    return failures
                } catch {
                    writer.abandon()
                    throw error
                }
            }
            if failures > 0 { throw ExitCode(ExitStatus.dataError) }
        }

        /// Writes every selected patient; returns how many could not be assessed.
        private func export(from store: any StepwiseStore, knowledge: KnowledgeBase, asOf: LocalDate, writer: ExportWriter)
            async throws -> Int
        {
            let organizationID = try await CLIStore.organizationID(store, named: organization, patient: patient)
            let assessor = Assessor(knowledge: knowledge)
            let exporter = FHIRReportExporter(knowledge: knowledge)
            var entries: [R4.Bundle.Entry] = []
            var failures = 0
            var position = 0
            func write(_ stored: StoredPatient) throws {
                position += 1
                if format == .records {
                    try writer.line(try RecordCoding.encode(stored.record))
                    return
                }
                let report: AssessmentReport
                do {
                    report = try assessor.assess(stored.record, asOf: asOf, profile: profile)
                } catch let error as StepwiseError {
                    failures += 1
                    printError("error: patient #\(position) could not be assessed: \(error.description)")
                    return
                }
                let bundle = exporter.bundle(report: report, record: stored.record)
                if format == .bundle {
                    entries.append(contentsOf: bundle.entry ?? [])
                } else {
                    for entry in bundle.entry ?? [] {
                        guard let resource = entry.resource else { continue }
                        try writer.line(try FHIRJSON.encode(resource))
                    }
                }
            }
            if let patient {
                guard let stored = try await store.patient(id: patient, organizationID: organizationID) else {
                    throw StepwiseError(.notFound, "No such patient in this organisation.", at: "--patient")
                }
                try write(stored)
            } else {
                var after: String?
                while true {
                    let page = try await store.patients(organizationID: organizationID, after: after, limit: 500)
                    for stored in page { try write(stored) }
                    guard let last = page.last, page.count == 500 else { break }
                    after = last.id
                }
            }
            if format == .bundle {
                let bundle = R4.Bundle(
                    id: UUID().uuidString.lowercased(), type: "collection", timestamp: "\(asOf)T00:00:00Z", entry: entries)
                try writer.line(try FHIRJSON.encode(bundle, pretty: true))
            }
            try await store.appendAudit(
                AuditEvent(
                    at: Date(), organizationID: organizationID, userID: "cli", action: .export, resourceType: "patient",
                    resourceID: patient))
            printError("Exported \(position - failures) of \(position) patient(s) as \(format.rawValue).")
            return failures
        }
    }

    /// Formats of `stepwise export`.
    enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
        case bundle, ndjson, records
    }
}

/// Opens a store for a CLI command (the PostgreSQL client runs for the duration of `body`).
enum CLIStore {
    static func with<T: Sendable>(
        database: String?, postgresURL: String?, _ body: @Sendable (any StepwiseStore) async throws -> T
    ) async throws -> T {
        if let postgresURL {
            return try await PostgresStore.withStore(url: postgresURL) { store in try await body(store) }
        }
        guard let database else { throw StepwiseError(.invalidInput, "No database given.", at: "--database") }
        guard FileManager.default.fileExists(atPath: database) else {
            throw StepwiseError(.notFound, "The database file does not exist.", at: database)
        }
        let store = try SQLiteStore(path: database)
        defer { try? store.close() }
        return try await body(store)
    }

    /// The organisation named by id or name; without a name, the only organisation, or `default`
    /// when the store has none (what `stepwise import` uses then).
    static func organizationID(_ store: any StepwiseStore, named: String?, patient: String?) async throws -> String {
        let organizations = try await store.organizations()
        if let named {
            if let match = organizations.first(where: { $0.id == named }) ?? organizations.first(where: { $0.name == named }) {
                return match.id
            }
            // Imported data may use an organisation id that has no accounts yet.
            if try await store.patientCount(organizationID: named) > 0 { return named }
            throw StepwiseError(.notFound, "No such organisation.", at: "--organization")
        }
        if organizations.count == 1 { return organizations[0].id }
        if organizations.isEmpty { return "default" }
        throw StepwiseError(
            .invalidInput, "The store holds \(organizations.count) organisations; name one with --organization.",
            at: "--organization")
    }
}

/// Runs `body`; a `StepwiseError` becomes one line on stderr and a distinct exit status.
func runWithStorageErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as StepwiseError {
        printError("error: \(error.description)")
        switch error.code {
        case .notFound: throw ExitCode(ExitStatus.noInput)
        case .unavailable: throw ExitCode(ExitStatus.notFound)
        default: throw ExitCode(ExitStatus.dataError)
        }
    }
}

/// Writes an export to a temporary file beside the target and renames it into place on commit.
///
/// `@unchecked Sendable`: one export task uses it at a time (strictly sequential writes).
final class ExportWriter: @unchecked Sendable {
    private let handle: FileHandle
    private let temporaryPath: String?
    private let path: String

    init(path: String, force: Bool) throws {
        self.path = path
        if path == "-" {
            handle = FileHandle.standardOutput
            temporaryPath = nil
            return
        }
        if FileManager.default.fileExists(atPath: path), !force {
            throw StepwiseError(.invalidInput, "The output file exists; pass --force to replace it.", at: path)
        }
        let temporary = path + ".partial-\(UUID().uuidString.prefix(8))"
        guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: temporary)
        else { throw StepwiseError(.notFound, "The output file cannot be created.", at: path) }
        self.handle = handle
        temporaryPath = temporary
    }

    func line(_ data: Data) throws {
        try write(data)
        try write(Data([0x0A]))
    }

    /// Writes `data` as it is.
    func write(_ data: Data) throws {
        do {
            try handle.write(contentsOf: data)
        } catch {
            throw StepwiseError(.unavailable, "Could not write the output file.", at: path)
        }
    }

    func commit() throws {
        guard let temporaryPath else { return }
        do {
            try handle.synchronize()
            try handle.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporaryPath, toPath: path)
        } catch {
            abandon()
            throw StepwiseError(.unavailable, "Could not finish the output file.", at: path)
        }
    }

    func abandon() {
        guard let temporaryPath else { return }
        try? handle.close()
        try? FileManager.default.removeItem(atPath: temporaryPath)
    }
}
