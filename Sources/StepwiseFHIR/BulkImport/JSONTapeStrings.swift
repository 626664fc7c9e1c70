// SPDX-License-Identifier: Apache-2.0

extension JSONTape {
    /// Validates a string whose opening quote is at `quote`; returns the offset of the closing
    /// quote and whether the content has escapes. Rejects raw control characters, bad escapes,
    /// unpaired surrogate escapes and invalid UTF-8 (overlong forms, surrogates, > U+10FFFF).
    static func scanString(_ base: UnsafePointer<UInt8>, _ quote: Int, _ count: Int) throws(JSONSyntaxError) -> (
        Int, Bool
    ) {
        var i = quote + 1
        var escaped = false
        let raw = UnsafeRawPointer(base)
        while true {
            // Eight plain ASCII bytes at a time: none is a quote, backslash, control or non-ASCII
            // byte. When a word holds one, skip straight to the first (the mask's lowest flagged
            // byte is exact: a false flag can only sit above a true one) instead of stepping
            // byte by byte and testing each step's word again.
            while i + 8 <= count {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let mask = specialByteMask(word)
                if mask != 0 {
                    i += mask.trailingZeroBitCount >> 3
                    break
                }
                i += 8
            }
            guard i < count else { throw JSONSyntaxError(offset: i, reason: "unterminated string") }
            let c = base[i]
            if c == UInt8(ascii: "\"") { return (i, escaped) }
            if c == UInt8(ascii: "\\") {
                escaped = true
                i = try scanEscape(base, i, count)
            } else if c < 0x20 {
                throw JSONSyntaxError(offset: i, reason: "control character inside a string (it must be escaped)")
            } else if c < 0x80 {
                i += 1
            } else {
                i = try scanUTF8(base, i, count)
            }
        }
    }

    /// Non-zero when any byte of `word` is `"`, `\`, below 0x20 or at/above 0x80.
    @inline(__always)
    private static func specialByteMask(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let hasQuote = (quote &- ones) & ~quote
        let hasBackslash = (backslash &- ones) & ~backslash
        let hasControl = (word &- ones &* 0x20) & ~word
        return (hasQuote | hasBackslash | hasControl | word) & high
    }

    /// Validates the escape at `i` (a backslash) and returns the offset after it.
    private static func scanEscape(_ base: UnsafePointer<UInt8>, _ at: Int, _ count: Int) throws(JSONSyntaxError) -> Int {
        let i = at + 1
        guard i < count else { throw JSONSyntaxError(offset: i, reason: "unterminated string") }
        switch base[i] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return i + 1
        case UInt8(ascii: "u"):
            guard let unit = hex4(base, i + 1, count) else {
                throw JSONSyntaxError(offset: i, reason: "invalid \\u escape: expected four hex digits")
            }
            if unit >= 0xDC00 && unit <= 0xDFFF {
                throw JSONSyntaxError(offset: i, reason: "invalid \\u escape: unpaired low surrogate")
            }
            guard unit >= 0xD800 && unit <= 0xDBFF else { return i + 5 }
            let j = i + 5
            guard j + 1 < count, base[j] == UInt8(ascii: "\\"), base[j + 1] == UInt8(ascii: "u"),
                let low = hex4(base, j + 2, count), low >= 0xDC00 && low <= 0xDFFF
            else { throw JSONSyntaxError(offset: i, reason: "invalid \\u escape: unpaired high surrogate") }
            return j + 6
        default:
            throw JSONSyntaxError(offset: i, reason: "invalid escape sequence in a string")
        }
    }

    /// The value of four hex digits at `i`, or `nil`.
    static func hex4(_ base: UnsafePointer<UInt8>, _ i: Int, _ count: Int) -> UInt32? {
        guard i + 4 <= count else { return nil }
        var value: UInt32 = 0
        for k in 0..<4 {
            let c = base[i + k]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Validates one multi-byte UTF-8 sequence at `i` and returns the offset after it.
    private static func scanUTF8(_ base: UnsafePointer<UInt8>, _ i: Int, _ count: Int) throws(JSONSyntaxError) -> Int {
        let lead = base[i]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw JSONSyntaxError(offset: i, reason: "invalid UTF-8 in a string")
        }
        guard i + length <= count else { throw JSONSyntaxError(offset: i, reason: "invalid UTF-8 in a string") }
        let second = base[i + 1]
        guard second >= low && second <= high else { throw JSONSyntaxError(offset: i, reason: "invalid UTF-8 in a string") }
        for k in 2..<max(2, length) where base[i + k] & 0xC0 != 0x80 {
            throw JSONSyntaxError(offset: i, reason: "invalid UTF-8 in a string")
        }
        return i + length
    }
}
