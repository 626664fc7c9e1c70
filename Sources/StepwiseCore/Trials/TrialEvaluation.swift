// SPDX-License-Identifier: Apache-2.0
// STUB — owned by the trials work.

/// Judges each trial's adequacy and outcome.
public enum TrialEvaluation {
    /// Evaluates every trial of `record` in start order.
    public static func evaluate(
        _ record: PatientRecord, measurements: [ScoredMeasurement], context: AssessmentContext,
        knowledge: KnowledgeBase
    ) -> [TrialAssessment] {
        []
    }
}
