// SPDX-License-Identifier: Apache-2.0

/// What the Observation mapping reads from an Observation, whether it was decoded into
/// `R4.Observation` or read straight from a JSON tape (``TapeObservation``): one mapping routine,
/// two sources, the same records and issues.
protocol ObservationFacts {
    associatedtype Concept: ConceptFacts
    associatedtype Component: ObservationComponentFacts where Component.Concept == Concept

    var status: String { get }
    /// The code of the first `code.coding` with the LOINC system and a code.
    var loinc: String? { get }
    /// The code of the first `code.coding` with the SNOMED CT system and a code.
    var snomed: String? { get }
    /// The first coding's display, else the code's text (for the "not used" reason).
    var codeDisplay: String? { get }
    var subjectReference: String? { get }
    /// The day the observation was taken, read from `effective[x]` (`nil` when there is none),
    /// and the element it was read from.
    var effectiveDay: (reading: FHIRDate.Reading, path: String)? { get }
    var quantity: R4.Quantity? { get }
    var integer: Int? { get }
    var concept: Concept? { get }
    /// Whether any `value[x]` is present.
    var hasValue: Bool { get }
    /// `valueString` (a whole number sent as text is read for an item, with a warning).
    var valueText: String? { get }
    /// The name of a `value[x]` present that scores are not read from (`valueString`,
    /// `valueBoolean`, `valueDateTime`), for the issue that says so.
    var unreadValueType: String? { get }
    var componentFacts: [Component] { get }
}

/// An Observation component, as the mapping reads it.
protocol ObservationComponentFacts {
    associatedtype Concept: ConceptFacts
    var loinc: String? { get }
    var snomed: String? { get }
    var quantity: R4.Quantity? { get }
    var integer: Int? { get }
    var concept: Concept? { get }
    /// `valueString`.
    var valueText: String? { get }
    /// The name of a `value[x]` present that scores are not read from (see ``ObservationFacts``).
    var unreadValueType: String? { get }
}

/// A coded answer (`valueCodeableConcept`), as the mapping reads it.
protocol ConceptFacts {
    /// The code of the first coding with the LOINC system and a code.
    var loincCode: String? { get }
    /// The first coding's code (`nil` when there is no coding or it has no code).
    var firstCode: String? { get }
    /// The score of the answer: a catalogued LOINC answer code, else an `ordinalValue`.
    func answerValue(candidates: [MappingVocabulary.ItemRef], vocabulary: MappingVocabulary) -> Int?
}

extension R4.Observation: ObservationFacts {
    var loinc: String? { code.coding(system: FHIRSystem.loinc)?.code }
    var snomed: String? { code.coding(system: FHIRSystem.snomed)?.code }
    var codeDisplay: String? { code.coding?.first?.display ?? code.text }
    var subjectReference: String? { subject?.reference }
    var effectiveDay: (reading: FHIRDate.Reading, path: String)? {
        if let text = effectiveDateTime { return (FHIRDate.read(text), "effectiveDateTime") }
        if let text = effectivePeriod?.start { return (FHIRDate.read(text), "effectivePeriod.start") }
        if let text = effectiveInstant { return (FHIRDate.read(text), "effectiveInstant") }
        return nil
    }
    var quantity: R4.Quantity? { valueQuantity }
    var integer: Int? { valueInteger }
    var concept: R4.CodeableConcept? { valueCodeableConcept }
    var hasValue: Bool {
        valueQuantity != nil || valueInteger != nil || valueCodeableConcept != nil || valueString != nil || valueBoolean != nil
    }
    var valueText: String? { valueString }
    var unreadValueType: String? {
        if valueString != nil { return "valueString" }
        if valueBoolean != nil { return "valueBoolean" }
        if valueDateTime != nil { return "valueDateTime" }
        return nil
    }
    var componentFacts: [Component] { component ?? [] }
}

extension R4.Observation.Component: ObservationComponentFacts {
    var loinc: String? { code.coding(system: FHIRSystem.loinc)?.code }
    var snomed: String? { code.coding(system: FHIRSystem.snomed)?.code }
    var quantity: R4.Quantity? { valueQuantity }
    var integer: Int? { valueInteger }
    var concept: R4.CodeableConcept? { valueCodeableConcept }
    var valueText: String? { valueString }
    var unreadValueType: String? {
        if valueString != nil { return "valueString" }
        if valueBoolean != nil { return "valueBoolean" }
        return nil
    }
}

extension R4.CodeableConcept: ConceptFacts {
    var loincCode: String? { coding(system: FHIRSystem.loinc)?.code }
    var firstCode: String? { coding?.first?.code }

    func answerValue(candidates: [MappingVocabulary.ItemRef], vocabulary: MappingVocabulary) -> Int? {
        let coding = self.coding ?? []
        for entry in coding {
            guard let code = entry.code else { continue }
            for candidate in candidates {
                if let value = vocabulary.answerValue(code, for: candidate) { return value }
            }
        }
        for entry in coding {
            if let value = MappingRun.ordinal(entry.extension) { return value }
        }
        return nil
    }
}
