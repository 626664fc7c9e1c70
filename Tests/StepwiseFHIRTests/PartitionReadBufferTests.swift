// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
@testable import StepwiseFHIR
import Testing

/// Partitions read back through one reused buffer (as each second-pass worker does) give every
/// entry exactly as it was appended, whatever the order and sizes of the partitions.
@Suite struct PartitionReadBufferTests {
    private struct Appended: Equatable {
        var file: Int
        var line: Int
        var bytes: [UInt8]?
        var offset: Int
        var length: Int
    }

    private static func read(_ path: String, buffer: SpillBuckets.ReadBuffer?) throws -> [Appended] {
        var entries: [Appended] = []
        let body: (SpillBuckets.Entry) throws -> Void = { entry in
            entries.append(
                Appended(
                    file: entry.file, line: entry.line, bytes: entry.bytes.map { Array($0) },
                    offset: entry.bytes == nil ? entry.offset : 0, length: entry.length))
        }
        if let buffer {
            try SpillBuckets.forEachEntry(path: path, buffer: buffer, body)
        } else {
            try SpillBuckets.forEachEntry(path: path, body)
        }
        return entries
    }

    @Test func aReusedBufferReadsEveryPartitionAsAppended() throws {
        let buckets = try SpillBuckets(count: 4)
        defer { buckets.remove() }
        var expected: [[Appended]] = Array(repeating: [], count: 4)
        var random = SystemRandomNumberGenerator()
        // Partition 0: many lines (about 900 kB, over the buffer's first size); 1: a few short
        // lines and references; 2: empty; 3: one line larger than partition 1 altogether.
        for line in 1...600 {
            let bytes = (0..<(1_000 + line % 977)).map { _ in UInt8.random(in: 0x20...0x7e, using: &random) }
            try bytes.withUnsafeBytes { try buckets.append(bucket: 0, file: line % 3, line: line, bytes: $0) }
            expected[0].append(Appended(file: line % 3, line: line, bytes: bytes, offset: 0, length: bytes.count))
        }
        for line in 1...5 {
            let bytes = Array("{\"resourceType\":\"Patient\",\"id\":\"p\(line)\"}".utf8)
            try bytes.withUnsafeBytes { try buckets.append(bucket: 1, file: 0, line: line, bytes: $0) }
            expected[1].append(Appended(file: 0, line: line, bytes: bytes, offset: 0, length: bytes.count))
            try buckets.appendReference(bucket: 1, file: 1, line: 10 + line, offset: 4_096 * line, length: 77)
            expected[1].append(Appended(file: 1, line: 10 + line, bytes: nil, offset: 4_096 * line, length: 77))
        }
        let large = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try large.withUnsafeBytes { try buckets.append(bucket: 3, file: 2, line: 9, bytes: $0) }
        expected[3].append(Appended(file: 2, line: 9, bytes: large, offset: 0, length: large.count))
        try buckets.finishWriting()

        let shared = SpillBuckets.ReadBuffer()
        for index in [1, 0, 2, 3, 1, 2, 0] {
            let reused = try Self.read(buckets.path(index), buffer: shared)
            #expect(reused == expected[index], "partition \(index)")
            #expect(try Self.read(buckets.path(index), buffer: nil) == reused)
        }
    }

    @Test func aMissingPartitionFileIsAClearError() {
        #expect(throws: StepwiseError.self) {
            try SpillBuckets.forEachEntry(path: "/nonexistent/part-0.bin", buffer: SpillBuckets.ReadBuffer()) { _ in }
        }
    }
}
