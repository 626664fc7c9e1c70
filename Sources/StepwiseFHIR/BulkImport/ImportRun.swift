// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// Where a decoded resource came from.
struct ResourceLocation: Sendable {
    var file: Int32
    var line: Int32
    /// Bundle entry index, or -1 for an NDJSON line.
    var entry: Int32
}

/// The state of one import, living inside `BulkImporter.run` on one task.
///
/// Small imports are decoded straight into one batch. Larger ones take two passes: the first
/// validates every line, reports the bad ones and partitions the good ones by patient into
/// temporary files (`SpillBuckets`); the second maps one partition at a time, so each patient's
/// resources are mapped together and memory is bounded by the partition size.
struct ImportRun<Sink: BulkRecordSink> {
    let mapper: FHIRRecordMapper
    let options: BulkImportOptions
    let sink: Sink
    let files: [String]
    let names: [String]
    let report: @Sendable (BulkImportProblem) -> Void
    let progress: (@Sendable (BulkImportProgress) -> Void)?

    var summary = BulkImportSummary()
    var tape = JSONTape()
    /// Resources waiting to be mapped, with where each came from.
    var pending: [R4.Resource] = []
    var locations: [ResourceLocation] = []
    /// `Medication` resources are kept for the whole import: any patient may reference them.
    var medications: [R4.Resource] = []
    var medicationLocations: [ResourceLocation] = []
    /// Resource types already reported as not used (reported once per type).
    var reportedTypes: Set<String> = []
    /// Partitions of a large import (nil when it is mapped in one batch).
    var buckets: SpillBuckets?
    /// Bytes of lines copied into the partitions so far (see ``BulkImportOptions/copiedLineBytes``).
    var copiedLineBytes = 0
    /// Whether the store had no patients when the import began, and who was written since:
    /// only those need reading back for merging.
    var storeWasEmpty = false
    var written: Set<String> = []
    var totalBytes = 0
    var bytesBeforeFile = 0
    var lastProgress = Date.distantPast
    var phase = "reading"

    init(
        mapper: FHIRRecordMapper, options: BulkImportOptions, sink: Sink, files: [String],
        report: @escaping @Sendable (BulkImportProblem) -> Void, progress: (@Sendable (BulkImportProgress) -> Void)?
    ) {
        self.mapper = mapper
        self.options = options
        self.sink = sink
        self.files = files
        self.names = files.map { ($0 as NSString).lastPathComponent }
        self.report = report
        self.progress = progress
    }

    mutating func start() async throws {
        storeWasEmpty = try await sink.isEmpty()
        var estimate = 0
        for file in files {
            let size = Self.fileSize(file)
            totalBytes += size
            guard !BulkImporter.isWholeDocument(file) else { continue }
            // Compressed NDJSON expands about tenfold.
            estimate += size * (file.lowercased().hasSuffix(".gz") ? 10 : 1)
        }
        let budget = max(1, options.batchBytes)
        if estimate > budget {
            buckets = try SpillBuckets(count: min(512, estimate / budget + 1), parent: options.temporaryDirectory)
        }
    }

    mutating func finish() async throws {
        if let buckets {
            try buckets.finishWriting()
            phase = "mapping"
            try await mapPartitions(buckets)
            buckets.remove()
            self.buckets = nil
        } else {
            try await flush()
        }
        tellProgress(file: "", force: true)
    }

    /// Patients waiting before a write starts in a partitioned import: small enough that writing
    /// runs beside mapping rather than after it (about four durable commits per 10 000 patients),
    /// large enough that each B-tree page is rewritten in few transactions (each transaction's
    /// patients are spread over the whole key space, and every page one touches goes through the
    /// WAL and the checkpoint again). On the bench's 10 000 patients with 16 KiB pages: 1 000 per
    /// write put about 440 MB through `write`, 2 500 about 255 MB, 5 000 about 170 MB (with a
    /// larger peak memory, as more records wait); ``maxQueuedRecords`` still bounds the queue.
    static var recordsPerWrite: Int { 2_500 }

    // MARK: - Reading NDJSON

    mutating func importFile(_ index: Int) async throws {
        summary.files += 1
        if BulkImporter.isWholeDocument(files[index]) {
            try await importDocument(index)
        } else {
            try await importLines(index)
        }
    }

    private mutating func importLines(_ index: Int) async throws {
        let expected = FHIRResourceTypes.declared(byFileName: names[index])
        if let buckets {
            try await routeLines(index, expected: expected, buckets: buckets)
            return
        }
        let source = try ByteSource(path: files[index])
        let reader = NDJSONLineReader(source: source, chunkSize: options.chunkBytes, maxLineBytes: options.maxLineBytes)
        var sinceCheck = 0
        while let line = try reader.next() {
            switch line {
            case .tooLong(let number, let bytes):
                summary.resourcesRead += 1
                reject(
                    ResourceLocation(file: Int32(index), line: Int32(clamping: number), entry: -1), .lineTooLong,
                    "the line is \(bytes) bytes long, over the limit of \(options.maxLineBytes) bytes (--max-line-bytes)")
            case .text(let bytes, let number):
                let location = ResourceLocation(file: Int32(index), line: Int32(clamping: number), entry: -1)
                if Self.isBlank(bytes) {
                    summary.blankLines += 1
                    continue
                }
                summary.resourcesRead += 1
                do {
                    try tape.parse(bytes)
                } catch {
                    reject(location, .malformedJSON, "malformed JSON at byte \(error.offset + 1): \(error.reason)")
                    continue
                }
                accept(root: 0, location, expectedType: expected)
            }
            sinceCheck += 1
            if sinceCheck >= 4096 {
                sinceCheck = 0
                tellProgress(file: names[index], bytes: reader.bytesRead)
            }
        }
        try source.finish()
        bytesBeforeFile += reader.bytesRead
        summary.bytesRead += reader.bytesRead
    }

    /// Decodes the object at `root` of `tape` (default: the run's tape) into the batch.
    mutating func accept(root: Int, _ location: ResourceLocation, expectedType: String?, tape: JSONTape? = nil) {
        do throws(BulkResourceDecoder.Failure) {
            let resource = try BulkResourceDecoder.decode(tape ?? self.tape, root: root, expectedType: expectedType)
            switch resource {
            case .other(let type):
                summary.notUsed[type, default: 0] += 1
                if reportedTypes.insert(type).inserted {
                    emit(location, .notUsed, nil, "\(type) resources are not used by Stepwise (counted in the summary)")
                }
            case .medication:
                medications.append(resource)
                medicationLocations.append(location)
                summary.mapped += 1
            default:
                pending.append(resource)
                locations.append(location)
            }
        } catch {
            reject(location, error.reason, error.message)
        }
    }

    /// The size of the file `path` names (following symbolic links), 0 when unknown.
    static func fileSize(_ path: String) -> Int {
        let resolved = (path as NSString).resolvingSymlinksInPath
        return (try? FileManager.default.attributesOfItem(atPath: resolved)[.size] as? Int) ?? 0
    }

    private static func isBlank(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for byte in bytes where byte != 0x20 && byte != 0x09 && byte != 0x0D { return false }
        return true
    }

    // MARK: - Reporting

    mutating func reject(_ location: ResourceLocation, _ reason: BulkRejectReason, _ message: String) {
        summary.rejected[reason, default: 0] += 1
        emit(location, .rejected, reason, message)
    }

    func emit(_ location: ResourceLocation?, _ severity: BulkImportProblem.Severity, _ reason: BulkRejectReason?, _ message: String) {
        report(
            BulkImportProblem(
                file: location.map { names[Int($0.file)] } ?? "", line: location.map { Int($0.line) } ?? 0,
                entry: location.flatMap { $0.entry >= 0 ? "entry[\($0.entry)]" : nil }, severity: severity,
                reason: reason, message: message))
    }

    mutating func tellProgress(file: String, bytes: Int = 0, force: Bool = false) {
        guard let progress else { return }
        let now = Date()
        guard force || now.timeIntervalSince(lastProgress) >= 0.1 else { return }
        lastProgress = now
        progress(
            BulkImportProgress(
                bytesRead: bytesBeforeFile + bytes, totalBytes: totalBytes, resources: summary.resourcesRead,
                file: file, phase: phase))
    }
}
