// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// Source-id lists of the trial, TRD and staging steps, built once per distinct input.
///
/// A verdict's sources are the union (first occurrence wins, order kept) of a few lists that come
/// from the knowledge base and the profile, and the same lists recur for every patient, so the
/// union is remembered. An entry is found by the identity of its input lists' storage and then
/// confirmed by comparing the lists by value; the entry keeps its inputs alive, so their storage
/// cannot be reused for other lists while it is remembered. A changed table or profile simply
/// gets its own entry.
enum SourceLists {
    private struct Key: Hashable {
        var a: UInt
        var b: UInt
        var c: UInt
        var counts: Int
    }

    private struct Entry {
        var a: [String]
        var b: [String]
        var c: [String]
        var result: [String]
    }

    private static let cache = Mutex<[Key: Entry]>([:])
    private static let capacity = 1024

    private static func address(_ list: [String]) -> UInt {
        list.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
    }

    /// `a`, then the ids of `b` and `c` not seen yet.
    static func union(_ a: [String], _ b: [String], _ c: [String] = []) -> [String] {
        let key = Key(
            a: address(a), b: address(b), c: address(c), counts: a.count | b.count << 20 | c.count << 40)
        let found: [String]? = cache.withLock { entries in
            guard let entry = entries[key], entry.a == a, entry.b == b, entry.c == c else { return nil }
            return entry.result
        }
        if let found { return found }
        var result = a
        AdequacyRules.appendUnique(b, to: &result)
        AdequacyRules.appendUnique(c, to: &result)
        cache.withLock { entries in
            if entries.count < capacity { entries[key] = Entry(a: a, b: b, c: c, result: result) }
        }
        return result
    }
}
