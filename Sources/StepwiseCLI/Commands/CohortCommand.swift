// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import StepwiseCore

extension StepwiseCommand {
    /// `stepwise cohort <files or folders>`: stages a research cohort, one CSV row per patient.
    struct Cohort: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stage a cohort: one CSV row per patient with safety, TRD under each definition, "
                + "Thase–Rush, Maudsley and MGH-s stages, pseudo-resistance and the latest PHQ-9.",
            discussion: """
                Reads native records (.json, .yaml), FHIR R4 Bundles (.json, every patient in them) and
                NDJSON files (.ndjson, .jsonl: one native record or Bundle per line, as `stepwise export
                --format records` writes them); a folder is read recursively, files in name order.
                Rows go to standard output (or --output) as they are assessed, so memory stays flat; a
                file or line that cannot be read is reported on standard error as FILE[:LINE] PATH:
                MESSAGE and the rest of the cohort is still staged. A summary (patients, stage counts,
                TRD per definition) ends on standard error. Check any row with `stepwise assess` on the
                same record, --as-of and --profile: it shows each rule, its inputs and its sources.

                Columns: \(CohortTable.columns.joined(separator: ", ")).

                Exit status: 0 every record staged; 64 usage error; 65 some records could not be read
                (the others were staged); 66 a file or folder cannot be read; 69 unknown profile.
                """)

        @Argument(help: "Record files or folders.") var paths: [String]
        @Option(help: "Assess as of this date (YYYY-MM-DD). Default: today (UTC).") var asOf: String?
        @Option(help: "Rule profile: mgh-atrq (default), eu-pearl-2022 or collaborative-care.") var profile: String?
        @Option(help: "Write the CSV to this file instead of standard output (replaced if it exists).")
        var output: String?

        func run() async throws {
            let asOfDate = try parseAsOf(asOf)
            let knowledge = try withCommandErrors { try KnowledgeBase.bundled() }
            if let profile, knowledge.profiles.profile(profile) == nil {
                _ = try withCommandErrors { () throws -> Void in
                    throw StepwiseError(.notFound, "unknown profile \"\(profile)\"", at: "--profile")
                }
            }
            let files = try CohortFiles.list(paths)
            let sink = try withCommandErrors { try CohortSink(path: output) }
            var stager = CohortStager(
                loader: RecordLoader(knowledge: knowledge, asOf: asOfDate), assessor: Assessor(knowledge: knowledge),
                asOf: asOfDate, profile: profile, sink: sink)
            do {
                // Only writing the output can fail here; an unreadable record is reported and skipped.
                try withCommandErrors {
                    try sink.write(CohortTable.csvLine(CohortTable.columns))
                    for file in files { try stager.stage(file: file) }
                    try sink.finish()
                }
            } catch {
                sink.abandon()
                throw error
            }
            printError(stager.summary.text)
            if stager.summary.unreadable > 0 { throw ExitCode(ExitStatus.dataError) }
        }
    }
}

/// The files a cohort is read from.
enum CohortFiles {
    static let extensions: Set<String> = ["json", "yaml", "yml", "ndjson", "jsonl"]

    /// `paths` with folders replaced by the record files in them (recursively, in name order).
    ///
    /// - Throws: `ExitCode(66)` after naming a path that does not exist.
    static func list(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isFolder) else {
                printError("error: \(path): no such file or folder")
                throw ExitCode(ExitStatus.noInput)
            }
            guard isFolder.boolValue else {
                files.append(path)
                continue
            }
            let found = (manager.subpaths(atPath: path) ?? [])
                .filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }
                .sorted()
            files += found.map { (path as NSString).appendingPathComponent($0) }
        }
        return files
    }
}

/// Where the rows go: standard output, or (through ``ExportWriter``) a file written beside its final name
/// and moved into place when the cohort is complete; rows are gathered into 64 KiB writes.
final class CohortSink {
    private let writer: ExportWriter
    private var buffer = ""

    init(path: String?) throws {
        writer = try ExportWriter(path: path ?? "-", force: true)
    }

    func write(_ text: String) throws {
        buffer += text
        if buffer.utf8.count >= 64 * 1024 { try flush() }
    }

    private func flush() throws {
        try writer.write(Data(buffer.utf8))
        buffer = ""
    }

    /// Writes what is left and, for a file, moves it into place.
    func finish() throws {
        try flush()
        try writer.commit()
    }

    /// Removes a partly written file.
    func abandon() { writer.abandon() }
}

/// Reads, assesses and writes each patient of a cohort, counting what it saw.
struct CohortStager {
    let loader: RecordLoader
    let assessor: Assessor
    let asOf: LocalDate
    let profile: String?
    let sink: CohortSink
    var summary = CohortSummary()

    /// Stages every record of the file at `path`.
    ///
    /// - Throws: only when the output cannot be written.
    mutating func stage(file path: String) throws {
        let name = path
        guard let data = FileManager.default.contents(atPath: path) else {
            report(StepwiseError(.notFound, "cannot read the file", at: name))
            return
        }
        let lower = name.lowercased()
        guard lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") else {
            try stage(data: data, name: name)
            return
        }
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }) {
                continue
            }
            try stage(data: Data(line), name: "\(name):\(lineNumber)")
        }
    }

    private mutating func stage(data: Data, name: String) throws {
        let loaded: RecordLoader.Loaded
        do {
            loaded = try loader.load(data: data, name: name)
        } catch {
            report(error, name: name)
            return
        }
        for record in loaded.records {
            var assessed: AssessmentReport
            do {
                assessed = try assessor.assess(record, asOf: asOf, profile: profile)
            } catch {
                report(error, name: name)
                continue
            }
            assessed.issues = loaded.issues + assessed.issues
            try sink.write(CohortTable.csvLine(CohortTable.row(assessed)))
            summary.count(assessed)
        }
    }

    private mutating func report(_ error: StepwiseError) {
        summary.unreadable += 1
        printError("error: \(error.description)")
    }

    private mutating func report(_ error: any Error, name: String) {
        report(error as? StepwiseError ?? StepwiseError(.invalidInput, "the record could not be read", at: name))
    }
}

/// Counts for the closing summary.
struct CohortSummary {
    var patients = 0
    var unreadable = 0
    var thaseRush: [Int: Int] = [:]
    var maudsley: [String: Int] = [:]
    /// Patients whose Maudsley total rests on at least one assumed dimension.
    var maudsleyAssumed = 0
    var trdMet: [String: Int] = [:]
    var suicideRisk = 0

    mutating func count(_ report: AssessmentReport) {
        patients += 1
        thaseRush[report.staging.thaseRush.stage, default: 0] += 1
        maudsley[report.staging.maudsley.band, default: 0] += 1
        if !report.staging.maudsley.assumptions.isEmpty { maudsleyAssumed += 1 }
        for verdict in report.trd where verdict.met { trdMet[verdict.definition, default: 0] += 1 }
        if report.safety.contains(where: { $0.id == "suicide-risk" }) { suicideRisk += 1 }
    }

    var text: String {
        let stages = thaseRush.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        let bands = ["mild", "moderate", "severe"].compactMap { band in maudsley[band].map { "\(band) \($0)" } }
        let trd = CohortTable.definitions.map { "\($0) \(trdMet[$0] ?? 0)" }.joined(separator: ", ")
        var lines = ["\(patients) patient(s) staged" + (unreadable > 0 ? "; \(unreadable) record(s) could not be read" : "")]
        if patients > 0 {
            lines.append("  suicide-risk signal: \(suicideRisk)")
            lines.append("  TRD met: \(trd)")
            lines.append("  Thase–Rush stage: \(stages)")
            lines.append(
                "  Maudsley band: \(bands.joined(separator: ", "))"
                    + (maudsleyAssumed > 0
                        ? " (\(maudsleyAssumed) rest on assumed dimensions: see maudsley_assumptions)" : ""))
        }
        return lines.joined(separator: "\n")
    }
}
