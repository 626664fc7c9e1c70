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
    /// Why a trial did or did not fail, rendered into explanations only when they are read.
    enum Phrase: Sendable, Equatable {
        case remission
        case lostResponse
        /// Improvement (percent) below the threshold.
        case failedImprovement(Double)
        /// Improvement (percent) at or above `threshold`.
        case improvement(Double, threshold: Double)
        case stoppedForNonResponse
        case stoppedForPartialResponse
        case outcomeUnknown

        var text: String {
            switch self {
            case .remission: "remission"
            case .lostResponse: "response later lost (not counted as a failure)"
            case .failedImprovement(let improvement): "\(TrialText.oneDecimal(improvement)) % improvement"
            case .improvement(let improvement, let threshold):
                "\(TrialText.oneDecimal(improvement)) % improvement (≥ \(TrialText.oneDecimal(threshold)) %)"
            case .stoppedForNonResponse: "stopped for non-response (no scores)"
            case .stoppedForPartialResponse: "stopped for partial response (no scores)"
            case .outcomeUnknown: "outcome unknown"
            }
        }
    }

    /// The judgement and why.
    struct Judgement {
        var failed: Bool
        var reason: Phrase
        /// A short phrase for explanations.
        var phrase: String { reason.text }
    }

    static func judge(
        _ assessment: TrialAssessment, trial: TreatmentTrial?, threshold: Double, partialPercent: Double
    ) -> Judgement {
        let outcome = assessment.outcome
        return judge(
            remission: outcome.class == "remission", lostResponse: outcome.lostResponse == true,
            percentChange: outcome.percentChange,
            stopReason: trial?.stopReason ?? assessment.stopReason.flatMap(StopReason.init(rawValue:)),
            threshold: threshold, partialPercent: partialPercent)
    }

    /// The judgement from the outcome's parts (the stop reason is read only without a percent change).
    @inline(__always)
    static func judge(
        remission: Bool, lostResponse: Bool, percentChange: Double?, stopReason: @autoclosure () -> StopReason?,
        threshold: Double, partialPercent: Double
    ) -> Judgement {
        if remission { return Judgement(failed: false, reason: .remission) }
        if lostResponse { return Judgement(failed: false, reason: .lostResponse) }
        if let change = percentChange {
            let improvement = -change
            if improvement + OutcomeRules.tolerance < threshold {
                return Judgement(failed: true, reason: .failedImprovement(improvement))
            }
            return Judgement(failed: false, reason: .improvement(improvement, threshold: threshold))
        }
        switch stopReason() {
        case .nonResponse?:
            return Judgement(failed: true, reason: .stoppedForNonResponse)
        case .partialResponse? where threshold > partialPercent:
            return Judgement(failed: true, reason: .stoppedForPartialResponse)
        default:
            return Judgement(failed: false, reason: .outcomeUnknown)
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
