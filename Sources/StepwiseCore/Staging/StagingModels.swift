// SPDX-License-Identifier: Apache-2.0
// STUB — owned by the trials/staging work.

/// Thase–Rush, Maudsley and MGH staging.
public enum StagingModels {
    /// Stages the patient.
    public static func evaluate(
        _ trials: [TrialAssessment], measurements: [ScoredMeasurement], record: PatientRecord,
        context: AssessmentContext, knowledge: KnowledgeBase
    ) -> StagingResult {
        StagingResult()
    }
}
