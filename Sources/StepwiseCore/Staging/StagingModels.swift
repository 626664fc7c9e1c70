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
        let catalog = knowledge.drugs
        guard let tables = catalog.tables else {
            let note = "Staging tables (staging.json) are unavailable."
            return StagingResult(
                thaseRush: ThaseRushStage(stage: 0, explanation: note, sources: []),
                maudsley: MaudsleyStage(explanation: note, assumptions: [note]),
                mgh: MGHStage(score: 0, explanation: note, sources: []))
        }
        let staged = StagedTrial.build(trials, record: record, context: context, catalog: catalog)
        return StagingResult(
            thaseRush: ThaseRushStaging.stage(staged, tables: tables),
            maudsley: MaudsleyStaging.stage(
                staged, measurements: measurements, record: record, context: context, tables: tables),
            mgh: MGHStaging.stage(staged, trials: trials, tables: tables))
    }
}

/// One trial reduced to what staging needs, judged once per assessment.
struct StagedTrial: Sendable {
    /// Position of the trial in the assessed trials (for its id, agent and role in explanations).
    var index: Int
    var agent: String
    /// The catalogued drug class, for antidepressant failures.
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
    static func label(_ trial: TrialAssessment) -> String { "\(trial.agent) [\(trial.id)]" }

    static func build(
        _ trials: [TrialAssessment], record: PatientRecord, context: AssessmentContext, catalog: DrugCatalog
    ) -> [StagedTrial] {
        var paired: [TreatmentTrial?]?
        var staged: [StagedTrial] = []
        staged.reserveCapacity(trials.count)
        let all = trials
        trials.withUnsafeBufferPointer { trials in
            for index in trials.indices {
                let facts = trials[index].facts
                var trial: TreatmentTrial?
                if !facts.resolved {
                    if paired == nil { paired = TrialOrder.pair(all, record: record) }
                    trial = index < paired!.count ? paired![index] : nil
                }
                var entry = StagedTrial(
                    index: index, agent: trials[index].agent, drugClass: trials[index].drugClass,
                    currentEpisode: trials[index].currentEpisode, start: trials[index].start,
                    laterality: facts.resolved ? facts.laterality : trial?.laterality)
                let failed =
                    trials[index].failedAdequate
                    ?? TrialFailure.failedAdequate(trials[index], trial: trial, context: context)
                guard failed else {
                    staged.append(entry)
                    continue
                }
                switch trials[index].kind {
                case "medication":
                    let role = trials[index].role
                    if role == "augmentation" || role == "combination" {
                        entry.isAugmentationFailure = true
                    } else if role == "monotherapy", let drug = catalog.drug(kind: "medication", agent: entry.agent, facts: facts),
                        drug.isAntidepressant
                    {
                        entry.isAntidepressantFailure = true
                        entry.drugClass = drug.drugClass
                        if facts.resolved && catalog.isCanonical(facts.drugPosition) {
                            entry.optimised = facts.optimised
                        } else {
                            if paired == nil { paired = TrialOrder.pair(all, record: record) }
                            let recordTrial = index < paired!.count ? paired![index] : nil
                            if let recordTrial, let minimum = drug.minimumDose(for: recordTrial.effectiveRole)?.value {
                                entry.optimised =
                                    DoseExposure(
                                        doses: recordTrial.doses, start: recordTrial.start,
                                        close: trials[index].end ?? context.asOf, minimum: minimum
                                    ).optimised
                            }
                        }
                    }
                case "neuromodulation":
                    entry.isECTFailure = trials[index].agent == "ect"
                default:
                    break
                }
                staged.append(entry)
            }
        }
        return staged
    }
}
