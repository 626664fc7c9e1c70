// SPDX-License-Identifier: Apache-2.0
import Foundation

extension JSONTape {
    /// The token at `index`.
    @inline(__always)
    func kind(_ index: Int) -> JSONKind { tokens[index].kind }

    /// Calls `body(key, value)` for each member of the object at `index` (token indices).
    @inline(__always)
    func forEachMember(_ index: Int, _ body: (Int, Int) throws -> Void) rethrows {
        let stop = Int(tokens[index].next)
        var k = index + 1
        while k < stop {
            let value = k + 1
            try body(k, value)
            k = Int(tokens[value].next)
        }
    }

    /// Calls `body(element, position)` for each element of the array at `index`.
    @inline(__always)
    func forEachElement(_ index: Int, _ body: (Int, Int) throws -> Void) rethrows {
        let stop = Int(tokens[index].next)
        var k = index + 1
        var position = 0
        while k < stop {
            try body(k, position)
            position += 1
            k = Int(tokens[k].next)
        }
    }

    /// Whether the string token at `index` (a key or value) equals `text` after unescaping.
    @inline(__always)
    func string(_ index: Int, is text: StaticString) -> Bool {
        let token = tokens[index]
        guard token.kind == .string else { return false }
        if token.escaped { return string(index) == text.description }
        let length = Int(token.end - token.start)
        guard length == text.utf8CodeUnitCount, let base = bytes.baseAddress else { return false }
        return memcmp(base + Int(token.start), text.utf8Start, length) == 0
    }

    /// The unescaped text of the string token at `index`, or `nil` when it is not a string.
    func string(_ index: Int) -> String? {
        let token = tokens[index]
        guard token.kind == .string, let base = bytes.baseAddress else { return nil }
        let start = Int(token.start)
        let length = Int(token.end) - start
        if !token.escaped {
            if let common = CommonStrings.match(base + start, length) { return common }
            let source = UnsafeRawBufferPointer(start: base + start, count: length)
            return String(unsafeUninitializedCapacity: length) { buffer in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
                return length
            }
        }
        return Self.unescape(base.assumingMemoryBound(to: UInt8.self) + start, length)
    }

    /// The number token at `index` as a `Double`, or `nil` when it is not a number or overflows.
    func double(_ index: Int) -> Double? {
        let token = tokens[index]
        guard token.kind == .number, let base = bytes.baseAddress else { return nil }
        return Self.parseDouble(base.assumingMemoryBound(to: UInt8.self) + Int(token.start), Int(token.end - token.start))
    }

    /// The number token at `index` as an `Int` when it is a whole number without a fraction or
    /// exponent that fits, else `nil`.
    func integer(_ index: Int) -> Int? {
        let token = tokens[index]
        guard token.kind == .number, let raw = bytes.baseAddress else { return nil }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        var i = Int(token.start)
        let stop = Int(token.end)
        let negative = base[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var value = 0
        while i < stop {
            let digit = base[i] &- 48
            guard digit < 10 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int(digit))
            guard !o1, !o2 else { return nil }
            value = sum
            i += 1
        }
        return negative ? -value : value
    }

    /// The raw bytes of the token at `index` (string content without quotes).
    func rawBytes(_ index: Int) -> UnsafeRawBufferPointer {
        let token = tokens[index]
        guard let base = bytes.baseAddress else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base + Int(token.start), count: Int(token.end - token.start))
    }

    /// Decodes a validated, escaped string.
    static func unescape(_ base: UnsafePointer<UInt8>, _ count: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        var i = 0
        while i < count {
            let c = base[i]
            guard c == UInt8(ascii: "\\"), i + 1 < count else {
                out.append(c)
                i += 1
                continue
            }
            let e = base[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(base, i, count) ?? 0xFFFD
                i += 4
                if scalar >= 0xD800, scalar <= 0xDBFF, i + 6 <= count, let low = hex4(base, i + 2, count) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                let value = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: String(Character(value)).utf8)
            default: out.append(e)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses a validated JSON number: exact fast path for up to 15 digits and small exponents,
    /// the C library otherwise.
    static func parseDouble(_ base: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        var i = 0
        let negative = base[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var scale = 0
        var simple = true
        while i < count, base[i] &- 48 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(base[i] &- 48)
            digits += 1
            i += 1
        }
        if i < count, base[i] == UInt8(ascii: ".") {
            i += 1
            while i < count, base[i] &- 48 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(base[i] &- 48)
                digits += 1
                scale += 1
                i += 1
            }
        }
        if i < count { simple = false }  // exponent
        if simple, digits <= 15, scale <= 22 {
            let value = Double(mantissa) / powersOfTen[scale]
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }
}
