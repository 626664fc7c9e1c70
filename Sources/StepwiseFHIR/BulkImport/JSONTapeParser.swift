// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Why a document is not valid JSON: the byte offset and a fixed reason (never the content).
struct JSONSyntaxError: Error, Sendable, Equatable {
    /// 0-based byte offset in the document where the problem was found.
    var offset: Int
    /// What was wrong, in plain words.
    var reason: String
}

extension JSONTape {
    /// Deepest nesting accepted; FHIR resources stay far below it.
    static let maxDepth = 256

    private enum State { case value, key, after }

    /// Parses and validates `input` (RFC 8259 JSON, UTF-8) into this tape, replacing its tokens.
    mutating func parse(_ input: UnsafeRawBufferPointer) throws(JSONSyntaxError) {
        tokens.removeAll(keepingCapacity: true)
        bytes = input
        let count = input.count
        guard count > 0, let raw = input.baseAddress else {
            throw JSONSyntaxError(offset: 0, reason: "the line is empty")
        }
        guard count < Int(Int32.max) else { throw JSONSyntaxError(offset: 0, reason: "the document is too large") }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        var open: [Int32] = []
        var i = Self.skipSpace(base, 0, count)
        var state = State.value
        while true {
            switch state {
            case .value:
                guard i < count else { throw JSONSyntaxError(offset: i, reason: "unexpected end of input, expected a value") }
                let c = base[i]
                switch c {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    guard open.count < Self.maxDepth else {
                        throw JSONSyntaxError(offset: i, reason: "nesting deeper than \(Self.maxDepth) levels")
                    }
                    let isObject = c == UInt8(ascii: "{")
                    open.append(Int32(tokens.count))
                    tokens.append(
                        JSONToken(kind: isObject ? .object : .array, escaped: false, start: Int32(i), end: 0, next: 0))
                    i = Self.skipSpace(base, i + 1, count)
                    if i < count, base[i] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                        close(&open, at: i)
                        i += 1
                        state = .after
                    } else {
                        state = isObject ? .key : .value
                    }
                case UInt8(ascii: "\""):
                    let (stop, escaped) = try Self.scanString(base, i, count)
                    tokens.append(
                        JSONToken(
                            kind: .string, escaped: escaped, start: Int32(i + 1), end: Int32(stop),
                            next: Int32(tokens.count + 1)))
                    i = stop + 1
                    state = .after
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    let stop = try Self.scanNumber(base, i, count)
                    tokens.append(
                        JSONToken(kind: .number, escaped: false, start: Int32(i), end: Int32(stop), next: Int32(tokens.count + 1)))
                    i = stop
                    state = .after
                case UInt8(ascii: "t"):
                    i = try Self.literal(base, i, count, "true", kind: .true, into: &tokens)
                    state = .after
                case UInt8(ascii: "f"):
                    i = try Self.literal(base, i, count, "false", kind: .false, into: &tokens)
                    state = .after
                case UInt8(ascii: "n"):
                    i = try Self.literal(base, i, count, "null", kind: .null, into: &tokens)
                    state = .after
                default:
                    throw JSONSyntaxError(offset: i, reason: "unexpected character, expected a value")
                }
            case .key:
                guard i < count else { throw JSONSyntaxError(offset: i, reason: "unexpected end of input, expected a member name") }
                guard base[i] == UInt8(ascii: "\"") else {
                    throw JSONSyntaxError(offset: i, reason: "expected a member name in double quotes")
                }
                let (stop, escaped) = try Self.scanString(base, i, count)
                tokens.append(
                    JSONToken(kind: .string, escaped: escaped, start: Int32(i + 1), end: Int32(stop), next: Int32(tokens.count + 1)))
                i = Self.skipSpace(base, stop + 1, count)
                guard i < count, base[i] == UInt8(ascii: ":") else {
                    throw JSONSyntaxError(offset: i, reason: "expected ':' after a member name")
                }
                i = Self.skipSpace(base, i + 1, count)
                state = .value
            case .after:
                i = Self.skipSpace(base, i, count)
                guard let top = open.last else {
                    guard i == count else {
                        throw JSONSyntaxError(offset: i, reason: "unexpected content after the end of the JSON value")
                    }
                    return
                }
                guard i < count else {
                    throw JSONSyntaxError(offset: i, reason: "unexpected end of input inside an object or array")
                }
                let isObject = tokens[Int(top)].kind == .object
                let c = base[i]
                if c == UInt8(ascii: ",") {
                    i = Self.skipSpace(base, i + 1, count)
                    state = isObject ? .key : .value
                } else if c == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    close(&open, at: i)
                    i += 1
                } else {
                    throw JSONSyntaxError(
                        offset: i, reason: isObject ? "expected ',' or '}' in an object" : "expected ',' or ']' in an array")
                }
            }
        }
    }

    private mutating func close(_ open: inout [Int32], at offset: Int) {
        let index = Int(open.removeLast())
        tokens[index].end = Int32(offset + 1)
        tokens[index].next = Int32(tokens.count)
    }

    @inline(__always)
    private static func skipSpace(_ base: UnsafePointer<UInt8>, _ from: Int, _ count: Int) -> Int {
        var i = from
        while i < count {
            let c = base[i]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { break }
            i += 1
        }
        return i
    }

    private static func literal(
        _ base: UnsafePointer<UInt8>, _ i: Int, _ count: Int, _ word: StaticString, kind: JSONKind,
        into tokens: inout [JSONToken]
    ) throws(JSONSyntaxError) -> Int {
        let length = word.utf8CodeUnitCount
        guard i + length <= count, memcmp(base + i, word.utf8Start, length) == 0 else {
            throw JSONSyntaxError(offset: i, reason: "unexpected word, expected true, false or null")
        }
        tokens.append(JSONToken(kind: kind, escaped: false, start: Int32(i), end: Int32(i + length), next: Int32(tokens.count + 1)))
        return i + length
    }

    /// Validates a number starting at `i` (JSON grammar: no leading zeros, no bare dot, no
    /// NaN/Infinity) and returns the offset after it.
    private static func scanNumber(_ base: UnsafePointer<UInt8>, _ from: Int, _ count: Int) throws(JSONSyntaxError) -> Int {
        var i = from
        @inline(__always) func isDigit(_ i: Int) -> Bool { i < count && base[i] &- 48 < 10 }
        if base[i] == UInt8(ascii: "-") { i += 1 }
        guard isDigit(i) else { throw JSONSyntaxError(offset: i, reason: "invalid number: expected a digit") }
        if base[i] == UInt8(ascii: "0") {
            i += 1
        } else {
            while isDigit(i) { i += 1 }
        }
        if i < count, base[i] == UInt8(ascii: ".") {
            i += 1
            guard isDigit(i) else { throw JSONSyntaxError(offset: i, reason: "invalid number: expected a digit after '.'") }
            while isDigit(i) { i += 1 }
        }
        if i < count, base[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < count, base[i] == UInt8(ascii: "+") || base[i] == UInt8(ascii: "-") { i += 1 }
            guard isDigit(i) else { throw JSONSyntaxError(offset: i, reason: "invalid number: expected an exponent") }
            while isDigit(i) { i += 1 }
        }
        return i
    }
}
