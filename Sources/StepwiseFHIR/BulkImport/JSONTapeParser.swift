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
    ///
    /// The tokens are written straight into the tape's reused slots (no per-token append checks,
    /// no allocation per document) and the open containers onto a fixed stack, then copied into
    /// `tokens`. The slots are first sized for a quarter of the bytes; a document with more tokens
    /// is parsed again with room for the most it can have (every token starts at a byte of its
    /// own). On an error the tokens read before it are kept, as with appending.
    mutating func parse(_ input: UnsafeRawBufferPointer) throws(JSONSyntaxError) {
        bytes = input
        let count = input.count
        guard count > 0, let raw = input.baseAddress else {
            tokens.removeAll(keepingCapacity: true)
            throw JSONSyntaxError(offset: 0, reason: "the line is empty")
        }
        guard count < Int(Int32.max) else {
            tokens.removeAll(keepingCapacity: true)
            throw JSONSyntaxError(offset: 0, reason: "the document is too large")
        }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        var wanted = min(count + 1, max(count / 4, 64))
        var failure: JSONSyntaxError?
        var n = 0
        while true {
            if slots.count < wanted {
                slots.append(
                    contentsOf: repeatElement(
                        JSONToken(kind: .null, escaped: false, start: 0, end: 0, next: 0), count: wanted - slots.count))
            }
            var complete = true
            n = 0
            slots.withUnsafeMutableBufferPointer { buffer in
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: Self.maxDepth) { open in
                    guard let out = buffer.baseAddress, let stack = open.baseAddress else { return }
                    do throws(JSONSyntaxError) {
                        complete = try Self.scan(base, count, out, buffer.count, &n, stack)
                    } catch {
                        failure = error
                    }
                }
            }
            if complete || failure != nil || slots.count > count { break }
            wanted = count + 1
        }
        tokens.removeAll(keepingCapacity: true)
        slots.withUnsafeBufferPointer { tokens.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<n])) }
        // Slots for a very large document are not kept for the next one.
        if slots.count > Self.keptSlots { slots = [] }
        if let failure { throw failure }
    }

    /// Most slots a tape keeps between documents (1 MiB).
    static let keptSlots = 1 << 16

    /// Validates the `count` bytes at `base`, writing the tokens to `out` (`n` of them so far;
    /// the memory is initialized, tokens are trivial); `false` when `capacity` tokens were not enough. `open` holds ``maxDepth`` container indices.
    private static func scan(
        _ base: UnsafePointer<UInt8>, _ count: Int, _ out: UnsafeMutablePointer<JSONToken>, _ capacity: Int,
        _ n: inout Int, _ open: UnsafeMutablePointer<Int32>
    ) throws(JSONSyntaxError) -> Bool {
        var depth = 0
        /// Writes `token` (the next token's index is `n` before the call).
        @inline(__always) func put(_ token: JSONToken) -> Bool {
            guard n < capacity else { return false }
            out[n] = token
            n += 1
            return true
        }
        @inline(__always) func close(at offset: Int) {
            depth -= 1
            let index = Int(open[depth])
            out[index].end = Int32(offset + 1)
            out[index].next = Int32(n)
        }
        var i = skipSpace(base, 0, count)
        var state = State.value
        while true {
            switch state {
            case .value:
                guard i < count else { throw JSONSyntaxError(offset: i, reason: "unexpected end of input, expected a value") }
                let c = base[i]
                switch c {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    guard depth < Self.maxDepth else {
                        throw JSONSyntaxError(offset: i, reason: "nesting deeper than \(Self.maxDepth) levels")
                    }
                    let isObject = c == UInt8(ascii: "{")
                    open[depth] = Int32(n)
                    depth += 1
                    guard put(JSONToken(kind: isObject ? .object : .array, escaped: false, start: Int32(i), end: 0, next: 0))
                    else { return false }
                    i = skipSpace(base, i + 1, count)
                    if i < count, base[i] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                        close(at: i)
                        i += 1
                        state = .after
                    } else {
                        state = isObject ? .key : .value
                    }
                case UInt8(ascii: "\""):
                    let (stop, escaped) = try scanString(base, i, count)
                    guard put(JSONToken(kind: .string, escaped: escaped, start: Int32(i + 1), end: Int32(stop), next: Int32(n + 1)))
                    else { return false }
                    i = stop + 1
                    state = .after
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    let stop = try scanNumber(base, i, count)
                    guard put(JSONToken(kind: .number, escaped: false, start: Int32(i), end: Int32(stop), next: Int32(n + 1)))
                    else { return false }
                    i = stop
                    state = .after
                case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                    let (word, kind): (StaticString, JSONKind) =
                        c == UInt8(ascii: "t") ? ("true", .true) : c == UInt8(ascii: "f") ? ("false", .false) : ("null", .null)
                    let length = word.utf8CodeUnitCount
                    guard i + length <= count, memcmp(base + i, word.utf8Start, length) == 0 else {
                        throw JSONSyntaxError(offset: i, reason: "unexpected word, expected true, false or null")
                    }
                    guard put(JSONToken(kind: kind, escaped: false, start: Int32(i), end: Int32(i + length), next: Int32(n + 1)))
                    else { return false }
                    i += length
                    state = .after
                default:
                    throw JSONSyntaxError(offset: i, reason: "unexpected character, expected a value")
                }
            case .key:
                guard i < count else { throw JSONSyntaxError(offset: i, reason: "unexpected end of input, expected a member name") }
                guard base[i] == UInt8(ascii: "\"") else {
                    throw JSONSyntaxError(offset: i, reason: "expected a member name in double quotes")
                }
                let (stop, escaped) = try scanString(base, i, count)
                guard put(JSONToken(kind: .string, escaped: escaped, start: Int32(i + 1), end: Int32(stop), next: Int32(n + 1)))
                else { return false }
                i = skipSpace(base, stop + 1, count)
                guard i < count, base[i] == UInt8(ascii: ":") else {
                    throw JSONSyntaxError(offset: i, reason: "expected ':' after a member name")
                }
                i = skipSpace(base, i + 1, count)
                state = .value
            case .after:
                i = skipSpace(base, i, count)
                guard depth > 0 else {
                    guard i == count else {
                        throw JSONSyntaxError(offset: i, reason: "unexpected content after the end of the JSON value")
                    }
                    return true
                }
                guard i < count else {
                    throw JSONSyntaxError(offset: i, reason: "unexpected end of input inside an object or array")
                }
                let isObject = out[Int(open[depth - 1])].kind == .object
                let c = base[i]
                if c == UInt8(ascii: ",") {
                    i = skipSpace(base, i + 1, count)
                    state = isObject ? .key : .value
                } else if c == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    close(at: i)
                    i += 1
                } else {
                    throw JSONSyntaxError(
                        offset: i, reason: isObject ? "expected ',' or '}' in an object" : "expected ',' or ']' in an array")
                }
            }
        }
    }

    @inline(__always)
    static func skipSpace(_ base: UnsafePointer<UInt8>, _ from: Int, _ count: Int) -> Int {
        var i = from
        while i < count {
            let c = base[i]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { break }
            i += 1
        }
        return i
    }

    /// Validates a number starting at `i` (JSON grammar: no leading zeros, no bare dot, no
    /// NaN/Infinity) and returns the offset after it.
    static func scanNumber(_ base: UnsafePointer<UInt8>, _ from: Int, _ count: Int) throws(JSONSyntaxError) -> Int {
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
