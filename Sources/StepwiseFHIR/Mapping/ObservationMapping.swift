// SPDX-License-Identifier: Apache-2.0

import StepwiseCore

/// Observations: scale totals, item answers (alone or as components) and labs.
extension MappingRun {
    /// SNOMED CT 720433000 "PHQ-9 total score": used in the HL7 SDC example (secondary source).
    static let snomedPHQ9Total = "720433000"

    /// Maps one Observation, decoded (`R4.Observation`) or read from a JSON tape (``TapeObservation``).
    mutating func mapObservation<O: ObservationFacts>(_ observation: O, _ input: MappingInput) {
        if observation.status == "entered-in-error" || observation.status == "cancelled" {
            issue(input, "status", "status is \(observation.status); the observation was not used")
            return
        }
        let loinc = observation.loinc
        let snomed = observation.snomed
        let kind = classify(loinc: loinc, snomed: snomed)
        let components = observation.componentFacts
        // A loop rather than `map` with a closure: the closure captured (copied) the whole run.
        var componentKinds: [ObservationKind] = []
        componentKinds.reserveCapacity(components.count)
        for component in components { componentKinds.append(classify(loinc: component.loinc, snomed: component.snomed)) }
        if case .unknown = kind, !componentKinds.contains(where: { if case .unknown = $0 { false } else { true } }) {
            noteUnused(
                kind: "Observation:\(loinc ?? snomed ?? "-")", label: input.label,
                reason: Self.unusedObservationReason(loinc: loinc, snomed: snomed))
            return
        }
        guard let index = draft(forReference: observation.subjectReference, input) else { return }
        guard let (reading, path) = observation.effectiveDay else {
            issue(input, "effective[x]", "no effective date; a score or lab needs the day it was taken; not used", patient: drafts[index].id)
            return
        }
        guard let date = day(reading, input, path) else { return }
        switch kind {
        case .unknown:
            break
        case .panel(let instrument):
            // A panel normally groups item observations (hasMember) or components and has no value.
            // Some exports put the total on the panel code; read that, and say so.
            if observation.quantity != nil || observation.integer != nil {
                if let value = scoreValue(quantity: observation.quantity, integer: observation.integer, input, "value[x]") {
                    drafts[index].scoreParts.append(
                        ScorePart(value: .total(instrument: instrument, value: value), date: date, source: input.label, fromQuestionnaireResponse: false))
                    issue(
                        input, "code", "a total score was coded with the \(instrument) panel code \(loinc ?? "") instead of the total-score code; read as the \(instrument) total",
                        patient: drafts[index].id)
                }
            }
        case .total(let instrument, let secondary):
            if let value = scoreValue(quantity: observation.quantity, integer: observation.integer, input, "value[x]") {
                drafts[index].scoreParts.append(
                    ScorePart(value: .total(instrument: instrument, value: value), date: date, source: input.label, fromQuestionnaireResponse: false))
                if secondary {
                    issue(
                        input, "code", "SNOMED CT \(snomed ?? "") read as the PHQ-9 total (code seen in an HL7 example, not in a LOINC source)",
                        patient: drafts[index].id)
                }
            } else if !observation.hasValue {
                issue(input, "value[x]", "the total score has no value; not used", patient: drafts[index].id)
            } else if observation.quantity == nil, observation.integer == nil {
                issue(
                    input, "value[x]", Self.unreadScoreReason(observation.unreadValueType, concept: observation.concept != nil),
                    patient: drafts[index].id)
            }
        case .item(let candidates):
            if let value = itemValue(
                candidates: candidates, quantity: observation.quantity, integer: observation.integer,
                concept: observation.concept, text: observation.valueText, unread: observation.unreadValueType, input,
                "value[x]")
            {
                drafts[index].scoreParts.append(
                    ScorePart(value: .item(candidates: candidates, value: value), date: date, source: input.label, fromQuestionnaireResponse: false))
            }
        case .lab(let test):
            mapLab(test: test, quantity: observation.quantity, input, "valueQuantity", draft: index, date: date)
        }
        guard !components.isEmpty else { return }
        // The label is built once for all the components (it is every score part's source).
        let source = input.label
        for (position, component) in components.enumerated() {
            let path = "component[\(position)]"
            switch componentKinds[position] {
            case .unknown, .panel:
                issue(input, "\(path).code", "the component's code is not an instrument item, total or lab Stepwise reads; not used", patient: drafts[index].id)
            case .total(let instrument, _):
                if let value = scoreValue(quantity: component.quantity, integer: component.integer, input, "\(path).value[x]") {
                    drafts[index].scoreParts.append(
                        ScorePart(value: .total(instrument: instrument, value: value), date: date, source: source, fromQuestionnaireResponse: false))
                } else if component.quantity == nil, component.integer == nil {
                    issue(
                        input, "\(path).value[x]", Self.unreadScoreReason(component.unreadValueType, concept: component.concept != nil),
                        patient: drafts[index].id)
                }
            case .item(let candidates):
                if let value = itemValue(
                    candidates: candidates, quantity: component.quantity, integer: component.integer,
                    concept: component.concept, text: component.valueText, unread: component.unreadValueType, input,
                    "\(path).value[x]")
                {
                    drafts[index].scoreParts.append(
                        ScorePart(value: .item(candidates: candidates, value: value), date: date, source: source, fromQuestionnaireResponse: false))
                }
            case .lab(let test):
                mapLab(test: test, quantity: component.quantity, input, "\(path).valueQuantity", draft: index, date: date)
            }
        }
    }

    /// Names the code only: a display or text is free text (it may carry a name or a note).
    static func unusedObservationReason(loinc: String?, snomed: String?) -> String {
        let code = loinc.map { "LOINC \($0)" } ?? snomed.map { "SNOMED CT \($0)" }
        let name = code ?? "an uncoded observation"
        return "\(name) is not an instrument, item or lab Stepwise reads; not used"
    }

    enum ObservationKind: Sendable {
        case panel(String)
        case total(String, secondary: Bool)
        case item([MappingVocabulary.ItemRef])
        case lab(String)
        case unknown
    }

    func classify(loinc: String?, snomed: String?) -> ObservationKind {
        // Totals, then items, labs and panels (precedence kept in `loincKinds`).
        if let loinc, let kind = vocabulary.loincKinds[loinc] { return kind }
        if snomed == Self.snomedPHQ9Total { return .total("phq9", secondary: true) }
        return .unknown
    }

    /// Units (lower-cased) a score may carry (built once, not for every score read).
    static let scoreUnits: Set<String> = ["", "{score}", "score", "{points}", "points", "1", "{#}"]

    /// A whole-number score from `valueQuantity` (unit `{score}` or none) or `valueInteger`.
    mutating func scoreValue(quantity: R4.Quantity?, integer: Int?, _ input: MappingInput, _ path: String) -> Int? {
        if let integer { return integer }
        guard let quantity else { return nil }
        guard let value = quantity.value else {
            issue(input, "\(path).value", "the score has no number; not used")
            return nil
        }
        let unit = (quantity.code ?? quantity.unit ?? "").lowercased()
        guard Self.scoreUnits.contains(unit) else {
            issue(input, "\(path).unit", "the score's unit \"\(unit.prefix(20))\" is not a score unit ({score}); not used")
            return nil
        }
        guard let whole = Self.wholeNumber(value) else {
            issue(input, "\(path).value", "the score \(value) is not a whole number; not used")
            return nil
        }
        return whole
    }

    /// An item answer: a LOINC answer code (or its `ordinalValue`), an integer, or a whole quantity;
    /// else a `valueString` holding only a whole number in the item's range (read, with a warning).
    /// An item with no value read is reported, never dropped silently (a safety item among them).
    mutating func itemValue<C: ConceptFacts>(
        candidates: [MappingVocabulary.ItemRef], quantity: R4.Quantity?, integer: Int?, concept: C?,
        text: String? = nil, unread: String? = nil, _ input: MappingInput, _ path: String
    ) -> Int? {
        if let concept {
            if let value = concept.answerValue(candidates: candidates, vocabulary: vocabulary) { return value }
            let code = concept.loincCode ?? concept.firstCode
            issue(
                input, "\(path)",
                "the answer \(code.map { "code \($0.prefix(20))" } ?? "(no code)") is not a known answer to this item and carries no ordinalValue; not used")
            return nil
        }
        if quantity == nil, integer == nil {
            if let text, let whole = Self.wholeNumberText(text),
                candidates.contains(where: { vocabulary.answerRanges[$0]?.contains(whole) ?? false })
            {
                issue(
                    input, path,
                    "the answer was sent as text (valueString) holding the whole number \(whole); read as \(whole) (send a LOINC answer code or valueInteger)")
                return whole
            }
            let what = unread.map { "is a \($0)\(text == nil ? "" : " that is not a whole number in the item's range")" } ?? "has no value"
            issue(
                input, path,
                "the item answer \(what); an item is read from a LOINC answer code, valueInteger or valueQuantity; not used")
            return nil
        }
        return scoreValue(quantity: quantity, integer: integer, input, path)
    }

    /// The number in `text` when it is only ASCII digits (one to three), else `nil`.
    static func wholeNumberText(_ text: String) -> Int? {
        let utf8 = text.utf8
        guard (1...3).contains(utf8.count), utf8.allSatisfy({ $0 &- 48 < 10 }) else { return nil }
        return Int(text)
    }

    /// Why a score with a value of another kind than `valueInteger` or `valueQuantity` was not read.
    static func unreadScoreReason(_ unread: String?, concept: Bool) -> String {
        let kind = unread ?? (concept ? "valueCodeableConcept" : "value of another type")
        return "the score is a \(kind); a score is read from valueInteger or valueQuantity; not used"
    }

    /// The score of an answer coding: a catalogued LOINC answer code, else an `ordinalValue`.
    func answerValue(candidates: [MappingVocabulary.ItemRef], coding: [R4.Coding]) -> Int? {
        for entry in coding {
            guard let code = entry.code else { continue }
            for candidate in candidates {
                if let value = vocabulary.answerValue(code, for: candidate) { return value }
            }
        }
        for entry in coding {
            if let value = Self.ordinal(entry.extension) { return value }
        }
        return nil
    }

    /// The whole-number `ordinalValue` (or `iso21090-CO-value`) among `extensions`.
    static func ordinal(_ extensions: [R4.Extension]?) -> Int? {
        for entry in extensions ?? [] where entry.url == FHIRSystem.ordinalValue || entry.url == FHIRSystem.iso21090COValue {
            if let integer = entry.valueInteger { return integer }
            if let decimal = entry.valueDecimal, let whole = wholeNumber(decimal) { return whole }
        }
        return nil
    }

    static func wholeNumber(_ value: Double) -> Int? {
        guard value.isFinite, value.rounded() == value, abs(value) < 1_000_000 else { return nil }
        return Int(value)
    }

    mutating func mapLab(test: String, quantity: R4.Quantity?, _ input: MappingInput, _ path: String, draft index: Int, date: LocalDate) {
        guard let quantity, let value = quantity.value, value.isFinite else {
            issue(input, path, "the \(test) result has no numeric value; not used", patient: drafts[index].id)
            return
        }
        if let comparator = quantity.comparator {
            issue(
                input, "\(path).comparator",
                "the \(test) result is reported as \(comparator) \(value); recorded as \(value), which is a bound, not an exact value",
                patient: drafts[index].id)
        }
        let unit = quantity.unit ?? quantity.code
        if unit == nil {
            issue(input, "\(path).unit", "the \(test) result has no unit; recorded without one", patient: drafts[index].id)
        }
        drafts[index].labs.append(LabResult(test: test, value: value, unit: unit, date: date))
    }
}
