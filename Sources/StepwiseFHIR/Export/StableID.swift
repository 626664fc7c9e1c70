// SPDX-License-Identifier: Apache-2.0

/// Deterministic UUID-shaped ids, so the same report always exports the same Bundle.
enum StableID {
    /// A UUID (version-4 layout, deterministic) from `parts`, via two FNV-1a 64-bit hashes.
    static func uuid(_ parts: String...) -> String {
        let text = parts.joined(separator: "\u{1F}")
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in text.utf8 {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            b = b &+ (a >> 7)
        }
        var hex = hex64(a) + hex64(b)
        // Version 4 and RFC 4122 variant nibbles.
        var chars = Array(hex)
        chars[12] = "4"
        let variant = Int(String(chars[16]), radix: 16) ?? 0
        chars[16] = Array("89ab")[variant & 3]
        hex = String(chars)
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-"
            + String(c[20..<32])
    }

    private static func hex64(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
