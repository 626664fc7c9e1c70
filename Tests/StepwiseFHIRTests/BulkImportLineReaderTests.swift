// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import Testing

@testable import StepwiseFHIR

/// Reading NDJSON through one fixed buffer: files bigger than a chunk, lines spanning chunks,
/// line endings, the line-length limit and gzip.
@Suite struct BulkImportLineReaderTests {
    /// Reads every line of `path` with the given chunk size and limit.
    static func readAll(_ path: String, chunk: Int, limit: Int) throws -> [(Int, String?)] {
        let reader = NDJSONLineReader(source: try ByteSource(path: path), chunkSize: chunk, maxLineBytes: limit)
        var lines: [(Int, String?)] = []
        while let line = try reader.next() {
            switch line {
            case .text(let bytes, let number): lines.append((number, String(decoding: bytes, as: UTF8.self)))
            case .tooLong(let number, _): lines.append((number, nil))
            }
        }
        return lines
    }

    static func write(_ text: String, name: String = "lines.ndjson") throws -> String {
        let path = (try BulkFixtures.temporaryFolder() as NSString).appendingPathComponent(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func readsAFileManyTimesBiggerThanTheChunkWithLinesSpanningChunks() throws {
        let expected = (1...500).map { n in #"{"n":\#(n),"pad":"\#(String(repeating: "x", count: n % 97))"}"# }
        let path = try Self.write(expected.joined(separator: "\n") + "\n")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size > 64 * 100)
        let lines = try Self.readAll(path, chunk: 64, limit: 4096)
        #expect(lines.map(\.0) == Array(1...500))
        #expect(lines.map(\.1) == expected)
    }

    @Test func handlesCRLFByteOrderMarkBlankLinesAndAMissingFinalNewline() throws {
        let path = try Self.write("\u{FEFF}{\"a\":1}\r\n\r\n{\"b\":2}\n{\"c\":3}")
        let lines = try Self.readAll(path, chunk: 16, limit: 100)
        #expect(lines.map(\.0) == [1, 2, 3, 4])
        #expect(lines.map(\.1) == [#"{"a":1}"#, "", #"{"b":2}"#, #"{"c":3}"#])
    }

    @Test(arguments: [8, 64, 1 << 20])
    func skipsALineLongerThanTheLimitWithoutHoldingItAndKeepsReading(_ chunk: Int) throws {
        let long = #"{"v":""# + String(repeating: "y", count: 5_000) + #""}"#
        let path = try Self.write("{\"a\":1}\n\(long)\n{\"b\":2}\n\(long)")
        let lines = try Self.readAll(path, chunk: chunk, limit: 1_000)
        #expect(lines.map(\.0) == [1, 2, 3, 4])
        #expect(lines[0].1 == #"{"a":1}"#)
        #expect(lines[1].1 == nil)
        #expect(lines[2].1 == #"{"b":2}"#)
        #expect(lines[3].1 == nil)
    }

    @Test func acceptsALineOfExactlyTheLimit() throws {
        let line = String(repeating: "z", count: 100)
        let path = try Self.write("\(line)\n\(line)z\n")
        let lines = try Self.readAll(path, chunk: 7, limit: 100)
        #expect(lines.map(\.1) == [line, nil])
    }

    @Test func readsGzipCompressedFiles() throws {
        let expected = (1...2_000).map { #"{"n":\#($0)}"# }
        let path = try Self.write(expected.joined(separator: "\n") + "\n")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gzip.arguments = ["gzip", "-f", path]
        try gzip.run()
        gzip.waitUntilExit()
        try #require(gzip.terminationStatus == 0)
        let lines = try Self.readAll(path + ".gz", chunk: 256, limit: 100)
        #expect(lines.map(\.1) == expected)
    }

    @Test func reportsADamagedGzipFile() throws {
        let path = try Self.write("this is not gzip data", name: "Observation.ndjson.gz")
        let source = try ByteSource(path: path)
        let reader = NDJSONLineReader(source: source, maxLineBytes: 100)
        while try reader.next() != nil {}
        #expect(throws: StepwiseError.self) { try source.finish() }
    }
}
