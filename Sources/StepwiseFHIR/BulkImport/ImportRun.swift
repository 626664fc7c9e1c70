// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// Where a decoded resource came from.
struct ResourceLocation {
    var file: Int32
    var line: Int32
    /// Bundle entry index, or -1 for an NDJSON line.
    var entry: Int32
}

/// The state of one import: the tape reused for every line, the batch waiting to be mapped, and
/// the running counts. Lives inside `BulkImporter.run`, on one task.
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
    /// `Medication` resources are kept for the whole import: every batch may reference them.
    var medications: [R4.Resource] = []
    var medicationLocations: [ResourceLocation] = []
    /// Resource types already reported as not used (reported once per type).
    var reportedTypes: Set<String> = []
    /// Whether the store had no patients when the import began, and who was written since:
    /// then only those need reading back for merging.
    var storeWasEmpty = false
    var written: Set<String> = []
    var totalBytes = 0
    var bytesBeforeFile = 0
    var lastProgress = Date.distantPast

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
        for file in files {
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? nil
            totalBytes += size ?? 0
        }
        pending.reserveCapacity(min(options.batchResources, 1 << 16))
        locations.reserveCapacity(min(options.batchResources, 1 << 16))
    }

    mutating func finish() async throws {
        try await flush()
        tellProgress(file: "", force: true)
    }

    // MARK: - Reading

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
                    accept(root: 0, location, expectedType: expected)
                } catch {
                    reject(location, .malformedJSON, "malformed JSON at byte \(error.offset + 1): \(error.reason)")
                }
            }
            if pending.count >= options.batchResources { try await flush() }
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

    /// A Bundle (or single resource) file: one JSON document, read whole up to the size limit.
    private mutating func importDocument(_ index: Int) async throws {
        let name = names[index]
        let first = ResourceLocation(file: Int32(index), line: 1, entry: -1)
        let size = (try? FileManager.default.attributesOfItem(atPath: files[index])[.size] as? Int) ?? 0
        summary.resourcesRead += 1
        guard size <= options.maxBundleBytes else {
            reject(first, .lineTooLong, "the file is \(size) bytes, over the Bundle limit of \(options.maxBundleBytes) bytes")
            return
        }
        guard let data = FileManager.default.contents(atPath: files[index]) else {
            throw StepwiseError(.notFound, "The file cannot be read.", at: name)
        }
        summary.bytesRead += data.count
        bytesBeforeFile += data.count
        var tape = self.tape
        let outcome: Result<Void, JSONSyntaxError> = data.withUnsafeBytes { bytes in
            do throws(JSONSyntaxError) {
                try tape.parse(bytes)
                acceptDocument(tape, file: index)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        tape.bytes = UnsafeRawBufferPointer(start: nil, count: 0)
        self.tape = tape
        if case .failure(let error) = outcome {
            let line = data.prefix(error.offset).reduce(1) { $1 == 10 ? $0 + 1 : $0 }
            reject(
                ResourceLocation(file: Int32(index), line: Int32(clamping: line), entry: -1), .malformedJSON,
                "malformed JSON at byte \(error.offset + 1): \(error.reason)")
        }
        if pending.count >= options.batchResources { try await flush() }
    }

    /// Accepts the entries of a Bundle (each a resource), or the document itself when it is a
    /// single resource.
    private mutating func acceptDocument(_ tape: JSONTape, file: Int) {
        var entries: Int?
        if tape.kind(0) == .object {
            var isBundle = false
            tape.forEachMember(0) { k, v in
                if tape.string(k, is: "resourceType"), tape.string(v, is: "Bundle") { isBundle = true }
                if tape.string(k, is: "entry"), tape.kind(v) == .array { entries = v }
            }
            if !isBundle { entries = nil }
        }
        guard let entries else {
            accept(root: 0, ResourceLocation(file: Int32(file), line: 1, entry: -1), expectedType: nil, tape: tape)
            return
        }
        summary.resourcesRead -= 1  // the Bundle itself is a container, its entries are the resources
        var line = 1
        var scanned = 0
        let base = tape.bytes
        tape.forEachElement(entries) { element, position in
            summary.resourcesRead += 1
            let start = Int(tape.tokens[element].start)
            while scanned < start {
                if base[scanned] == 10 { line += 1 }
                scanned += 1
            }
            let location = ResourceLocation(file: Int32(file), line: Int32(clamping: line), entry: Int32(clamping: position))
            var resource: Int?
            if tape.kind(element) == .object {
                tape.forEachMember(element) { k, v in if tape.string(k, is: "resource") { resource = v } }
            }
            guard let resource else {
                reject(location, .missingRequiredElement, "the entry has no resource")
                return
            }
            accept(root: resource, location, expectedType: nil, tape: tape)
        }
    }

    private mutating func accept(root: Int, _ location: ResourceLocation, expectedType: String?, tape: JSONTape? = nil) {
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

    private static func isBlank(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for byte in bytes where byte != 0x20 && byte != 0x09 && byte != 0x0D { return false }
        return true
    }

    // MARK: - Reporting

    mutating func reject(_ location: ResourceLocation, _ reason: BulkRejectReason, _ message: String) {
        summary.rejected[reason, default: 0] += 1
        emit(location, .rejected, reason, message)
    }

    func emit(_ location: ResourceLocation, _ severity: BulkImportProblem.Severity, _ reason: BulkRejectReason?, _ message: String) {
        report(
            BulkImportProblem(
                file: names[Int(location.file)], line: Int(location.line),
                entry: location.entry >= 0 ? "entry[\(location.entry)]" : nil, severity: severity, reason: reason,
                message: message))
    }

    mutating func tellProgress(file: String, bytes: Int = 0, force: Bool = false) {
        guard let progress else { return }
        let now = Date()
        guard force || now.timeIntervalSince(lastProgress) >= 0.1 else { return }
        lastProgress = now
        progress(
            BulkImportProgress(
                bytesRead: bytesBeforeFile + bytes, totalBytes: totalBytes, resources: summary.resourcesRead, file: file))
    }
}
