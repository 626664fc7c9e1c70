// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// Lines of an NDJSON file copied out of the reader, to be checked off the importing task.
struct LineChunk: Sendable {
    enum Line: Sendable {
        /// A line's bytes at `start..<start + count` of `bytes`, its number and offset in the input.
        case text(start: Int, count: Int, number: Int, inputOffset: Int?)
        case blank
        case tooLong(number: Int, bytes: Int)
    }

    var bytes: [UInt8] = []
    var lines: [Line] = []
}

/// What the first pass decided for one line, found off the importing task.
enum RoutedLine: Sendable {
    case malformed(offset: Int, reason: String)
    case rejected(BulkRejectReason, String)
    /// Not partitioned (`Medication`, types not mapped): accepted on the importing task.
    case acceptHere
    case partition(Int)
}

extension ImportRun {
    /// Lines per chunk handed to a worker in the first pass.
    static var linesPerChunk: Int { 2_048 }
    /// A chunk stops growing at this many bytes (plus one line), so long lines keep memory bounded.
    static var bytesPerChunk: Int { 4 << 20 }

    /// First pass of a large import, on both cores: the lines are read here and copied into
    /// chunks; two chunks at a time are validated (full JSON parse), typed and assigned a partition
    /// by two workers while, here, the next two chunks are read and the outcomes of the two before
    /// are applied in line order (reports, counts, partition entries), so the result is the same as
    /// checking the lines one after another. (Applying the outcomes while the workers waited left a
    /// core idle for about a fifth of the pass.)
    mutating func routeLines(_ index: Int, expected: String?, buckets: SpillBuckets) async throws {
        let source = try ByteSource(path: files[index])
        let reader = NDJSONLineReader(source: source, chunkSize: options.chunkBytes, maxLineBytes: options.maxLineBytes)
        let plain = source.isPlainFile
        let partitions = buckets.count
        // The chunks' buffers are reused from one round to the next (no growing and page-faulting
        // of fresh megabyte arrays on this task for every 2 048 lines): three pairs circulate (one
        // being read, one being routed, one being applied).
        var reusable: [LineChunk] = []
        // Chunks routed in the previous round, applied in this one while the next are routed.
        var routed: (chunks: [LineChunk], outcomes: [[RoutedLine]])?
        // A read error is thrown after the lines read before it have been applied.
        var readError: (any Error)?
        var (chunks, finished) = try Self.readChunks(reader, plain: plain, reusable: &reusable)
        while !chunks.isEmpty {
            let current = chunks
            async let outcomes = Self.routeInChildren(current, expected: expected, partitions: partitions)
            if finished {
                chunks = []
            } else {
                do {
                    (chunks, finished) = try Self.readChunks(reader, plain: plain, reusable: &reusable)
                } catch {
                    readError = error
                    chunks = []
                }
            }
            if let done = routed {
                try apply(done.chunks, done.outcomes, file: index, expected: expected, buckets: buckets, reusable: &reusable)
                tellProgress(file: names[index], bytes: reader.bytesRead)
            }
            routed = (current, await outcomes)
        }
        if let done = routed {
            try apply(done.chunks, done.outcomes, file: index, expected: expected, buckets: buckets, reusable: &reusable)
            tellProgress(file: names[index], bytes: reader.bytesRead)
        }
        if let readError { throw readError }
        try source.finish()
        bytesBeforeFile += reader.bytesRead
        summary.bytesRead += reader.bytesRead
    }

    /// Applies the outcomes of routed chunks in order and hands their buffers back for reuse.
    private mutating func apply(
        _ chunks: [LineChunk], _ outcomes: [[RoutedLine]], file: Int, expected: String?, buckets: SpillBuckets,
        reusable: inout [LineChunk]
    ) throws {
        for (chunk, routed) in zip(chunks, outcomes) {
            try apply(chunk, routed, file: file, expected: expected, buckets: buckets)
        }
        reusable.append(contentsOf: chunks)
    }

    /// Reads up to two chunks of lines (fewer at the end of the file) into buffers taken from
    /// `reusable`; `finished` tells whether the file has no more lines.
    private static func readChunks(
        _ reader: NDJSONLineReader, plain: Bool, reusable: inout [LineChunk]
    ) throws -> (chunks: [LineChunk], finished: Bool) {
        var chunks: [LineChunk] = []
        var finished = false
        for _ in 0..<2 {
            var chunk = reusable.popLast() ?? LineChunk()
            chunk.bytes.removeAll(keepingCapacity: true)
            chunk.lines.removeAll(keepingCapacity: true)
            while chunk.lines.count < linesPerChunk, chunk.bytes.count < bytesPerChunk {
                guard let line = try reader.next() else {
                    finished = true
                    break
                }
                switch line {
                case .tooLong(let number, let bytes):
                    chunk.lines.append(.tooLong(number: number, bytes: bytes))
                case .text(let bytes, let number):
                    if isBlankLine(bytes) {
                        chunk.lines.append(.blank)
                    } else {
                        let start = chunk.bytes.count
                        chunk.bytes.append(contentsOf: bytes)
                        chunk.lines.append(
                            .text(
                                start: start, count: bytes.count, number: number,
                                inputOffset: plain ? reader.inputOffset(of: bytes) : nil))
                    }
                }
            }
            if !chunk.lines.isEmpty { chunks.append(chunk) }
            if finished { break }
        }
        return (chunks, finished)
    }

    /// Routes up to two chunks in child tasks (one on each core).
    private static func routeInChildren(_ chunks: [LineChunk], expected: String?, partitions: Int) async -> [[RoutedLine]] {
        guard chunks.count == 2 else { return chunks.map { route($0, expected: expected, partitions: partitions) } }
        async let first = routeInChild(chunks[0], expected: expected, partitions: partitions)
        let second = route(chunks[1], expected: expected, partitions: partitions)
        return [await first, second]
    }

    /// Routes a chunk in a child task (on the other core).
    private static func routeInChild(_ chunk: LineChunk, expected: String?, partitions: Int) async -> [RoutedLine] {
        route(chunk, expected: expected, partitions: partitions)
    }

    /// Validates, types and partitions every text line of a chunk (pure).
    static func route(_ chunk: LineChunk, expected: String?, partitions: Int) -> [RoutedLine] {
        var tape = JSONTape()
        var outcomes: [RoutedLine] = []
        outcomes.reserveCapacity(chunk.lines.count)
        chunk.bytes.withUnsafeBytes { all in
            for line in chunk.lines {
                guard case .text(let start, let count, _, _) = line else {
                    outcomes.append(.acceptHere)
                    continue
                }
                let bytes = UnsafeRawBufferPointer(rebasing: all[start..<(start + count)])
                do throws(JSONSyntaxError) {
                    try tape.parse(bytes)
                } catch {
                    outcomes.append(.malformed(offset: error.offset, reason: error.reason))
                    continue
                }
                let type: String
                do throws(BulkResourceDecoder.Failure) {
                    type = try BulkResourceDecoder.resourceType(tape, root: 0, expectedType: expected)
                } catch {
                    outcomes.append(.rejected(error.reason, error.message))
                    continue
                }
                guard BulkResourceDecoder.isMappedType(type), type != "Medication" else {
                    outcomes.append(.acceptHere)
                    continue
                }
                let key = BulkResourceDecoder.patientKey(tape, root: 0, type: type)
                outcomes.append(.partition(key.map { SpillBuckets.bucket(for: $0, count: partitions) } ?? 0))
            }
        }
        return outcomes
    }

    /// Applies the first pass's outcomes for a chunk, in line order.
    private mutating func apply(
        _ chunk: LineChunk, _ outcomes: [RoutedLine], file: Int, expected: String?, buckets: SpillBuckets
    ) throws {
        try chunk.bytes.withUnsafeBytes { all in
            for (line, outcome) in zip(chunk.lines, outcomes) {
                switch line {
                case .blank:
                    summary.blankLines += 1
                case .tooLong(let number, let bytes):
                    summary.resourcesRead += 1
                    reject(
                        ResourceLocation(file: Int32(file), line: Int32(clamping: number), entry: -1), .lineTooLong,
                        "the line is \(bytes) bytes long, over the limit of \(options.maxLineBytes) bytes (--max-line-bytes)")
                case .text(let start, let count, let number, let inputOffset):
                    summary.resourcesRead += 1
                    let location = ResourceLocation(file: Int32(file), line: Int32(clamping: number), entry: -1)
                    let bytes = UnsafeRawBufferPointer(rebasing: all[start..<(start + count)])
                    switch outcome {
                    case .malformed(let offset, let reason):
                        reject(location, .malformedJSON, "malformed JSON at byte \(offset + 1): \(reason)")
                    case .rejected(let reason, let message):
                        reject(location, reason, message)
                    case .acceptHere:
                        do throws(JSONSyntaxError) {
                            try tape.parse(bytes)
                            accept(root: 0, location, expectedType: expected)
                        } catch {
                            reject(location, .malformedJSON, "malformed JSON at byte \(error.offset + 1): \(error.reason)")
                        }
                    case .partition(let bucket):
                        // Copied while the copies stay within `copiedLineBytes` (gzip lines always).
                        if let inputOffset, copiedLineBytes >= options.copiedLineBytes {
                            try buckets.appendReference(
                                bucket: bucket, file: file, line: number, offset: inputOffset, length: count)
                        } else {
                            try buckets.append(bucket: bucket, file: file, line: number, bytes: bytes)
                            copiedLineBytes += count
                        }
                    }
                }
            }
        }
    }

    static func isBlankLine(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for byte in bytes where byte != 0x20 && byte != 0x09 && byte != 0x0D { return false }
        return true
    }
}
