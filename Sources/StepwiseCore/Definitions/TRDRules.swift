// SPDX-License-Identifier: Apache-2.0

/// The four TRD definitions. Each walks the current-episode trials once and records, for every
/// trial, whether it counted and why not.
///
/// Counting decisions (project decision `project-decision-trd-counting`): FDA counts only oral
/// antidepressant agents — an antipsychotic, lithium or T3 augmentation trial does not count, an
/// antidepressant added as a combination does; EU-PEARL and the Canadian consensus count
/// augmentation and combination trials as trials (as the MGH-ATRQ does); a trial without scores
/// counts as failed when the clinician stopped it for non-response (for the < 50 % definitions
/// also for partial response); a response later lost is not a failure.
enum TRDRules {
    static func fda(_ input: TRDInput) -> TRDVerdict {
        let profile = input.context.profile
        var tally = Tally()
        for (index, trial) in input.trials.enumerated() {
            guard let drug = medicationDrug(trial, index: index, input: input, tally: &tally) else { continue }
            guard drug.isAntidepressant else {
                tally.skip(trial, "not an antidepressant (\(drug.drugClass))")
                continue
            }
            guard drug.route == .oral else {
                tally.skip(trial, "not oral (\(drug.route.rawValue))")
                continue
            }
            guard trial.adequacy.verdict == "adequate" else {
                tally.skip(trial, "adequacy \(trial.adequacy.verdict)" + reasonList(trial))
                continue
            }
            let judgement = TrialFailure.judge(
                trial, trial: input.records[index], threshold: profile.responsePercent.value,
                partialPercent: profile.partialResponsePercent.value)
            tally.record(trial, judgement)
        }
        let needed = input.tables.trdMinimumFailures.value
        return tally.verdict(
            definition: "fda", title: "FDA (esketamine label, 2019)", needed: needed,
            lead: "≥ \(needed) adequate oral antidepressant trials without adequate response "
                + "(< \(TrialText.oneDecimal(profile.responsePercent.value)) % improvement) in the current episode; "
                + "FDA wording read only in secondary sources",
            sources: ["fda-esketamine-2019", "project-decision-trd-counting"] + profile.adequateWeeks.sources)
    }

    static func euPearl(_ input: TRDInput, bipolar: Bool) -> TRDVerdict {
        let tables = input.tables
        let sources = ["sforzini-2022", "project-decision-trd-counting"]
        let needed = input.tables.trdMinimumFailures.value
        guard !bipolar else {
            return TRDVerdict(
                definition: "eu-pearl-2022", title: "EU-PEARL 2022 consensus", met: false, countedTrials: [],
                explanation: "Not applicable: bipolar depression is excluded from the EU-PEARL definition "
                    + "(an active bipolar-spectrum diagnosis is recorded).",
                sources: sources)
        }
        let minimumWeeks = tables.euPearlMinimumWeeks.value
        let threshold = tables.euPearlFailureImprovementBelow.value
        var tally = Tally()
        for (index, trial) in input.trials.enumerated() {
            guard medicationDrug(trial, index: index, input: input, tally: &tally) != nil else { continue }
            guard durationQualifies(trial, weeks: minimumWeeks, tally: &tally, earlyStopPhrase: "stopped before completing week 4")
            else { continue }
            let judgement = TrialFailure.judge(
                trial, trial: input.records[index], threshold: threshold,
                partialPercent: input.context.profile.partialResponsePercent.value)
            tally.record(trial, judgement)
        }
        return tally.verdict(
            definition: "eu-pearl-2022", title: "EU-PEARL 2022 consensus", needed: needed,
            lead: "≥ \(needed) treatments with < \(TrialText.oneDecimal(threshold)) % improvement at adequate dose for "
                + "≥ \(TrialText.oneDecimal(minimumWeeks)) weeks; stopping before week 4 is not a failure; "
                + "bipolar depression excluded",
            sources: sources + tables.euPearlMinimumWeeks.sources)
    }

    static func canadian(_ input: TRDInput) -> TRDVerdict {
        let tables = input.tables
        let threshold = tables.canadianNonResponseBelow.value
        let needed = tables.trdMinimumFailures.value
        var tally = Tally()
        for (index, trial) in input.trials.enumerated() {
            guard let drug = medicationDrug(trial, index: index, input: input, tally: &tally) else { continue }
            guard drug.isAntidepressant || drug.canmatAdjunct != nil else {
                tally.skip(trial, "not an evidence-graded antidepressant or adjunct")
                continue
            }
            var weeks = tables.canadianMinimumWeeks.value
            if trial.role == "augmentation" || trial.role == "combination" {
                weeks = min(weeks, tables.augmentationAdequateWeeks.value)
            }
            guard durationQualifies(trial, weeks: weeks, tally: &tally, earlyStopPhrase: nil) else { continue }
            let judgement = TrialFailure.judge(
                trial, trial: input.records[index], threshold: threshold,
                partialPercent: input.context.profile.partialResponsePercent.value)
            tally.record(trial, judgement)
        }
        return tally.verdict(
            definition: "canadian-2021", title: "Canadian consensus (Rybak 2021)", needed: needed,
            lead: "failure of \(needed) adequately dosed, evidence-supported trials (non-response = "
                + "< \(TrialText.oneDecimal(threshold)) % improvement; ≥ \(TrialText.oneDecimal(tables.canadianMinimumWeeks.value)) weeks at adequate dose)",
            sources: ["rybak-2021", "project-decision-canadian-weeks", "project-decision-trd-counting"])
    }

    static func karolinska(_ input: TRDInput) -> TRDVerdict {
        let minimumDays = input.tables.karolinskaMinimumDays.value
        var tally = Tally()
        for (index, trial) in input.trials.enumerated() {
            guard trial.currentEpisode else {
                tally.skip(trial, "earlier episode")
                continue
            }
            switch trial.kind {
            case "medication":
                guard input.drugs[index] != nil else {
                    tally.skip(trial, "agent not in the catalogue")
                    continue
                }
            case "neuromodulation":
                guard ["ect", "rtms", "itbs", "tms"].contains(trial.agent) else {
                    tally.skip(trial, "not ECT or rTMS")
                    continue
                }
            default:
                tally.skip(trial, "not a medication, ECT or rTMS course")
                continue
            }
            let close = trial.end ?? input.context.asOf
            let days = trial.start.days(to: close)
            if days >= minimumDays {
                tally.count(trial, "\(days) days")
            } else {
                tally.skip(trial, "\(days) days (needs more than 28)")
            }
        }
        return tally.verdict(
            definition: "karolinska-register", title: "Karolinska Institutet register model (Hägg 2020)", needed: 3,
            lead: "a third sequential treatment trial of more than 28 days (antidepressants, add-on agents, ECT, rTMS), "
                + "whatever the dose or outcome",
            sources: ["hagg-2020"] + input.tables.karolinskaMinimumDays.sources)
    }

    // MARK: - Shared steps

    /// The catalogued drug of a current-episode medication trial, or `nil` after recording why the
    /// trial is skipped.
    static func medicationDrug(
        _ trial: TrialAssessment, index: Int, input: TRDInput, tally: inout Tally
    ) -> DrugDefinition? {
        guard trial.currentEpisode else {
            tally.skip(trial, "earlier episode")
            return nil
        }
        guard trial.kind == "medication" else {
            tally.skip(trial, "not a medication trial")
            return nil
        }
        guard let drug = input.drugs[index] else {
            tally.skip(trial, "agent not in the catalogue")
            return nil
        }
        return drug
    }

    /// Whether the trial spent at least `weeks` at an adequate dose with adherence not shown to
    /// be poor; records why not otherwise.
    static func durationQualifies(
        _ trial: TrialAssessment, weeks: Double, tally: inout Tally, earlyStopPhrase: String?
    ) -> Bool {
        let adequacy = trial.adequacy
        if adequacy.reasons.contains(AdequacyReason.nonAdherence) {
            tally.skip(trial, "non-adherence")
            return false
        }
        guard let atDose = adequacy.weeksAtAdequateDose else {
            tally.skip(trial, "dose or minimum dose unknown")
            return false
        }
        if atDose + OutcomeRules.tolerance < weeks {
            let phrase: String
            if trial.end == nil {
                phrase = "ongoing, \(TrialText.oneDecimal(atDose)) weeks at adequate dose so far"
            } else if let earlyStopPhrase, atDose < weeks {
                phrase = "\(earlyStopPhrase) at adequate dose (\(TrialText.oneDecimal(atDose)) weeks)"
            } else {
                phrase = "\(TrialText.oneDecimal(atDose)) weeks at adequate dose (needs \(TrialText.oneDecimal(weeks)))"
            }
            tally.skip(trial, phrase)
            return false
        }
        return true
    }

    static func reasonList(_ trial: TrialAssessment) -> String {
        trial.adequacy.reasons.isEmpty ? "" : ": " + trial.adequacy.reasons.joined(separator: ", ")
    }
}

/// Counted and skipped trials of one definition, with the phrases for the explanation.
struct Tally {
    var counted: [String] = []
    var countedText: [String] = []
    var skippedText: [String] = []

    var countedAgents: [String] = []

    /// Counts the trial unless the same agent was already counted (definitions count different
    /// antidepressants / treatments, so a repeated trial of one drug counts once).
    mutating func count(_ trial: TrialAssessment, _ phrase: String) {
        if let first = countedAgents.firstIndex(of: trial.agent) {
            skippedText.append("\(trial.agent) [\(trial.id)] \(phrase), but \(trial.agent) was already counted [\(counted[first])]")
            return
        }
        countedAgents.append(trial.agent)
        counted.append(trial.id)
        countedText.append("\(trial.agent) [\(trial.id)] \(phrase)")
    }

    mutating func skip(_ trial: TrialAssessment, _ phrase: String) {
        skippedText.append("\(trial.agent) [\(trial.id)] \(phrase)")
    }

    mutating func record(_ trial: TrialAssessment, _ judgement: TrialFailure.Judgement) {
        if judgement.failed { count(trial, judgement.phrase) } else { skip(trial, judgement.phrase) }
    }

    func verdict(definition: String, title: String, needed: Int, lead: String, sources: [String]) -> TRDVerdict {
        let met = counted.count >= needed
        var text = "\(met ? "Met" : "Not met"): \(counted.count) counted, \(needed) needed. Rule: \(lead)."
        if !countedText.isEmpty { text += " Counted: " + countedText.joined(separator: "; ") + "." }
        if !skippedText.isEmpty { text += " Not counted: " + skippedText.joined(separator: "; ") + "." }
        var unique: [String] = []
        AdequacyRules.appendUnique(sources, to: &unique)
        return TRDVerdict(
            definition: definition, title: title, met: met, countedTrials: counted, explanation: text, sources: unique)
    }
}
