// SPDX-License-Identifier: Apache-2.0
import Foundation

/// A strict RFC 8259 syntax check with the first problem's line and column.
///
/// Foundation's `JSONDecoder` on Linux accepts some malformed input (a trailing comma); readers
/// that must refuse it (patient files, CDS Hooks bodies) check here first. The message names
/// what was expected, never the input's content.
public enum StrictJSON {
    /// Where and what the first syntax problem is.
    public struct Problem: Sendable, Equatable {
        /// One-based line.
        public var line: Int
        /// One-based column, in bytes.
        public var column: Int
        /// Zero-based byte offset.
        public var offset: Int
        /// What was expected, e.g. `expected a value` or `the input is empty`.
        public var message: String
    }

    /// The first syntax problem in `data`, or `nil` when it is exactly one well-formed JSON value
    /// (nesting deeper than 512 levels is a problem too).
    public static func firstProblem(in data: Data) -> Problem? {
        JSONSyntax.firstError(in: data).map {
            Problem(line: $0.line, column: $0.column, offset: $0.offset, message: $0.message)
        }
    }
}
