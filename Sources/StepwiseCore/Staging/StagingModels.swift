// SPDX-License-Identifier: Apache-2.0

/// Thase–Rush, Maudsley and MGH staging (engine step 5).
///
/// All three read the same notion of failure (``TrialFailure/failedAdequate(_:trial:context:)``):
/// a current-episode trial that was adequate and did not reach response, or, without scores, was
/// stopped for non-response; a response later lost is not a failure. An antidepressant failure is a
/// failed monotherapy trial of a catalogued antidepressant; an augmentation failure is a failed
/// trial in the augmentation or combination role.
public enum StagingModels {
    /// Stages the patient.
    public static func evaluate(
        _ trials: [TrialAssessment], measurements: [ScoredMeasurement], record: PatientRecord,
        context: AssessmentContext, knowledge: KnowledgeBase
    ) -> StagingResult {
        guard let tables = knowledge.drugs.tables else {
            let note = "Staging tables (staging.json) are unavailable."
            return StagingResult(
                thaseRush: ThaseRushStage(stage: 0, explanation: note, sources: []),
                maudsley: MaudsleyStage(explanation: note, assumptions: [note]),
                mgh: MGHStage(score: 0, explanation: note, sources: []))
        }
        let staged = StagedTrial.build(trials, record: record, context: context, knowledge: knowledge)
        return StagingResult(
            thaseRush: ThaseRushStaging.stage(staged, tables: tables),
            maudsley: MaudsleyStaging.stage(
                staged, measurements: measurements, record: record, context: context, tables: tables),
            mgh: MGHStaging.stage(staged, tables: tables))
    }
}

/// One trial with what staging needs to know about it.
struct StagedTrial {
    var assessment: TrialAssessment
    var trial: TreatmentTrial?
    var drug: DrugDefinition?
    var failed: Bool
    /// The trial's end, or the as-of date when ongoing.
    var close: LocalDate

    /// A failed adequate monotherapy trial of an antidepressant.
    var isAntidepressantFailure: Bool {
        failed && assessment.kind == "medication" && assessment.role == "monotherapy" && drug?.isAntidepressant == true
    }

    /// A failed adequate augmentation or combination trial.
    var isAugmentationFailure: Bool {
        failed && assessment.kind == "medication"
            && (assessment.role == "augmentation" || assessment.role == "combination")
    }

    /// A failed adequate ECT course.
    var isECTFailure: Bool { failed && assessment.kind == "neuromodulation" && assessment.agent == "ect" }

    /// Label for explanations: `sertraline [t1]`.
    var label: String { "\(assessment.agent) [\(assessment.id)]" }

    static func build(
        _ trials: [TrialAssessment], record: PatientRecord, context: AssessmentContext, knowledge: KnowledgeBase
    ) -> [StagedTrial] {
        let paired = TrialOrder.pair(trials, record: record)
        var staged: [StagedTrial] = []
        staged.reserveCapacity(trials.count)
        for (index, assessment) in trials.enumerated() {
            let trial = index < paired.count ? paired[index] : nil
            let drug = assessment.kind == "medication" ? knowledge.drugs.drug(named: assessment.agent) : nil
            let failed =
                assessment.failedAdequate ?? TrialFailure.failedAdequate(assessment, trial: trial, context: context)
            staged.append(
                StagedTrial(
                    assessment: assessment, trial: trial, drug: drug, failed: failed,
                    close: assessment.end ?? context.asOf))
        }
        return staged
    }
}
