// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// Source-id lists of the trial, TRD and staging steps, built once per distinct input.
///
/// A verdict's sources are the union (first occurrence wins, order kept) of a few lists that come
/// from the knowledge base and the profile, and the same lists recur for every patient, so the
/// union is remembered, keyed by the identity (storage address and count) of its input lists.
/// An entry keeps its inputs alive: while it is remembered no other list can occupy their
/// storage, and an input that is changed afterwards is copied first (it is not uniquely
/// referenced), so an identity match always means the same contents. A changed table or profile
/// simply gets its own entry.
enum SourceLists {
    /// Storage identities and counts of the three inputs (`0` marks an empty slot).
    private struct Key: Equatable {
        var a: UInt = 0
        var b: UInt = 0
        var c: UInt = 0
        var counts = 0
    }

    private struct State {
        var keys = [Key](repeating: Key(), count: slots)
        var results = [[String]](repeating: [], count: slots)
        /// The inputs of every entry, kept alive so their storage is not reused.
        var inputs: [[String]] = []
    }

    private static let slots = 512
    private static let cache = Mutex(State())

    @inline(__always)
    private static func address(_ list: [String]) -> UInt {
        list.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } | 1
    }

    /// `a`, then the ids of `b` and `c` not seen yet.
    static func union(_ a: [String], _ b: [String], _ c: [String] = []) -> [String] {
        let key = Key(a: address(a), b: address(b), c: address(c), counts: a.count | b.count << 21 | c.count << 42)
        let hash = (key.a ^ (key.b &* 31) ^ (key.c &* 1_000_003) ^ UInt(bitPattern: key.counts)) &* 0x9E37_79B9_7F4A_7C15
        let start = Int(truncatingIfNeeded: hash >> 55) & (slots - 1)
        let found: [String]? = cache.withLock { state in
            var slot = start
            for _ in 0..<8 {
                let stored = state.keys[slot]
                if stored == key { return state.results[slot] }
                if stored.a == 0 { return nil }
                slot = (slot + 1) & (slots - 1)
            }
            return nil
        }
        if let found { return found }
        var result = a
        AdequacyRules.appendUnique(b, to: &result)
        AdequacyRules.appendUnique(c, to: &result)
        let union = result
        cache.withLock { state in
            var slot = start
            for _ in 0..<8 {
                if state.keys[slot].a == 0 {
                    state.keys[slot] = key
                    state.results[slot] = union
                    state.inputs.append(a)
                    state.inputs.append(b)
                    state.inputs.append(c)
                    return
                }
                slot = (slot + 1) & (slots - 1)
            }
        }
        return result
    }
}
