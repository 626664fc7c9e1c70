// SPDX-License-Identifier: Apache-2.0

import StepwiseCore

/// The code look-ups the mapper needs, built once from the knowledge base.
///
/// LOINC codes come from the instrument catalogue (`instruments.json`: `loinc.panel`,
/// `loinc.total`, `items[].loinc`, `items[].options[].loinc`). ``Supplement`` adds the codes the
/// reference confirms (`instruments-and-treatments.md` A.2, C.3) for instruments or labs the
/// catalogue does not (yet) code, so Synthea and LHC-Forms data map either way; catalogue codes win.
struct MappingVocabulary: Sendable {
    /// An item of an instrument.
    struct ItemRef: Hashable, Sendable {
        var instrument: String
        var number: Int
    }

    /// LOINC total-score code → instrument id.
    private(set) var totals: [String: String] = [:]
    /// LOINC panel code → instrument id.
    private(set) var panels: [String: String] = [:]
    /// LOINC item code → candidate items (PHQ-2 and PHQ-9 share items 1–2), preferred first.
    private(set) var items: [String: [ItemRef]] = [:]
    /// (item, LOINC answer code) → score.
    private(set) var answers: [ItemRef: [String: Int]] = [:]
    /// Instrument id → number of items.
    private(set) var itemCounts: [String: Int] = [:]
    /// LOINC lab code → Stepwise lab test id.
    private(set) var labs: [String: String] = [:]

    init(knowledge: KnowledgeBase) {
        for definition in knowledge.instruments.all {
            itemCounts[definition.id] = definition.items.count
            if let total = definition.loincTotal { totals[total] = totals[total] ?? definition.id }
            if let panel = definition.loincPanel { panels[panel] = panels[panel] ?? definition.id }
            for item in definition.items {
                let ref = ItemRef(instrument: definition.id, number: item.number)
                if let code = item.loinc { addItem(code, ref) }
                for option in item.options {
                    if let code = option.loinc { answers[ref, default: [:]][code] = option.value }
                }
            }
        }
        for supplement in Supplement.instruments {
            if itemCounts[supplement.id] == nil { itemCounts[supplement.id] = supplement.items.count }
            if totals[supplement.total] == nil { totals[supplement.total] = supplement.id }
            if panels[supplement.panel] == nil { panels[supplement.panel] = supplement.id }
            for (index, code) in supplement.items.enumerated() {
                let ref = ItemRef(instrument: supplement.id, number: index + 1)
                if !(items[code]?.contains(ref) ?? false) { addItem(code, ref) }
                for (answer, value) in supplement.answers where answers[ref]?[answer] == nil {
                    answers[ref, default: [:]][answer] = value
                }
            }
        }
        for (code, test) in Supplement.labs where labs[code] == nil { labs[code] = test }
    }

    private mutating func addItem(_ code: String, _ ref: ItemRef) {
        items[code, default: []].append(ref)
    }

    /// The score of LOINC answer `code` for `item`, if catalogued.
    func answerValue(_ code: String, for item: ItemRef) -> Int? { answers[item]?[code] }

    /// Codes the reference confirms, used where the catalogue has none.
    enum Supplement {
        struct Instrument {
            var id: String
            var panel: String
            var total: String
            var items: [String]
            var answers: [String: Int]
        }

        /// LOINC answer list LL358-3 (PHQ frequency), confirmed [S3][S41][S43].
        static let phqFrequency: [String: Int] = ["LA6568-5": 0, "LA6569-3": 1, "LA6570-1": 2, "LA6571-9": 3]

        /// Panel, total and item codes, confirmed in A.2 of the reference.
        static let instruments: [Instrument] = [
            Instrument(
                id: "phq9", panel: "44249-1", total: "44261-6",
                items: ["44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"],
                answers: phqFrequency),
            Instrument(id: "phq2", panel: "55757-9", total: "55758-7", items: ["44250-9", "44255-8"], answers: phqFrequency),
            Instrument(
                id: "gad7", panel: "69737-5", total: "70274-6",
                items: ["69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"], answers: [:]),
            Instrument(id: "audit-c", panel: "72109-2", total: "75626-2", items: ["68518-0", "68519-8", "68520-6"], answers: [:]),
        ]

        /// TSH (3016-3 and its 2nd/3rd-generation siblings 11579-0, 11580-8) and 25-OH vitamin D
        /// (62292-8), confirmed in C.3 of the reference.
        static let labs: [String: String] = [
            "3016-3": "tsh", "11579-0": "tsh", "11580-8": "tsh", "62292-8": "vitamin-d-25oh",
        ]
    }
}
