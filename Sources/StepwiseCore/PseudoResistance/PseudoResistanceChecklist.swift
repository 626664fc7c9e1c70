// SPDX-License-Identifier: Apache-2.0

/// The pseudo-resistance checklist: what to rule out before calling depression treatment-resistant
/// (CANMAT 2023 Table 7.1; McAllister-Williams 2020).
///
/// Every check in `conditions.json` yields one item, `present`, `absent` or `not-assessed`, with the
/// evidence it rests on. What has not been assessed is reported as a gap with how to assess it,
/// never as a silent "absent".
public enum PseudoResistanceChecklist {
    /// Check ids whose evidence comes from the trial assessments rather than codes, screens or labs.
    static let trialChecks: Set<String> = [
        "inadequate-dose", "inadequate-duration", "non-adherence", "psychotherapy-not-tried",
    ]

    /// One item per check id, each `present`, `absent` or `not-assessed`.
    ///
    /// Statuses are resolved from dates, polarities and sources only; each item's evidence lines are
    /// rendered when read, from the inputs shared by all items.
    public static func evaluate(
        _ record: PatientRecord, measurements: [ScoredMeasurement], trials: [TrialAssessment],
        context: AssessmentContext, knowledge: KnowledgeBase
    ) -> [ChecklistItem] {
        evaluate(SharedRecord(record), measurements: measurements, trials: trials, context: context, knowledge: knowledge)
    }

    /// ``evaluate(_:measurements:trials:context:knowledge:)`` on the assessment's shared record.
    static func evaluate(
        _ shared: SharedRecord, measurements: [ScoredMeasurement], trials: [TrialAssessment],
        context: AssessmentContext, knowledge: KnowledgeBase
    ) -> [ChecklistItem] {
        let inputs = ChecklistInputs(
            shared: shared, measurements: measurements, trials: trials, catalog: knowledge.conditions, asOf: context.asOf)
        let catalog = inputs.catalog
        let window = catalog.evidenceWindowMonths.value
        let count = catalog.checks.count
        var items: [ChecklistItem] = []
        items.reserveCapacity(count)
        var evidence = CheckEvidence(rendering: false)
        let templates = catalog.itemTemplates
        for position in 0..<count {
            evidence.clear()
            inputs.gather(position, into: &evidence)
            let resolved = evidence.resolve(asOf: context.asOf, windowMonths: window)
            let suggestion: String?
            switch resolved.status {
            case .present: suggestion = catalog.checks[position].action
            case .notAssessed: suggestion = catalog.checks[position].howToAssess
            case .absent: suggestion = nil
            }
            // The constant parts come from the catalogue's template; the item is built in place by
            // its memberwise initialiser (no copy of the template to overwrite) and its evidence,
            // rendered when read, set where it lies.
            let source =
                resolved.source != nil
                ? catalog.sourceText(of: position, specific: resolved.source) : templates[position].source
            items.append(
                ChecklistItem(
                    id: templates[position].id, title: templates[position].title, status: resolved.status.text,
                    evidence: [], suggestion: suggestion, source: source, rule: templates[position].rule))
            items[items.count - 1].$evidence = Deferred(source: inputs, index: position)
        }
        return items
    }
}
