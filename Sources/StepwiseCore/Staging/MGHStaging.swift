// SPDX-License-Identifier: Apache-2.0

/// MGH staging score (Fava 2003; points confirmed in Hägg 2020 Panel 1).
///
/// 1 point per failed adequate antidepressant trial, + 0.5 when that trial's dose was optimised
/// (raised at least once after reaching the minimum adequate dose — read from the dose timeline,
/// a project decision), + 0.5 per failed augmentation or combination trial, + 3 per failed ECT course.
enum MGHStaging {
    static func stage(_ staged: [StagedTrial], tables: TreatmentTables) -> MGHStage {
        let table = tables.mgh
        var score = 0.0
        var parts: [String] = []
        for trial in staged {
            if trial.isAntidepressantFailure {
                score += table.perFailedTrial.value
                var part = "\(trial.label) +\(TrialText.oneDecimal(table.perFailedTrial.value))"
                if trial.optimised {
                    score += table.perOptimisation.value
                    part += " +\(TrialText.oneDecimal(table.perOptimisation.value)) optimised"
                }
                parts.append(part)
            } else if trial.isAugmentationFailure {
                score += table.perAugmentation.value
                parts.append("\(trial.label) +\(TrialText.oneDecimal(table.perAugmentation.value)) \(trial.role)")
            } else if trial.isECTFailure {
                score += table.failedECT.value
                parts.append("\(trial.label) +\(TrialText.oneDecimal(table.failedECT.value)) failed ECT")
            }
        }
        let text =
            parts.isEmpty
            ? "Score 0: no failed adequate trial in the current episode."
            : "Score \(TrialText.oneDecimal(score)): " + parts.joined(separator: "; ") + "."
        var sources = table.sources
        AdequacyRules.appendUnique(table.perOptimisation.sources, to: &sources)
        AdequacyRules.appendUnique(["project-decision-failure"], to: &sources)
        return MGHStage(score: score, explanation: text, sources: sources)
    }
}
