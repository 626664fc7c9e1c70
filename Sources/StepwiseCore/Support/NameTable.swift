// SPDX-License-Identifier: Apache-2.0

/// A small open-addressing table from strings to values, hashed with FNV-1a over the UTF-8 bytes
/// (cheaper than `Hasher` for short catalogue names).
///
/// Keys compare with `==` (canonical equivalence, as a dictionary's do), but two canonically
/// equivalent spellings with different bytes hash differently here: a miss is only certain when
/// both the name and every key are ASCII (see ``lookup(_:)``); callers fall back to the
/// catalogue's own look-up otherwise.
struct NameTable<Value: Sendable>: Sendable {
    private var keys: [String] = []
    private var values: [Value] = []
    private var hashes: [UInt32] = []
    private var slots: [Int32]
    private let mask: Int
    /// Every key is ASCII.
    private(set) var asciiKeys = true

    init(_ names: [String], value: (String) -> Value) {
        var size = 16
        while size < names.count * 4 { size *= 2 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
        for name in names where self.position(name, hash: Self.hash(name)) == nil {
            let hash = Self.hash(name)
            var slot = Int(hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(keys.count)
            keys.append(name)
            values.append(value(name))
            hashes.append(hash)
            if !Self.hashAndASCII(name).ascii { asciiKeys = false }
        }
    }

    @inline(__always)
    static func hash(_ name: String) -> UInt32 {
        hashAndASCII(name).hash
    }

    /// The FNV-1a hash of `name`'s UTF-8 bytes, and whether every byte is ASCII.
    @inline(__always)
    static func hashAndASCII(_ name: String) -> (hash: UInt32, ascii: Bool) {
        // Reads the bytes in place (small strings are copied to the stack); iterating the UTF-8
        // view byte by byte is several times slower.
        let fast = name.utf8.withContiguousStorageIfAvailable { bytes in
            var hash: UInt32 = 2_166_136_261
            var all: UInt8 = 0
            for byte in bytes {
                hash = (hash ^ UInt32(byte)) &* 16_777_619
                all |= byte
            }
            return (hash, all < 0x80)
        }
        if let fast { return fast }
        var slow: UInt32 = 2_166_136_261
        var all: UInt8 = 0
        for byte in name.utf8 {
            slow = (slow ^ UInt32(byte)) &* 16_777_619
            all |= byte
        }
        return (slow, all < 0x80)
    }

    private func position(_ name: String, hash: UInt32) -> Int? {
        var slot = Int(hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return nil }
            if hashes[entry] == hash && keys[entry] == name { return entry }
            slot = (slot + 1) & mask
        }
    }

    /// The value stored for `name`, or `nil` when `name` is not a key.
    func value(_ name: String) -> Value? {
        position(name, hash: Self.hash(name)).map { values[$0] }
    }

    /// What the table knows about `name`.
    enum Lookup {
        /// `name` is a key (compared with `==`).
        case found(Value)
        /// `name` is certainly not a key: it and every key are ASCII.
        case absent
        /// Not found by its bytes; a canonically equivalent key spelled with other bytes is possible.
        case unknown
    }

    /// Looks `name` up, telling a certain miss from a possible one.
    func lookup(_ name: String) -> Lookup {
        let (hash, ascii) = Self.hashAndASCII(name)
        if let entry = position(name, hash: hash) { return .found(values[entry]) }
        return ascii && asciiKeys ? .absent : .unknown
    }
}

/// A catalogue's key → position dictionary with a ``NameTable`` in front of it: exact spellings
/// (nearly every look-up) are answered without `Hasher`; the dictionary answers whatever the table
/// cannot rule out, so every answer is the dictionary's.
final class KeyIndex: Sendable {
    /// The catalogue's keys and positions.
    let dictionary: [String: Int]
    private let table: NameTable<Int>

    init(_ dictionary: [String: Int]) {
        self.dictionary = dictionary
        table = NameTable(dictionary.keys.sorted()) { dictionary[$0] ?? -1 }
    }

    /// `dictionary[name]`.
    subscript(name: String) -> Int? {
        switch table.lookup(name) {
        case .found(let position): position
        case .absent: nil
        case .unknown: dictionary[name]
        }
    }
}
