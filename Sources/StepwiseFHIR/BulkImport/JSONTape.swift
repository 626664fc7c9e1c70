// SPDX-License-Identifier: Apache-2.0

/// The kind of a JSON value on a `JSONTape`.
enum JSONKind: UInt8, Sendable {
    case object, array, string, number, `true`, `false`, null
}

/// One value (or object key) on a `JSONTape`.
///
/// Strings keep the byte range of their content between the quotes (still escaped when
/// `escaped` is set); numbers keep their validated text. Containers record where the tape
/// continues after them, so a reader skips a whole subtree in one step.
struct JSONToken: Sendable {
    /// What the value is.
    var kind: JSONKind
    /// For strings: the content contains backslash escapes.
    var escaped: Bool
    /// First byte of the content (after the opening quote for strings).
    var start: Int32
    /// One past the last byte of the content (before the closing quote for strings).
    var end: Int32
    /// Index of the token after this value and all its children.
    var next: Int32
}

/// A flat, validated parse of one JSON document over borrowed bytes (a "tape"): objects as
/// key/value token pairs, arrays as value tokens, each container linked to its end.
///
/// Building a tape validates the whole document (structure, strings, escapes, UTF-8, numbers,
/// nesting) without allocating per value; readers then pick out only the fields they need.
/// The tape borrows its bytes: use it only while the buffer it was parsed from is alive.
struct JSONTape {
    /// The tokens, in document order. Reused between documents to avoid allocation.
    var tokens: [JSONToken] = []
    /// The document's bytes.
    var bytes: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)
    /// Where `parse` writes the tokens before copying them into `tokens` (all initialized, reused).
    var slots: [JSONToken] = []

    init() { tokens.reserveCapacity(256) }
}
