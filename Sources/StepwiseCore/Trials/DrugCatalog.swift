// SPDX-License-Identifier: Apache-2.0

/// The bundled drug catalogue (`drugs.json`): antidepressants and augmenting agents with class,
/// RxNorm ingredient code, minimum adequate dose, usual maximum and sources.
///
/// Look-ups are dictionary reads prepared when the catalogue loads, so they are cheap on the
/// assessment path. The catalogue also carries the staging and trial-counting tables
/// (`staging.json`, ``TreatmentTables``) that the trial, TRD and staging rules read.
public struct DrugCatalog: Sendable {
    /// File version.
    public var version: String { storage.version }
    /// Sources cited by the file.
    public var sources: [SourceCitation] { storage.sources }
    /// Every drug, in file order.
    public var all: [DrugDefinition] { storage.all }
    /// Staging and trial-counting tables; `nil` only when a test catalogue was built without them
    /// and the bundled `staging.json` could not be read.
    public var tables: TreatmentTables? { storage.tables }

    /// The stored parts, shared by every copy: the catalogue is handed out by the knowledge base
    /// for every look-up, and one reference keeps each copy to a single retain.
    final class Storage: Sendable {
        let version: String
        let sources: [SourceCitation]
        let all: [DrugDefinition]
        let tables: TreatmentTables?
        /// Every normalised key and the position it names (an FNV table in front of the dictionary).
        let index: KeyIndex
        /// For each position, the position its generic name resolves to (itself unless an earlier
        /// entry claims the name as an alias).
        let canonical: [Int]

        init(
            version: String, sources: [SourceCitation], all: [DrugDefinition], tables: TreatmentTables?,
            index: KeyIndex, canonical: [Int]
        ) {
            self.version = version
            self.sources = sources
            self.all = all
            self.tables = tables
            self.index = index
            self.canonical = canonical
        }
    }

    /// The stored parts (the engine reads the tables through this without copying them).
    let storage: Storage

    /// Creates a catalogue from definitions (tests use this to substitute values).
    ///
    /// Every generic name, alias and RxNorm code becomes a key; the first definition that claims a
    /// key wins. Without `tables` the bundled `staging.json` is used.
    public init(
        drugs: [DrugDefinition], version: String = "test", sources: [SourceCitation] = [],
        tables: TreatmentTables? = nil
    ) {
        var index: [String: Int] = [:]
        for (position, drug) in drugs.enumerated() {
            for key in [drug.name] + drug.aliases + (drug.rxnorm.map { [$0] } ?? []) {
                let normalised = Self.normalise(key)
                if index[normalised] == nil { index[normalised] = position }
            }
        }
        var canonical: [Int] = []
        canonical.reserveCapacity(drugs.count)
        for (position, drug) in drugs.enumerated() { canonical.append(index[Self.normalise(drug.name)] ?? position) }
        storage = Storage(
            version: version, sources: sources, all: drugs, tables: tables ?? TreatmentTables.cached, index: KeyIndex(index),
            canonical: canonical)
    }

    /// Loads the bundled catalogue.
    ///
    /// - Throws: ``StepwiseError`` (``StepwiseError/Code/knowledgeBase``) when `drugs.json` is missing
    ///   or malformed.
    public static func bundled() throws -> DrugCatalog {
        let file = try KnowledgeResource.load("drugs", as: DrugFile.self)
        let tables = try TreatmentTables.bundled()
        return DrugCatalog(drugs: file.drugs, version: file.version, sources: file.sources, tables: tables)
    }

    /// The drug recorded as `name`: a generic name (any case), a brand name or alias
    /// (`venlafaxine xr`, `t3`), or an RxNorm ingredient code. A trailing formulation suffix
    /// (`xr`, `er`, `sr`, `xl`, `cr`, `dr`, `ir`, `odt`, `la`) is ignored when the full name is not known.
    public func drug(named name: String) -> DrugDefinition? {
        position(named: name).map { storage.all[$0] }
    }

    /// The position in ``all`` of the drug recorded as `name` (see ``drug(named:)``).
    func position(named name: String) -> Int? {
        let index = storage.index
        if let position = index[name] { return position }
        let normalised = Self.normalise(name)
        if let position = index[normalised] { return position }
        if let space = normalised.lastIndex(of: " ") {
            let suffix = normalised[normalised.index(after: space)...]
            if Self.formulationSuffixes.contains(String(suffix)),
                let position = index[String(normalised[..<space])]
            {
                return position
            }
        }
        return nil
    }

    /// The drug of a medication trial assessed by the trial step: the entry its generic name
    /// resolves to, as ``drug(named:)`` with the assessment's agent would find it, without hashing
    /// the name again when the trial step already resolved it.
    func drug(for assessment: TrialAssessment) -> DrugDefinition? {
        drug(kind: assessment.kind, agent: assessment.agent, facts: assessment.facts)
    }

    /// ``drug(for:)`` from the assessment's parts (so callers need not copy the assessment).
    func drug(kind: String, agent: String, facts: TrialFacts) -> DrugDefinition? {
        guard kind == "medication" else { return nil }
        if facts.resolved {
            let position = facts.drugPosition
            // Not found by the trial step: the lower-cased agent does not resolve either.
            guard position >= 0 else { return nil }
            let storage = storage
            if position < storage.all.count {
                let drug = storage.all[storage.canonical[position]]
                if drug.name == agent { return drug }
            }
        }
        return drug(named: agent)
    }

    /// Whether `position` is the entry its own generic name resolves to.
    func isCanonical(_ position: Int) -> Bool {
        position >= 0 && position < storage.canonical.count && storage.canonical[position] == position
    }

    private static let formulationSuffixes: Set<String> = ["xr", "er", "sr", "xl", "cr", "dr", "ir", "odt", "la"]

    private static func normalise(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for character in text.lowercased() {
            if character == " " || character == "\t" {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return result
    }
}

/// The shape of `drugs.json`.
struct DrugFile: Codable, Sendable {
    var version: String
    var sources: [SourceCitation]
    var drugs: [DrugDefinition]
}
