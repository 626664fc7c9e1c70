// SPDX-License-Identifier: Apache-2.0

/// MGH staging score (Fava 2003; points confirmed in Hägg 2020 Panel 1).
///
/// 1 point per failed adequate antidepressant trial, + 0.5 when that trial's dose was optimised
/// (raised at least once after reaching the minimum adequate dose — read from the dose timeline,
/// a project decision), + 0.5 per failed augmentation or combination trial, + 3 per failed ECT course.
enum MGHStaging {
    static func stage(_ staged: [StagedTrial], trials: [TrialAssessment], tables: TreatmentTables) -> MGHStage {
        let table = tables.mgh
        let perFailed = table.perFailedTrial.value
        let perOptimisation = table.perOptimisation.value
        let perAugmentation = table.perAugmentation.value
        let failedECT = table.failedECT.value
        var score = 0.0
        var any = false
        for trial in staged {
            if trial.isAntidepressantFailure {
                score += perFailed
                if trial.optimised { score += perOptimisation }
                any = true
            } else if trial.isAugmentationFailure {
                score += perAugmentation
                any = true
            } else if trial.isECTFailure {
                score += failedECT
                any = true
            }
        }
        var stage = MGHStage(
            score: score, explanation: "",
            sources: SourceLists.union(table.sources, table.perOptimisation.sources, ThaseRushStaging.failureSources))
        guard any else {
            stage.explanation = "Score 0: no failed adequate trial in the current episode."
            return stage
        }
        let total = score
        stage.$explanation = Deferred {
            var text = "Score \(TrialText.oneDecimal(total)): "
            var first = true
            for trial in staged {
                let part: String
                let assessment = trials[trial.index]
                if trial.isAntidepressantFailure {
                    var antidepressant = "\(StagedTrial.label(assessment)) +\(TrialText.oneDecimal(perFailed))"
                    if trial.optimised { antidepressant += " +\(TrialText.oneDecimal(perOptimisation)) optimised" }
                    part = antidepressant
                } else if trial.isAugmentationFailure {
                    part = "\(StagedTrial.label(assessment)) +\(TrialText.oneDecimal(perAugmentation)) \(assessment.role)"
                } else if trial.isECTFailure {
                    part = "\(StagedTrial.label(assessment)) +\(TrialText.oneDecimal(failedECT)) failed ECT"
                } else {
                    continue
                }
                if !first { text += "; " }
                first = false
                text += part
            }
            return text + "."
        }
        return stage
    }
}
