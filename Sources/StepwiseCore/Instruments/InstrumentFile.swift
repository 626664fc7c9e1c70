// SPDX-License-Identifier: Apache-2.0

/// The on-disk shape of `instruments.json`: shared answer sets, referenced by name from items, so
/// that the nine PHQ-9 items do not repeat their four options.
struct InstrumentFile: Decodable, Sendable {
    var version: String
    var sources: [SourceCitation]
    var answerSets: [String: AnswerSet]
    var instruments: [RawInstrument]

    struct AnswerSet: Decodable, Sendable {
        var options: [AnswerOption]
        var sources: [String]
    }

    struct RawItem: Decodable, Sendable {
        var number: Int
        var label: String
        var text: String?
        var answerSet: String?
        var options: [AnswerOption]?
        var loinc: String?
        var optional: Bool?
        var countsAtOrAbove: Int?
    }

    struct RawInstrument: Decodable, Sendable {
        var id: String
        var name: String
        var shortName: String
        var aliases: [String]
        var summary: String
        var items: [RawItem]
        var difficultyItem: RawItem?
        var minimumTotal: Int?
        var maximumTotal: Int?
        var totalsOnly: Bool
        var isDepressionMeasure: Bool
        var remission: Sourced<Int>?
        var safety: SafetyItems?
        var loinc: InstrumentLOINC?
        var licence: InstrumentLicence
        var scoring: ScoringRule
        var bands: [SeverityBand]?
        var sources: [String]
    }

    /// Resolves answer sets and item ranges.
    func definitions() throws -> [InstrumentDefinition] {
        try instruments.map { raw in
            let items = try raw.items.map { try resolve($0, of: raw) }
            return InstrumentDefinition(
                id: raw.id, name: raw.name, shortName: raw.shortName, aliases: raw.aliases, summary: raw.summary,
                items: items, minimumTotal: raw.minimumTotal, maximumTotal: raw.maximumTotal,
                totalsOnly: raw.totalsOnly, isDepressionMeasure: raw.isDepressionMeasure, remission: raw.remission,
                safety: raw.safety, loinc: raw.loinc, licenceTerms: raw.licence, scoring: raw.scoring,
                bands: raw.bands ?? [], sources: raw.sources, difficultyItem: try raw.difficultyItem.map { try resolve($0, of: raw) })
        }
    }

    /// An item with its answer set resolved and its range taken from the option values.
    private func resolve(_ item: RawItem, of raw: RawInstrument) throws -> InstrumentItem {
        var options = item.options ?? []
        if let name = item.answerSet {
            guard let set = answerSets[name] else {
                throw StepwiseError(
                    .knowledgeBase, "item \(item.number) names unknown answer set \"\(name)\"",
                    at: "instruments.json \(raw.id)")
            }
            options = set.options
        }
        let values = options.map(\.value)
        guard let minimum = values.min(), let maximum = values.max() else {
            throw StepwiseError(
                .knowledgeBase, "item \(item.number) has no answer options", at: "instruments.json \(raw.id)")
        }
        return InstrumentItem(
            number: item.number, label: item.label, text: item.text, minimum: minimum, maximum: maximum,
            options: options, loinc: item.loinc, optional: item.optional ?? false,
            countsAtOrAbove: item.countsAtOrAbove)
    }
}
