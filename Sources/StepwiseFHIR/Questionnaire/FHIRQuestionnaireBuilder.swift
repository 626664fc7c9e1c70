// SPDX-License-Identifier: Apache-2.0

public import StepwiseCore

/// Builds a FHIR R4 `Questionnaire` for a public-domain instrument, LOINC-coded where the codes
/// are confirmed: the panel code on `Questionnaire.code`, item codes on `item.code` (and in the
/// `linkId`, as LHC-Forms writes it: `/44260-8`), answer codes on `answerOption.valueCoding`, and
/// every answer's score in the `ordinalValue` extension so any form filler can score it.
///
/// Licensed instruments (MADRS, ISI, C-SSRS electronic, Q-LES-Q-SF, …) are refused: Stepwise
/// ships no item text for them.
public struct FHIRQuestionnaireBuilder: Sendable {
    let vocabulary: MappingVocabulary
    let instruments: InstrumentCatalog

    /// Creates a builder over the knowledge base's instrument catalogue.
    public init(knowledge: KnowledgeBase) {
        self.vocabulary = MappingVocabulary(knowledge: knowledge)
        self.instruments = knowledge.instruments
    }

    /// The Questionnaire for `idOrAlias` (`phq9`, `PHQ-9`, `gad7`, …).
    ///
    /// - Throws: ``StepwiseError`` `notFound` for an unknown instrument, `forbidden` for a
    ///   licensed one (no item text is shipped).
    public func questionnaire(for idOrAlias: String) throws -> R4.Questionnaire {
        guard let definition = instruments.instrument(idOrAlias) else {
            throw StepwiseError(
                .notFound, "no instrument called \"\(idOrAlias.prefix(40))\"; run `stepwise instruments` for the list",
                at: "instrument")
        }
        return try questionnaire(for: definition)
    }

    /// The Questionnaire for `definition`.
    public func questionnaire(for definition: InstrumentDefinition) throws -> R4.Questionnaire {
        let missingText = definition.items.contains { $0.text == nil }
        guard !definition.totalsOnly, definition.licenceTerms.itemTextIncluded, !missingText else {
            let why = definition.totalsOnly
                ? "\(definition.shortName) is a licensed instrument: Stepwise ships no item text for it"
                : "Stepwise ships no item text for \(definition.shortName) (its terms for electronic use are not confirmed)"
            throw StepwiseError(
                .forbidden,
                "\(why), so it cannot emit a Questionnaire. Enter the total or the item answers instead. Licence: \(definition.licence)",
                at: "instrument")
        }
        let panel = definition.loincPanel ?? vocabulary.panels.filter { $0.value == definition.id }.keys.sorted().first
        let total = definition.loincTotal ?? vocabulary.totals.filter { $0.value == definition.id }.keys.sorted().first
        var questionnaire = R4.Questionnaire(
            id: FHIRExportText.code(definition.id), status: "active", title: definition.name)
        questionnaire.url = "http://stepwise.example.org/fhir/Questionnaire/\(FHIRExportText.code(definition.id))"
        questionnaire.name = FHIRExportText.code(definition.shortName).filter { $0.isLetter || $0.isNumber }
        questionnaire.subjectType = ["Patient"]
        questionnaire.publisher = "Stepwise"
        questionnaire.description = definition.summary.isEmpty ? nil : definition.summary
        questionnaire.copyright = definition.licence.isEmpty ? nil : definition.licence
        if let panel { questionnaire.code = [R4.Coding(system: FHIRSystem.loinc, code: panel, display: definition.name)] }
        var items: [R4.Questionnaire.Item] = []
        // The scored items, then the unscored difficulty question (PHQ-9 item 10), which is optional.
        for item in definition.items + (definition.difficultyItem.map { [$0] } ?? []) {
            let ref = MappingVocabulary.ItemRef(instrument: definition.id, number: item.number)
            let loinc = item.loinc ?? vocabulary.items.first { $0.value.contains(ref) }.map(\.key)
            var entry = R4.Questionnaire.Item(
                linkId: loinc.map { "/\($0)" } ?? "item-\(item.number)", type: "choice", text: item.text ?? item.label,
                code: loinc.map { [R4.Coding(system: FHIRSystem.loinc, code: $0, display: item.label)] })
            entry.prefix = "\(item.number)."
            entry.required = !item.optional && item.number != definition.difficultyItem?.number
            entry.answerOption = item.options.map { option in
                let code = option.loinc ?? vocabulary.answers[ref]?.first { $0.value == option.value }?.key
                let coding: R4.Coding
                if let code {
                    coding = R4.Coding(system: FHIRSystem.loinc, code: code, display: option.label)
                } else {
                    coding = R4.Coding(
                        system: FHIRSystem.stepwise, code: "\(FHIRExportText.code(definition.id))-answer-\(option.value)", display: option.label)
                }
                return R4.Questionnaire.AnswerOption(
                    valueCoding: coding,
                    extension: [R4.Extension(url: FHIRSystem.ordinalValue, valueDecimal: Double(option.value))])
            }
            items.append(entry)
        }
        if let total {
            var totalItem = R4.Questionnaire.Item(
                linkId: "/\(total)", type: "integer", text: "\(definition.shortName) total score",
                code: [R4.Coding(system: FHIRSystem.loinc, code: total, display: "\(definition.shortName) total score")])
            totalItem.readOnly = true
            totalItem.required = false
            items.append(totalItem)
        }
        questionnaire.item = items
        return questionnaire
    }
}
