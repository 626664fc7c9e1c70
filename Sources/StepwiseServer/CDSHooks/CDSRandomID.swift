// SPDX-License-Identifier: Apache-2.0

/// Card and suggestion ids: random version 4 UUIDs in lower case, spelt as
/// `UUID().uuidString.lowercased()` spells them (`8-4-4-4-12` hex digits).
///
/// Drawn from the system generator (`getrandom`), two 64-bit draws per id; Foundation's `UUID()` on
/// Linux opens, reads and closes `/dev/urandom` for every id, and a patient-view answer needs about ten.
enum CDSRandomID {
    /// A fresh random id.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(high: generator.next(), low: generator.next())
    }

    /// The id for 128 bits (`high` first), with the version (4) and variant (`10`) bits set.
    static func make(high: UInt64, low: UInt64) -> String {
        let high = (high & ~0xF000) | 0x4000
        let low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        return String(unsafeUninitializedCapacity: 36) { buffer in
            let digits: StaticString = "0123456789abcdef"
            var at = 0
            for nibble in 0..<32 {
                if nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20 {
                    buffer[at] = UInt8(ascii: "-")
                    at += 1
                }
                let word = nibble < 16 ? high : low
                let shift = UInt64(60 - 4 * (nibble % 16))
                buffer[at] = digits.utf8Start[Int((word >> shift) & 0xF)]
                at += 1
            }
            return at
        }
    }
}
