// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// Imports FHIR Bulk Data exports (NDJSON, one resource per line, optionally gzip) and FHIR
/// Bundle `.json` files into a clinic's store, streaming with bounded memory.
///
/// Each line is validated and decoded by a purpose-built JSON reader (`JSONTape`), mapped by
/// ``FHIRRecordMapper`` (the same rules as `stepwise assess` on a Bundle), merged into the stored
/// patient (so re-running an import adds nothing) and written in batches, each guarded by the
/// versions that were read: a patient someone else saved meanwhile is re-read and re-merged, never
/// overwritten (``BulkImportSummary/patientsNotWritten`` counts any still changing after
/// ``BulkImportOptions/writeAttempts`` tries). A bad line is reported with its file, line number
/// and reason, and the rest still imports.
///
/// ```swift
/// let importer = BulkImporter(mapper: FHIRRecordMapper(knowledge: try KnowledgeBase.bundled()))
/// let summary = try await importer.run(paths: ["export/"], into: sink) { problem in print(problem) }
/// ```
public struct BulkImporter: Sendable {
    /// The mapper that turns resources into patient records.
    public let mapper: FHIRRecordMapper
    /// Limits and batch size.
    public var options: BulkImportOptions

    /// Creates an importer.
    public init(mapper: FHIRRecordMapper, options: BulkImportOptions = BulkImportOptions()) {
        self.mapper = mapper
        self.options = options
    }

    /// Imports every file in `paths` (files, or folders of `.ndjson`, `.ndjson.gz`, `.json`).
    ///
    /// - Parameters:
    ///   - paths: files or folders.
    ///   - sink: where patients are written.
    ///   - progress: called now and then with progress (for a progress bar).
    ///   - report: called for every rejected line, warning and unused kind, as it is found.
    /// - Returns: the counts of the whole import.
    /// - Throws: ``StepwiseError`` when a file cannot be opened or read, or the store fails;
    ///   bad content never throws.
    public func run(
        paths: [String], into sink: some BulkRecordSink, progress: (@Sendable (BulkImportProgress) -> Void)? = nil,
        report: @escaping @Sendable (BulkImportProblem) -> Void
    ) async throws -> BulkImportSummary {
        let files = try Self.inputFiles(paths)
        var run = ImportRun(
            mapper: mapper, options: options, sink: sink, files: files, report: report, progress: progress)
        try await run.start()
        for index in files.indices {
            try await run.importFile(index)
        }
        try await run.finish()
        return run.summary
    }

    /// The files to read: given files as they are, folders expanded (recursively) to their
    /// `.ndjson`, `.ndjson.gz`, `.jsonl` and `.json` files, sorted by path.
    static func inputFiles(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw StepwiseError(.notFound, "No such file or folder.", at: (path as NSString).lastPathComponent)
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            guard let walker = manager.enumerator(atPath: path) else { continue }
            var found: [String] = []
            for case let relative as String in walker where isImportable(relative) {
                found.append((path as NSString).appendingPathComponent(relative))
            }
            files.append(contentsOf: found.sorted())
        }
        return files
    }

    static func isImportable(_ name: String) -> Bool {
        let lower = name.lowercased()
        return [".ndjson", ".ndjson.gz", ".jsonl", ".jsonl.gz", ".json"].contains { lower.hasSuffix($0) }
    }

    /// Whether a file is read as one JSON document (a Bundle or a single resource) rather than NDJSON.
    static func isWholeDocument(_ path: String) -> Bool {
        path.lowercased().hasSuffix(".json")
    }
}
