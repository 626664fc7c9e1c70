// SPDX-License-Identifier: Apache-2.0
// STUB — owned by the trials/staging work.

/// Evaluates TRD under several published definitions side by side.
public enum TRDDefinitions {
    /// One verdict per definition.
    public static func evaluate(
        _ trials: [TrialAssessment], record: PatientRecord, context: AssessmentContext, knowledge: KnowledgeBase
    ) -> [TRDVerdict] {
        []
    }
}
