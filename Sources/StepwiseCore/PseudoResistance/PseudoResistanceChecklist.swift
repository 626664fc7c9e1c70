// SPDX-License-Identifier: Apache-2.0
// STUB — owned by the pseudo-resistance work.

/// The pseudo-resistance checklist.
public enum PseudoResistanceChecklist {
    /// One item per check id, each `present`, `absent` or `not-assessed`.
    public static func evaluate(
        _ record: PatientRecord, measurements: [ScoredMeasurement], trials: [TrialAssessment],
        context: AssessmentContext, knowledge: KnowledgeBase
    ) -> [ChecklistItem] {
        []
    }
}
