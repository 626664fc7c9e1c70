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

/// One trial reduced to what staging needs, judged once per assessment.
struct StagedTrial {
    /// Trial id and agent, for explanations.
    var id: String
    var agent: String
    /// `monotherapy`, `augmentation`, `combination`, …
    var role: String
    /// The catalogued drug class, for medications.
    var drugClass: String?
    /// Whether the trial is in the current episode, and its first day.
    var currentEpisode: Bool
    var start: LocalDate
    /// A failed adequate monotherapy trial of an antidepressant.
    var isAntidepressantFailure = false
    /// A failed adequate augmentation or combination trial.
    var isAugmentationFailure = false
    /// A failed adequate ECT course.
    var isECTFailure = false
    /// For an antidepressant failure: the dose was raised after reaching the minimum (MGH-s).
    var optimised = false
    /// ECT electrode placement as recorded.
    var laterality: ECTLaterality?

    /// Label for explanations: `sertraline [t1]`.
    var label: String { "\(agent) [\(id)]" }

    static func build(
        _ trials: [TrialAssessment], record: PatientRecord, context: AssessmentContext, knowledge: KnowledgeBase
    ) -> [StagedTrial] {
        let paired = TrialOrder.pair(trials, record: record)
        var staged: [StagedTrial] = []
        staged.reserveCapacity(trials.count)
        for index in trials.indices {
            let assessment = trials[index]
            let trial = index < paired.count ? paired[index] : nil
            var entry = StagedTrial(
                id: assessment.id, agent: assessment.agent, role: assessment.role, drugClass: assessment.drugClass,
                currentEpisode: assessment.currentEpisode, start: assessment.start, laterality: trial?.laterality)
            let failed =
                assessment.failedAdequate ?? TrialFailure.failedAdequate(assessment, trial: trial, context: context)
            guard failed else {
                staged.append(entry)
                continue
            }
            switch assessment.kind {
            case "medication":
                if assessment.role == "augmentation" || assessment.role == "combination" {
                    entry.isAugmentationFailure = true
                } else if assessment.role == "monotherapy",
                    let drug = knowledge.drugs.drug(named: assessment.agent), drug.isAntidepressant
                {
                    entry.isAntidepressantFailure = true
                    entry.drugClass = drug.drugClass
                    if let trial, let minimum = drug.minimumDose(for: trial.effectiveRole)?.value {
                        entry.optimised =
                            DoseExposure(
                                doses: trial.doses, start: trial.start, close: assessment.end ?? context.asOf,
                                minimum: minimum
                            ).optimised
                    }
                }
            case "neuromodulation":
                entry.isECTFailure = assessment.agent == "ect"
            default:
                break
            }
            staged.append(entry)
        }
        return staged
    }
}
