// SPDX-License-Identifier: Apache-2.0

import StepwiseCore

/// The code look-ups the mapper needs, built once from the knowledge base.
///
/// LOINC codes come from the instrument catalogue (`instruments.json`: `loinc.panel`,
/// `loinc.total`, `items[].loinc`, `items[].options[].loinc`, and the unscored `difficultyItem`); lab codes from the condition
/// catalogue (`conditions.json`: `labs[].loinc`, e.g. TSH 3016-3, 11579-0, 11580-8 and 25-OH
/// vitamin D 62292-8).
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
    /// Instrument id → number of its unscored last question (PHQ-9's difficulty item 10).
    private(set) var difficultyItems: [String: Int] = [:]
    /// What laying out a measurement's answers needs of an instrument: its number of items and
    /// its unscored last question, if any (``itemCounts`` and ``difficultyItems`` in one look-up).
    struct ItemShape: Sendable {
        var count: Int
        var difficulty: Int?
    }
    /// Instrument id → its ``ItemShape`` (the same values as `itemCounts` and `difficultyItems`).
    private(set) var itemShapes: [String: ItemShape] = [:]
    /// Items the instrument catalogue marks as safety items (PHQ-9 item 9, QIDS-SR16 item 12, …):
    /// of two different answers the same day, the higher is kept.
    private(set) var safetyItems: Set<ItemRef> = []
    /// Item → its lowest and highest allowed answer (to read a whole number sent as text).
    private(set) var answerRanges: [ItemRef: ClosedRange<Int>] = [:]
    /// The canonical URL of each Questionnaire Stepwise emits (`stepwise questionnaire <id>`) →
    /// its instrument, so a response to it is read by its `item-<n>` linkIds and
    /// `<instrument>-answer-<n>` answer codes too.
    private(set) var ownQuestionnaires: [String: String] = [:]
    /// The prefix of those URLs.
    static let ownQuestionnairePrefix = "http://stepwise.example.org/fhir/Questionnaire/"
    /// LOINC lab code → Stepwise lab test id.
    private(set) var labs: [String: String] = [:]
    /// LOINC code → what an Observation with it is (total, item, lab or panel, in that order of
    /// precedence): one look-up per code instead of up to four.
    private(set) var loincKinds: [String: MappingRun.ObservationKind] = [:]

    init(knowledge: KnowledgeBase) {
        for definition in knowledge.instruments.all {
            itemCounts[definition.id] = definition.items.count
            if let total = definition.loincTotal { totals[total] = totals[total] ?? definition.id }
            if let panel = definition.loincPanel { panels[panel] = panels[panel] ?? definition.id }
            if let difficulty = definition.difficultyItem { difficultyItems[definition.id] = difficulty.number }
            ownQuestionnaires[Self.ownQuestionnairePrefix + FHIRExportText.code(definition.id)] = definition.id
            for number in definition.safetyItems { safetyItems.insert(ItemRef(instrument: definition.id, number: number)) }
            for item in definition.items + (definition.difficultyItem.map { [$0] } ?? []) {
                let ref = ItemRef(instrument: definition.id, number: item.number)
                if item.minimum <= item.maximum { answerRanges[ref] = item.minimum...item.maximum }
                if let code = item.loinc { addItem(code, ref) }
                for option in item.options {
                    if let code = option.loinc { answers[ref, default: [:]][code] = option.value }
                }
            }
        }
        for (instrument, count) in itemCounts {
            itemShapes[instrument] = ItemShape(count: count, difficulty: difficultyItems[instrument])
        }
        for lab in knowledge.conditions.labs {
            for code in lab.loinc where labs[code] == nil { labs[code] = lab.id }
        }
        for code in Set(totals.keys).union(items.keys).union(labs.keys).union(panels.keys) {
            if let instrument = totals[code] {
                loincKinds[code] = .total(instrument, secondary: false)
            } else if let candidates = items[code], !candidates.isEmpty {
                loincKinds[code] = .item(candidates)
            } else if let test = labs[code] {
                loincKinds[code] = .lab(test)
            } else if let instrument = panels[code] {
                loincKinds[code] = .panel(instrument)
            }
        }
    }

    private mutating func addItem(_ code: String, _ ref: ItemRef) {
        items[code, default: []].append(ref)
    }

    /// The score of LOINC answer `code` for `item`, if catalogued.
    func answerValue(_ code: String, for item: ItemRef) -> Int? { answers[item]?[code] }
}
