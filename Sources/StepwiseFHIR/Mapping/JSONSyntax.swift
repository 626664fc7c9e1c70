// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A small JSON syntax checker that finds the first error's byte offset, line and column, so a
/// malformed file is reported precisely ("line 12, column 7") without echoing its content.
enum JSONSyntax {
    /// A syntax error.
    struct Failure: Equatable {
        /// Zero-based byte offset.
        var offset: Int
        /// One-based line.
        var line: Int
        /// One-based column (in bytes).
        var column: Int
        /// What was expected.
        var message: String
        /// `line L, column C (byte B)`.
        var location: String { "line \(line), column \(column) (byte \(offset))" }
    }

    /// Maximum nesting depth accepted (deeper input is rejected, not recursed into).
    static let maximumDepth = 512

    /// Whether `data` is a JSON object with a top-level member called `name` (the whole input is
    /// checked for well-formedness on the way; malformed input answers `false`).
    static func hasTopLevelMember(_ name: String, in data: Data) -> Bool {
        var parser = Parser(bytes: [UInt8](data))
        parser.wanted = Array(name.utf8)
        return parser.run() == nil && parser.found
    }

    /// The first syntax error in `data`, or `nil` when it is one well-formed JSON value.
    static func firstError(in data: Data) -> Failure? {
        let bytes = [UInt8](data)
        var parser = Parser(bytes: bytes)
        if let failure = parser.run() {
            return locate(failure.offset, failure.message, in: bytes)
        }
        return nil
    }

    private static func locate(_ offset: Int, _ message: String, in bytes: [UInt8]) -> Failure {
        var line = 1
        var column = 1
        var index = 0
        while index < min(offset, bytes.count) {
            if bytes[index] == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }
        return Failure(offset: offset, line: line, column: column, message: message)
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0
        /// A top-level member name to look for, and whether it was seen.
        var wanted: [UInt8]? = nil
        var found = false

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func run() -> (offset: Int, message: String)? {
            // Skip a UTF-8 byte-order mark.
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
            skipWhitespace()
            if position >= bytes.count { return (position, "the input is empty") }
            if let failure = value(depth: 0) { return failure }
            skipWhitespace()
            if position < bytes.count { return (position, "unexpected content after the end of the JSON value") }
            return nil
        }

        mutating func skipWhitespace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        mutating func value(depth: Int) -> (offset: Int, message: String)? {
            guard depth < JSONSyntax.maximumDepth else { return (position, "nesting deeper than \(JSONSyntax.maximumDepth) levels") }
            guard position < bytes.count else { return (position, "unexpected end of input, expected a value") }
            switch bytes[position] {
            case UInt8(ascii: "{"): return object(depth: depth)
            case UInt8(ascii: "["): return array(depth: depth)
            case UInt8(ascii: "\""): return string()
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
            default: return (position, "unexpected character, expected a value")
            }
        }

        mutating func object(depth: Int) -> (offset: Int, message: String)? {
            position += 1
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                position += 1
                return nil
            }
            while true {
                skipWhitespace()
                guard position < bytes.count else { return (position, "unexpected end of input inside an object") }
                guard bytes[position] == UInt8(ascii: "\"") else { return (position, "expected a quoted member name") }
                let nameStart = position + 1
                if let failure = string() { return failure }
                if depth == 0, let wanted, !found, position - 1 - nameStart == wanted.count,
                    bytes[nameStart..<(position - 1)].elementsEqual(wanted)
                {
                    found = true
                }
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                    return (position, "expected ':' after a member name")
                }
                position += 1
                skipWhitespace()
                if let failure = value(depth: depth + 1) { return failure }
                skipWhitespace()
                guard position < bytes.count else { return (position, "unexpected end of input inside an object") }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                if bytes[position] == UInt8(ascii: "}") {
                    position += 1
                    return nil
                }
                return (position, "expected ',' or '}' in an object")
            }
        }

        mutating func array(depth: Int) -> (offset: Int, message: String)? {
            position += 1
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                position += 1
                return nil
            }
            while true {
                skipWhitespace()
                if let failure = value(depth: depth + 1) { return failure }
                skipWhitespace()
                guard position < bytes.count else { return (position, "unexpected end of input inside an array") }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                if bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    return nil
                }
                return (position, "expected ',' or ']' in an array")
            }
        }

        mutating func string() -> (offset: Int, message: String)? {
            position += 1
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    position += 1
                    return nil
                }
                if byte < 0x20 { return (position, "control character inside a string") }
                if byte == UInt8(ascii: "\\") {
                    position += 1
                    guard position < bytes.count else { break }
                    switch bytes[position] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                        UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        position += 1
                    case UInt8(ascii: "u"):
                        position += 1
                        for _ in 0..<4 {
                            guard position < bytes.count, Self.isHex(bytes[position]) else {
                                return (position, "invalid \\u escape in a string")
                            }
                            position += 1
                        }
                    default:
                        return (position, "invalid escape in a string")
                    }
                    continue
                }
                position += 1
            }
            return (position, "unterminated string")
        }

        mutating func number() -> (offset: Int, message: String)? {
            let start = position
            if bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard position < bytes.count, Self.isDigit(bytes[position]) else { return (position, "invalid number") }
            if bytes[position] == UInt8(ascii: "0") {
                position += 1
            } else {
                while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                position += 1
                guard position < bytes.count, Self.isDigit(bytes[position]) else { return (position, "invalid number") }
                while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
                position += 1
                if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                    position += 1
                }
                guard position < bytes.count, Self.isDigit(bytes[position]) else { return (position, "invalid number") }
                while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
            }
            _ = start
            return nil
        }

        mutating func literal(_ word: String) -> (offset: Int, message: String)? {
            for expected in word.utf8 {
                guard position < bytes.count, bytes[position] == expected else {
                    return (position, "invalid literal, expected \(word)")
                }
                position += 1
            }
            return nil
        }

        static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        static func isHex(_ byte: UInt8) -> Bool {
            isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
        }
    }
}
