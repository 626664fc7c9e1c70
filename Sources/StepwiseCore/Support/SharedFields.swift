// SPDX-License-Identifier: Apache-2.0

/// The stored values of a knowledge value type, kept in one immutable object shared by every copy.
///
/// Knowledge values (a drug, a rule profile, the staging tables) are handed to every engine step
/// and copied out of catalogues for every patient. Keeping their many fields behind one reference
/// makes each copy a single retain; a change replaces the object (copy on write), so the value
/// semantics of the public type are unchanged.
struct SharedFields<Fields: Sendable>: Sendable {
    private final class Box: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box

    init(_ fields: Fields) { box = Box(fields) }

    /// The stored values.
    var fields: Fields { box.fields }

    /// Replaces the stored values with changed ones (other copies keep theirs).
    mutating func mutate(_ change: (inout Fields) -> Void) {
        var fields = box.fields
        change(&fields)
        box = Box(fields)
    }

    /// Whether both share the same stored object (so they are equal without comparing fields).
    func isIdentical(to other: SharedFields) -> Bool { box === other.box }
}
