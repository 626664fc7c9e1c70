// SPDX-License-Identifier: Apache-2.0
import Foundation

/// The bundled rating instruments (`instruments.json`).
///
/// ```swift
/// let catalog = try InstrumentCatalog.bundled()
/// let phq9 = catalog.instrument("PHQ-9")   // case-insensitive; ids and aliases
/// ```
public struct InstrumentCatalog: Sendable {
    /// File version.
    public var version: String { storage.version }
    /// Sources cited by the file.
    public var sources: [SourceCitation] { storage.sources }
    /// Every instrument, in file order.
    public var all: [InstrumentDefinition] { storage.all }
    /// Every normalised key and the position it names (an FNV table in front of the dictionary).
    private var index: KeyIndex { storage.index }
    /// Flattened scoring plans, parallel to `all`.
    var plans: [ScoringPlan] { storage.plans }

    /// The stored parts, shared by every copy: the knowledge base hands the catalogue out for every
    /// look-up, and one reference keeps each copy to a single retain.
    private final class Storage: Sendable {
        let version: String
        let sources: [SourceCitation]
        let all: [InstrumentDefinition]
        let index: KeyIndex
        let plans: [ScoringPlan]

        init(
            version: String, sources: [SourceCitation], all: [InstrumentDefinition], index: KeyIndex,
            plans: [ScoringPlan]
        ) {
            self.version = version
            self.sources = sources
            self.all = all
            self.index = index
            self.plans = plans
        }
    }

    private let storage: Storage

    /// Creates a catalogue from definitions (tests use this to substitute values).
    /// Ids, aliases and confirmed LOINC panel and total codes become case-insensitive keys; the
    /// first definition claiming a key wins.
    public init(instruments: [InstrumentDefinition], version: String = "test", sources: [SourceCitation] = []) {
        var index: [String: Int] = [:]
        for (position, instrument) in instruments.enumerated() {
            let codes = [instrument.loincPanel, instrument.loincTotal].compactMap { $0 }
            for key in [instrument.id] + instrument.aliases + codes {
                let normalised = Self.normalise(key)
                if index[normalised] == nil { index[normalised] = position }
            }
        }
        storage = Storage(
            version: version, sources: sources, all: instruments, index: KeyIndex(index),
            plans: instruments.indices.map { ScoringPlan(instruments[$0], position: $0) })
    }

    /// Loads the bundled catalogue.
    ///
    /// - Throws: ``StepwiseError`` (``StepwiseError/Code/knowledgeBase``) when `instruments.json`
    ///   is missing or malformed, or an item names an unknown answer set.
    public static func bundled() throws -> InstrumentCatalog {
        let file = try KnowledgeResource.load("instruments", as: InstrumentFile.self)
        return InstrumentCatalog(instruments: try file.definitions(), version: file.version, sources: file.sources)
    }

    /// The instrument called `idOrAlias` (`phq9`, `PHQ-9`, `qids`, `hamd`, `hdrs17`, …) or coded by
    /// its LOINC panel or total-score code (`44249-1`, `44261-6`), or `nil`.
    public func instrument(_ idOrAlias: String) -> InstrumentDefinition? {
        position(idOrAlias).map { all[$0] }
    }

    /// The scoring plan of the instrument called `idOrAlias`.
    func plan(_ idOrAlias: String) -> ScoringPlan? {
        position(idOrAlias).map { plans[$0] }
    }

    /// The position in ``all`` of the instrument called `idOrAlias` (engine steps read
    /// `all[position]` in place instead of copying a definition).
    func position(_ idOrAlias: String) -> Int? {
        if let position = index[idOrAlias] { return position }  // canonical ids as stored: no normalising
        if let position = index[Self.normalise(idOrAlias)] { return position }
        // Tolerate spelling without punctuation: "QIDS SR16", "audit_c".
        let compact = Self.compact(idOrAlias)
        return all.firstIndex { definition in
            ([definition.id] + definition.aliases).contains { Self.compact($0) == compact }
        }
    }

    /// The canonical ids, in file order.
    public var ids: [String] { all.map(\.id) }

    static func normalise(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespaces).lowercased()
    }

    static func compact(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { CharacterSetASCII.isAlphanumeric($0) }.map(Character.init))
    }
}

/// ASCII letter/digit test.
enum CharacterSetASCII {
    static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
    }
}
