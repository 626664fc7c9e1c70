// SPDX-License-Identifier: Apache-2.0

/// Whether a trial counts as a failure ("without adequate response"), shared by the TRD
/// definitions and the staging models.
///
/// - Remission, or response that was later lost (``TrialOutcome/lostResponse``), is never a failure.
/// - With a percent change: failure when the improvement is below `threshold` percent (exactly the
///   threshold is not a failure).
/// - Without scores: failure when the clinician stopped the trial for non-response; a stop for
///   partial response is a failure only when `threshold` is above the partial-response percent
///   (the < 50 % definitions). Otherwise the outcome is unknown and the trial does not count.
enum TrialFailure {
    /// The judgement and a short phrase for explanations.
    struct Judgement {
        var failed: Bool
        var phrase: String
    }

    static func judge(
        _ assessment: TrialAssessment, trial: TreatmentTrial?, threshold: Double, partialPercent: Double
    ) -> Judgement {
        let outcome = assessment.outcome
        if outcome.class == "remission" { return Judgement(failed: false, phrase: "remission") }
        if outcome.lostResponse == true {
            return Judgement(failed: false, phrase: "response later lost (not counted as a failure)")
        }
        if let change = outcome.percentChange {
            let improvement = -change
            if improvement + OutcomeRules.tolerance < threshold {
                return Judgement(
                    failed: true, phrase: "\(TrialText.oneDecimal(improvement)) % improvement")
            }
            return Judgement(
                failed: false,
                phrase: "\(TrialText.oneDecimal(improvement)) % improvement (≥ \(TrialText.oneDecimal(threshold)) %)")
        }
        switch trial?.stopReason ?? assessment.stopReason.flatMap(StopReason.init(rawValue:)) {
        case .nonResponse?:
            return Judgement(failed: true, phrase: "stopped for non-response (no scores)")
        case .partialResponse? where threshold > partialPercent:
            return Judgement(failed: true, phrase: "stopped for partial response (no scores)")
        default:
            return Judgement(failed: false, phrase: "outcome unknown")
        }
    }

    /// Whether an adequate trial failed to reach response under the profile (the staging rule).
    static func failedAdequate(
        _ assessment: TrialAssessment, trial: TreatmentTrial?, context: AssessmentContext
    ) -> Bool {
        guard assessment.currentEpisode, assessment.adequacy.verdict == "adequate" else { return false }
        return judge(
            assessment, trial: trial, threshold: context.profile.responsePercent.value,
            partialPercent: context.profile.partialResponsePercent.value
        ).failed
    }
}
