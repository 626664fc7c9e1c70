// SPDX-License-Identifier: Apache-2.0

/// A knowledge value together with the sources it rests on.
///
/// Knowledge files write such values as `{"value": 6, "sources": ["s2-hagg-2020"]}`; the test
/// suite fails if `sources` is empty or names an id that no knowledge file defines.
public struct Sourced<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    /// The value.
    public var value: Value
    /// Source ids (see ``SourceCitation``).
    public var sources: [String]
    /// Optional note, e.g. why this value was chosen among published alternatives.
    public var note: String?

    /// Creates a sourced value.
    public init(_ value: Value, sources: [String], note: String? = nil) {
        self.value = value
        self.sources = sources
        self.note = note
    }
}

/// The common header of every knowledge file: a version and the sources its values cite.
public struct KnowledgeFileHeader: Codable, Sendable {
    /// Version of the file's content.
    public var version: String
    /// The sources cited by values in this file.
    public var sources: [SourceCitation]
}
