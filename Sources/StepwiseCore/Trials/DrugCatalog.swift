// SPDX-License-Identifier: Apache-2.0

/// The bundled drug catalogue (`drugs.json`): antidepressants and augmenting agents with class,
/// RxNorm ingredient code, minimum adequate dose, usual maximum and sources.
///
/// Look-ups are dictionary reads prepared when the catalogue loads, so they are cheap on the
/// assessment path. The catalogue also carries the staging and trial-counting tables
/// (`staging.json`, ``TreatmentTables``) that the trial, TRD and staging rules read.
public struct DrugCatalog: Sendable {
    /// File version.
    public let version: String
    /// Sources cited by the file.
    public let sources: [SourceCitation]
    /// Every drug, in file order.
    public let all: [DrugDefinition]
    /// Staging and trial-counting tables; `nil` only when a test catalogue was built without them
    /// and the bundled `staging.json` could not be read.
    public let tables: TreatmentTables?
    private let index: [String: Int]

    /// Creates a catalogue from definitions (tests use this to substitute values).
    ///
    /// Every generic name, alias and RxNorm code becomes a key; the first definition that claims a
    /// key wins. Without `tables` the bundled `staging.json` is used.
    public init(
        drugs: [DrugDefinition], version: String = "test", sources: [SourceCitation] = [],
        tables: TreatmentTables? = nil
    ) {
        self.version = version
        self.sources = sources
        self.all = drugs
        self.tables = tables ?? TreatmentTables.cached
        var index: [String: Int] = [:]
        for (position, drug) in drugs.enumerated() {
            for key in [drug.name] + drug.aliases + (drug.rxnorm.map { [$0] } ?? []) {
                let normalised = Self.normalise(key)
                if index[normalised] == nil { index[normalised] = position }
            }
        }
        self.index = index
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
        if let position = index[name] { return all[position] }
        let normalised = Self.normalise(name)
        if let position = index[normalised] { return all[position] }
        if let space = normalised.lastIndex(of: " ") {
            let suffix = normalised[normalised.index(after: space)...]
            if Self.formulationSuffixes.contains(String(suffix)),
                let position = index[String(normalised[..<space])]
            {
                return all[position]
            }
        }
        return nil
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
