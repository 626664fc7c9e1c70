// SPDX-License-Identifier: Apache-2.0
// STUB — owned by the safety/planning work.

/// Maps the stepped plan: ranked next-step options with reasons, evidence, cautions, sources.
public enum Planner {
    /// Ranked options. The clinician decides; nothing is applied.
    public static func plan(_ report: AssessmentReport, record: PatientRecord, context: AssessmentContext,
        knowledge: KnowledgeBase
    ) -> [PlanOption] {
        []
    }
}
