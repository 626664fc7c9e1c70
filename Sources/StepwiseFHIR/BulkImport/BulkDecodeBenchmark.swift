// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Decoding alone, for the import benchmark (`scripts/bench-import.sh`): reads NDJSON files and
/// decodes every line, either with the bulk importer's tape decoder or with Foundation's
/// `JSONDecoder` into the same `R4` types, without mapping or storing.
public enum BulkDecodeBenchmark {
    /// Which decoder to time.
    public enum Decoder: String, Sendable, CaseIterable {
        /// The purpose-built validating tape decoder of `stepwise import`.
        case stepwise
        /// Foundation's `JSONDecoder` with the `R4` types' `Codable` conformance.
        case foundation
    }

    /// Counts of a decoding pass.
    public struct Counts: Sendable, Equatable {
        /// Non-blank lines read.
        public var lines = 0
        /// Lines that decoded to a resource.
        public var decoded = 0
        /// Lines that did not.
        public var failed = 0
    }

    /// Decodes every line of the NDJSON files in `paths` (files or folders) with `decoder`.
    public static func run(paths: [String], decoder: Decoder, maxLineBytes: Int = 4 << 20) throws -> Counts {
        var counts = Counts()
        var tape = JSONTape()
        let json = JSONDecoder()
        for path in try BulkImporter.inputFiles(paths) where !BulkImporter.isWholeDocument(path) {
            let source = try ByteSource(path: path)
            let reader = NDJSONLineReader(source: source, maxLineBytes: maxLineBytes)
            while let line = try reader.next() {
                guard case .text(let bytes, _) = line, !bytes.isEmpty else { continue }
                counts.lines += 1
                switch decoder {
                case .stepwise:
                    do {
                        try tape.parse(bytes)
                        _ = try BulkResourceDecoder.decode(tape, root: 0, expectedType: nil)
                        counts.decoded += 1
                    } catch {
                        counts.failed += 1
                    }
                case .foundation:
                    if (try? json.decode(R4.Resource.self, from: Data(bytes))) != nil {
                        counts.decoded += 1
                    } else {
                        counts.failed += 1
                    }
                }
            }
            try source.finish()
        }
        return counts
    }
}
