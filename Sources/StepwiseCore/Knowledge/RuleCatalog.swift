// SPDX-License-Identifier: Apache-2.0

/// One explainable rule, check, definition, stage or option: the text `stepwise explain <id>`
/// prints and the web app shows.
public struct RuleExplanation: Codable, Sendable, Equatable, Identifiable {
    /// Stable id, as it appears in reports (`rule` fields, checklist ids, plan option ids).
    public var id: String
    /// Human-readable title.
    public var title: String
    /// `rule`, `check`, `definition`, `stage`, `option`, `safety`, `instrument` or `profile`.
    public var kind: String
    /// What the rule does and how, in plain language, with its thresholds.
    public var text: String
    /// The inputs it reads.
    public var inputs: [String]
    /// Source ids.
    public var sources: [String]
    /// `true` when the rule encodes a choice the literature does not make.
    public var projectDecision: Bool?
}

/// A `rules-*.json` file.
struct RuleFile: Codable, Sendable {
    var version: String
    var sources: [SourceCitation]
    var rules: [RuleExplanation]
}

/// Every explainable rule, merged from all bundled `rules-*.json` files, and every source cited by
/// any knowledge file.
public struct RuleCatalog: Sendable {
    /// Rules by id.
    public private(set) var rules: [String: RuleExplanation]
    /// Sources by id, merged from every knowledge file.
    public private(set) var sources: [String: SourceCitation]

    /// Creates a catalogue.
    public init(rules: [RuleExplanation], sources: [SourceCitation]) {
        var byID: [String: RuleExplanation] = [:]
        for rule in rules { byID[rule.id] = rule }
        var sourceByID: [String: SourceCitation] = [:]
        for source in sources { sourceByID[source.id] = source }
        self.rules = byID
        self.sources = sourceByID
    }

    /// The rule with `id`, or `nil`.
    public func rule(_ id: String) -> RuleExplanation? { rules[id] }

    /// The catalogue with `extra` explanations added (an id already present keeps its file entry).
    func adding(_ extra: [RuleExplanation]) -> RuleCatalog {
        var copy = self
        for rule in extra where copy.rules[rule.id] == nil { copy.rules[rule.id] = rule }
        return copy
    }

    /// The source with `id`, or `nil`.
    public func source(_ id: String) -> SourceCitation? { sources[id] }

    /// Loads every `rules-*.json` file and the `sources` of every knowledge file.
    public static func bundled() throws -> RuleCatalog {
        var rules: [RuleExplanation] = []
        var sources: [SourceCitation] = []
        for name in KnowledgeResource.fileNames() {
            if name.hasPrefix("rules-") {
                let file = try KnowledgeResource.load(name, as: RuleFile.self)
                rules += file.rules
                sources += file.sources
            } else {
                let header = try KnowledgeResource.load(name, as: KnowledgeFileHeader.self)
                sources += header.sources
            }
        }
        return RuleCatalog(rules: rules, sources: sources)
    }
}
