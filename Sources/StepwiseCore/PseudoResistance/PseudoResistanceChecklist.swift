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
    public static func evaluate(
        _ record: PatientRecord, measurements: [ScoredMeasurement], trials: [TrialAssessment],
        context: AssessmentContext, knowledge: KnowledgeBase
    ) -> [ChecklistItem] {
        let catalog = knowledge.conditions
        let window = catalog.evidenceWindowMonths.value
        let inputs = ChecklistInputs(record: record, catalog: catalog)
        // The latest administration of each instrument, found in one pass (measurements are oldest first).
        var latest: [String: Int] = [:]
        for (index, m) in measurements.enumerated() { latest[m.instrument] = index }
        var items: [ChecklistItem] = []
        items.reserveCapacity(catalog.checks.count)
        var trialLabels: [String]?
        for (position, check) in catalog.checks.enumerated() {
            var evidence: CheckEvidence
            switch check.id {
            case "inadequate-dose", "inadequate-duration", "non-adherence":
                if trialLabels == nil { trialLabels = TrialChecks.labels(trials) }
                evidence = TrialChecks.medication(check.id, trials: trials, labels: trialLabels ?? [])
            case "psychotherapy-not-tried":
                evidence = TrialChecks.psychotherapy(trials: trials)
            default:
                evidence = CheckEvidence()
            }
            inputs.addConditions(for: check, to: &evidence)
            inputs.addFindings(for: check, to: &evidence)
            if check.id == "psychotic-features" { inputs.addEpisodePsychosis(to: &evidence) }
            addScreens(check, measurements: measurements, latest: latest, to: &evidence)
            inputs.addLabs(for: check, to: &evidence)
            let resolved = evidence.resolve(asOf: context.asOf, windowMonths: window)
            let suggestion: String?
            switch resolved.status {
            case "present": suggestion = check.action
            case "not-assessed": suggestion = check.howToAssess
            default: suggestion = nil
            }
            var source = catalog.sourceText(of: position)
            if let specific = resolved.source, !check.sources.contains(specific) { source += " " + specific }
            items.append(
                ChecklistItem(
                    id: check.id, title: check.title, status: resolved.status,
                    evidence: resolved.evidence.isEmpty ? ["Nothing recorded."] : resolved.evidence,
                    suggestion: suggestion, source: source, rule: check.id))
        }
        return items
    }

    /// Adds the most relevant screening result(s) for `check`: the latest administration of each
    /// listed instrument.
    static func addScreens(
        _ check: CheckDefinition, measurements: [ScoredMeasurement], latest: [String: Int],
        to evidence: inout CheckEvidence
    ) {
        for rule in check.screens {
            guard let position = latest[rule.instrument] else { continue }
            let latest = measurements[position]
            let name = rule.name ?? rule.instrument
            var positive = false
            var negative = false
            if let threshold = rule.positiveAtOrAbove {
                if let total = latest.total {
                    positive = total >= threshold.value
                    negative = !positive
                }
            } else {
                positive = latest.flags.contains { rule.positiveFlags.contains($0) }
                if !positive {
                    if let negatives = rule.negativeFlags {
                        negative = latest.flags.contains { negatives.contains($0) }
                    } else {
                        negative = latest.total != nil
                    }
                }
            }
            guard positive || negative else {
                evidence.notes.append(name + " on " + latest.date.description + " has no screen result")
                continue
            }
            var text = name + (positive ? " positive" : " negative")
            if let total = latest.total { text += " (total \(total))" }
            text += " on " + latest.date.description
            let source = rule.positiveAtOrAbove?.sources.first ?? rule.sources.first
            evidence.results.append(
                CheckEvidence.Result(date: latest.date, positive: positive, text: text, source: source))
        }
    }
}
