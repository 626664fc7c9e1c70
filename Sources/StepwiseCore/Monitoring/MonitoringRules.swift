// SPDX-License-Identifier: Apache-2.0
// STUB — owned by the safety/planning work.

/// Measurement-based-care monitoring.
public enum MonitoringRules {
    /// Trajectory, treat-to-target, STAR*D decision points, overdue measures.
    public static func evaluate(
        _ record: PatientRecord, measurements: [ScoredMeasurement], trials: [TrialAssessment],
        context: AssessmentContext, knowledge: KnowledgeBase
    ) -> [MonitoringItem] {
        []
    }
}
