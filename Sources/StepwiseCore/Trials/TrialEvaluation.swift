// SPDX-License-Identifier: Apache-2.0

/// Judges each trial's adequacy and outcome (engine steps 2–3).
///
/// See ``AdequacyRules`` and ``OutcomeRules`` for the rules; `stepwise explain adequacy-medication`
/// prints them.
public enum TrialEvaluation {
    /// Evaluates every trial of `record` in start order (ties keep record order).
    public static func evaluate(
        _ record: PatientRecord, measurements: [ScoredMeasurement], context: AssessmentContext,
        knowledge: KnowledgeBase
    ) -> [TrialAssessment] {
        guard !record.trials.isEmpty else { return [] }
        let series = TrialScoreSeries.build(
            measurements, preference: knowledge.drugs.tables?.outcomeInstruments.value ?? [],
            instruments: knowledge.instruments)
        return evaluate(record, series: series, context: context, knowledge: knowledge)
    }

    /// ``evaluate(_:measurements:context:knowledge:)`` given the assessment's depression series of the
    /// same scored measurements (the outcome series are taken from them).
    static func evaluate(
        _ record: PatientRecord, depression: [ScoreSeries], context: AssessmentContext, knowledge: KnowledgeBase
    ) -> [TrialAssessment] {
        guard !record.trials.isEmpty else { return [] }
        let series = TrialScoreSeries.build(
            depression: depression, preference: knowledge.drugs.tables?.outcomeInstruments.value ?? [],
            instruments: knowledge.instruments)
        return evaluate(record, series: series, context: context, knowledge: knowledge)
    }

    /// Evaluates every trial of `record` against the outcome `series`.
    private static func evaluate(
        _ record: PatientRecord, series: [TrialScoreSeries], context: AssessmentContext, knowledge: KnowledgeBase
    ) -> [TrialAssessment] {
        let catalog = knowledge.drugs
        let tables = catalog.tables
        var order = TrialOrder.sortedIndices(record.trials)
        // A trial that starts after the as-of date is not assessed or counted (an issue says so,
        // ``timingIssues(_:asOf:)``); in start order such trials come last.
        while let last = order.last, record.trials[last].start > context.asOf { order.removeLast() }
        let parameters = AdequacyRules.Parameters(
            context: context, tables: tables, episodeOnset: record.episode?.onset)
        let count = order.count
        let results = [TrialAssessment](unsafeUninitializedCapacity: count) { buffer, initialized in
            record.trials.withUnsafeBufferPointer { trials in
                for position in 0..<count {
                    (buffer.baseAddress! + position).initialize(
                        to: assess(
                            trials[order[position]], position: position, series: series, context: context,
                            catalog: catalog, parameters: parameters))
                    initialized = position + 1
                }
            }
        }
        return results
    }

    /// Assesses one trial (`position` is its place in start order, used for `trial-N` ids).
    static func assess(
        _ trial: TreatmentTrial, position: Int, series: [TrialScoreSeries], context: AssessmentContext,
        knowledge: KnowledgeBase
    ) -> TrialAssessment {
        let catalog = knowledge.drugs
        return assess(
            trial, position: position, series: series, context: context, catalog: catalog,
            parameters: AdequacyRules.Parameters(context: context, tables: catalog.tables))
    }

    @inline(never)  // returned straight into the results buffer (inlined, the assessment was copied once more)
    static func assess(
        _ trial: TreatmentTrial, position: Int, series: [TrialScoreSeries], context: AssessmentContext,
        catalog: DrugCatalog, parameters: AdequacyRules.Parameters
    ) -> TrialAssessment {
        let adequacy: Adequacy
        var agent = trial.agent
        var rxnorm: String?
        var drugClass: String?
        var facts = TrialFacts(resolved: true, stopReason: trial.stopReason, laterality: trial.laterality)
        switch trial.kind {
        case .medication:
            let drugPosition = catalog.position(named: trial.agent)
            let drug = drugPosition.map { catalog.all[$0] }
            if let drug, let drugPosition {
                agent = drug.name
                rxnorm = drug.rxnorm
                drugClass = drug.drugClass
                facts.drugPosition = drugPosition
            } else {
                agent = trial.agent.lowercased()
            }
            let result = AdequacyRules.medication(trial, drug: drug, parameters: parameters)
            adequacy = result.adequacy
            facts.optimised = result.exposure?.optimised ?? false
        case .psychotherapy:
            drugClass = "psychotherapy"
            adequacy = AdequacyRules.sessions(trial, parameters: parameters)
        case .neuromodulation:
            drugClass = "neuromodulation"
            adequacy = AdequacyRules.sessions(trial, parameters: parameters)
        }
        let outcome = OutcomeRules.outcome(
            trial, series: series, asOf: parameters.asOf, response: parameters.responsePercent,
            partial: parameters.partialResponsePercent, baselineMaxDays: catalog.tables?.outcomeBaselineMaxDays?.value)
        var failed = false
        let currentEpisode = trial.isInCurrentEpisode(onset: parameters.episodeOnset)
        if currentEpisode && adequacy.verdict == "adequate" {
            failed =
                TrialFailure.judge(
                    remission: outcome.class == "remission", lostResponse: outcome.lostResponse == true,
                    percentChange: outcome.percentChange, stopReason: trial.stopReason,
                    threshold: parameters.responsePercent, partialPercent: parameters.partialResponsePercent
                ).failed
        }
        return TrialAssessment(
            id: trial.id ?? generatedID(position), agent: agent, rxnorm: rxnorm, drugClass: drugClass,
            kind: trial.kind.rawValue, role: trial.effectiveRole.rawValue, start: trial.start, end: trial.end,
            currentEpisode: currentEpisode, adequacy: adequacy, outcome: outcome, failedAdequate: failed,
            stopReason: trial.stopReason?.rawValue, facts: facts)
    }

    /// Warnings about trials the assessment reads differently from how they are recorded: one that
    /// starts after the as-of date (not assessed or counted), and one without `currentEpisode` that
    /// ended before the episode onset (counted as an earlier episode). In record order; no dates or
    /// names in the messages.
    static func timingIssues(_ record: PatientRecord, asOf: LocalDate) -> [InputIssue] {
        var issues: [InputIssue] = []
        let onset = record.episode?.onset
        let trials = record.trials
        for index in trials.indices {
            if trials[index].start > asOf {
                issues.append(
                    InputIssue(
                        path: "$.trials[\(index)].start",
                        message: "the trial starts after the as-of date; it is not assessed and not counted",
                        severity: "warning"))
            } else if trials[index].currentEpisode == nil, let end = trials[index].end, let onset, end < onset {
                issues.append(
                    InputIssue(
                        path: "$.trials[\(index)].end",
                        message:
                            "the trial ended before the episode onset, so it is counted as an earlier episode; "
                            + "set currentEpisode to true if it belongs to the current one",
                        severity: "warning"))
            }
        }
        return issues
    }

    /// `trial-N` for the trial at `position` (0-based) in start order.
    static func generatedID(_ position: Int) -> String {
        position < generatedIDs.count ? generatedIDs[position] : "trial-\(position + 1)"
    }

    private static let generatedIDs = (1...32).map { "trial-\($0)" }
}

/// The start order of trials shared by the trial, TRD and staging rules.
enum TrialOrder {
    /// Indices of `trials` sorted by start date; ties keep record order.
    static func sortedIndices(_ trials: [TreatmentTrial]) -> [Int] {
        var indices = Array(trials.indices)
        var sorted = true
        for index in trials.indices.dropFirst() where trials[index].start < trials[index - 1].start {
            sorted = false
            break
        }
        if !sorted {
            indices.sort { trials[$0].start != trials[$1].start ? trials[$0].start < trials[$1].start : $0 < $1 }
        }
        return indices
    }

    /// Pairs each assessment with the record trial it came from (by start order, falling back to
    /// id), so later rules can read stop reasons, laterality and dose timelines.
    static func pair(_ assessments: [TrialAssessment], record: PatientRecord) -> [TreatmentTrial?] {
        let order = sortedIndices(record.trials)
        if order.count == assessments.count {
            var paired: [TreatmentTrial?] = []
            paired.reserveCapacity(order.count)
            var consistent = true
            for (position, index) in order.enumerated() {
                let trial = record.trials[index]
                if trial.start != assessments[position].start { consistent = false; break }
                paired.append(trial)
            }
            if consistent { return paired }
        }
        return assessments.map { assessment in record.trials.first { $0.id == assessment.id } }
    }
}
