// SPDX-License-Identifier: Apache-2.0
// STUB — owned by the safety/planning work.

/// Suicide-risk and other safety signals.
public enum SafetyScreen {
    /// Safety flags; no other rule may remove or downgrade them.
    public static func evaluate(
        _ record: PatientRecord, measurements: [ScoredMeasurement], context: AssessmentContext,
        knowledge: KnowledgeBase
    ) -> [SafetyFlag] {
        []
    }
}
