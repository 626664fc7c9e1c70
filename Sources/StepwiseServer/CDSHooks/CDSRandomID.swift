// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Card and suggestion ids: random version 4 UUIDs in lower case, spelt as
/// `UUID().uuidString.lowercased()` spells them (`8-4-4-4-12` hex digits).
///
/// The bits come from the operating system's generator (`arc4random_buf`), fetched 4 kB at a time into
/// a shared pool; Foundation's `UUID()` on Linux opens, reads and closes `/dev/urandom` for every id,
/// and a patient-view answer needs about ten.
enum CDSRandomID {
    /// A fresh random id.
    static func make() -> String {
        let (high, low) = pool.withLock { $0.next() }
        return make(high: high, low: low)
    }

    private static let pool = Mutex(Pool())

    /// Random 64-bit words, refilled from the system when used up; each word is handed out once.
    struct Pool {
        var words = [UInt64](repeating: 0, count: 512)
        var used = 512

        mutating func next() -> (UInt64, UInt64) {
            if used + 2 > words.count {
                words.withUnsafeMutableBytes { bytes in
                    if let base = bytes.baseAddress { arc4random_buf(base, bytes.count) }
                }
                used = 0
            }
            defer { used += 2 }
            return (words[used], words[used + 1])
        }
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
