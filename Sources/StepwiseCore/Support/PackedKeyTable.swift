// SPDX-License-Identifier: Apache-2.0

/// Distinct 64-bit keys and their positions in the order given, in an open-addressed table (linear
/// probing, a multiplicative hash): a look-up is a few instructions per probe and allocates nothing.
struct PackedKeyTable: Sendable, Equatable {
    /// Slot contents; 0 marks an empty slot (the key 0 is kept apart in ``zero``).
    private let keys: [UInt64]
    private let positions: [Int32]
    private let shift: UInt64
    private let zero: Int

    /// A table of `keys` (distinct): `position(of: keys[i]) == i`.
    init(_ keys: [UInt64]) {
        var bits: UInt64 = 3
        while (1 << bits) < keys.count * 2 { bits += 1 }
        let capacity = 1 << Int(bits)
        var slots = [UInt64](repeating: 0, count: capacity)
        var found = [Int32](repeating: -1, count: capacity)
        var zero = -1
        for (position, key) in keys.enumerated() {
            guard key != 0 else {
                zero = position
                continue
            }
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> (64 - bits))
            while slots[slot] != 0 && slots[slot] != key { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = key
            found[slot] = Int32(truncatingIfNeeded: position)
        }
        self.keys = slots
        positions = found
        shift = 64 - bits
        self.zero = zero
    }

    /// The position of `key` in the keys the table was made of, or `nil`.
    func position(of key: UInt64) -> Int? {
        guard key != 0 else { return zero >= 0 ? zero : nil }
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let stored = keys[slot]
            if stored == key { return Int(positions[slot]) }
            if stored == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }
}
