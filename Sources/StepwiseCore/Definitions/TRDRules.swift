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
///
/// The rules decide with numbers and enums and log why each trial did or did not count
/// (``TRDLog``); the explanation sentence is rendered from that log only when it is read.
enum TRDRules {
    static let fdaSources = ["fda-esketamine-2019", "project-decision-trd-counting"]
    static let euPearlSources = ["sforzini-2022", "project-decision-trd-counting"]
    static let canadianSources = ["rybak-2021", "project-decision-canadian-weeks", "project-decision-trd-counting"]
    static let karolinskaSources = ["hagg-2020"]

    static func fda(_ input: TRDInput, log: inout TRDLog, into verdicts: inout [TRDVerdict]) -> TRDRule? {
        let threshold = input.responsePercent
        let partial = input.partialResponsePercent
        log.begin(.fda)
        for index in input.rows.indices {
            guard medicationDrug(index, input: input, log: &log) else { continue }
            let row = input.rows[index]
            guard row.isAntidepressant else {
                log.skip(index, .notAntidepressant)
                continue
            }
            guard row.route == .oral else {
                log.skip(index, .notOral(row.route))
                continue
            }
            guard input.rows[index].adequate else {
                log.skip(index, .adequacy)
                continue
            }
            log.record(index, input.rows[index].judge(threshold: threshold, partialPercent: partial), input: input)
        }
        let needed = input.tables.trdMinimumFailures.value
        return log.finish(into: &verdicts, 
            definition: "fda", title: "FDA (esketamine label, 2019)",
            rule: TRDRule(definition: .fda, needed: needed, first: threshold),
            sources: SourceLists.union([], fdaSources, input.adequateWeeksSources))
    }

    static func euPearl(
        _ input: TRDInput, bipolar: Bool, log: inout TRDLog, into verdicts: inout [TRDVerdict]
    ) -> TRDRule? {
        let tables = input.tables
        let needed = input.tables.trdMinimumFailures.value
        guard !bipolar else {
            verdicts.append(
                TRDVerdict(
                    definition: "eu-pearl-2022", title: "EU-PEARL 2022 consensus", met: false, countedTrials: [],
                    explanation: "Not applicable: bipolar depression is excluded from the EU-PEARL definition "
                        + "(an active bipolar-spectrum diagnosis is recorded).",
                    sources: euPearlSources))
            return nil
        }
        let minimumWeeks = tables.euPearlMinimumWeeks.value
        let threshold = tables.euPearlFailureImprovementBelow.value
        let partial = input.partialResponsePercent
        log.begin(.euPearl)
        for index in input.rows.indices {
            guard medicationDrug(index, input: input, log: &log) else { continue }
            guard durationQualifies(index, input: input, weeks: minimumWeeks, log: &log, earlyStop: true)
            else { continue }
            log.record(index, input.rows[index].judge(threshold: threshold, partialPercent: partial), input: input)
        }
        return log.finish(into: &verdicts, 
            definition: "eu-pearl-2022", title: "EU-PEARL 2022 consensus",
            rule: TRDRule(definition: .euPearl, needed: needed, first: threshold, second: minimumWeeks),
            sources: SourceLists.union([], euPearlSources, tables.euPearlMinimumWeeks.sources))
    }

    static func canadian(_ input: TRDInput, log: inout TRDLog, into verdicts: inout [TRDVerdict]) -> TRDRule? {
        let tables = input.tables
        let threshold = tables.canadianNonResponseBelow.value
        let needed = tables.trdMinimumFailures.value
        let partial = input.partialResponsePercent
        let baseWeeks = tables.canadianMinimumWeeks.value
        let augmentationWeeks = min(baseWeeks, tables.augmentationAdequateWeeks.value)
        log.begin(.canadian)
        for index in input.rows.indices {
            guard medicationDrug(index, input: input, log: &log) else { continue }
            guard input.rows[index].isAntidepressant || input.rows[index].hasAdjunctGrade else {
                log.skip(index, .notEvidenceGraded)
                continue
            }
            let weeks = input.rows[index].augmentationRole ? augmentationWeeks : baseWeeks
            guard durationQualifies(index, input: input, weeks: weeks, log: &log, earlyStop: false) else { continue }
            log.record(index, input.rows[index].judge(threshold: threshold, partialPercent: partial), input: input)
        }
        return log.finish(into: &verdicts, 
            definition: "canadian-2021", title: "Canadian consensus (Rybak 2021)",
            rule: TRDRule(definition: .canadian, needed: needed, first: threshold, second: baseWeeks),
            sources: canadianSources)
    }

    static func karolinska(_ input: TRDInput, log: inout TRDLog, into verdicts: inout [TRDVerdict]) -> TRDRule? {
        let minimumDays = input.tables.karolinskaMinimumDays.value
        log.begin(.karolinska)
        for index in input.rows.indices {
            let row = input.rows[index]
            guard row.currentEpisode else {
                log.skip(index, .earlierEpisode)
                continue
            }
            switch row.kind {
            case .medication:
                guard row.catalogued else {
                    log.skip(index, .notInCatalogue)
                    continue
                }
            case .neuromodulation:
                guard row.ectOrRTMS else {
                    log.skip(index, .notECTOrRTMS)
                    continue
                }
            case .other:
                log.skip(index, .notMedicationECTOrRTMS)
                continue
            }
            if row.days >= minimumDays {
                log.count(index, .days(row.days), input: input)
            } else {
                log.skip(index, .tooFewDays(row.days, minimum: minimumDays))
            }
        }
        return log.finish(into: &verdicts, 
            definition: "karolinska-register", title: "Karolinska Institutet register model (Hägg 2020)",
            rule: TRDRule(definition: .karolinska, needed: 3, first: Double(minimumDays)),
            sources: SourceLists.union([], karolinskaSources, input.tables.karolinskaMinimumDays.sources))
    }

    // MARK: - Shared steps

    /// Whether the trial is a current-episode medication trial of a catalogued drug; records why
    /// the trial is skipped otherwise.
    static func medicationDrug(_ index: Int, input: TRDInput, log: inout TRDLog) -> Bool {
        let row = input.rows[index]
        guard row.currentEpisode else {
            log.skip(index, .earlierEpisode)
            return false
        }
        guard row.kind == .medication else {
            log.skip(index, .notMedication)
            return false
        }
        guard row.catalogued else {
            log.skip(index, .notInCatalogue)
            return false
        }
        return true
    }

    /// Whether the trial spent at least `weeks` at an adequate dose with adherence not shown to
    /// be poor; records why not otherwise.
    static func durationQualifies(
        _ index: Int, input: TRDInput, weeks: Double, log: inout TRDLog, earlyStop: Bool
    ) -> Bool {
        let row = input.rows[index]
        if row.nonAdherent {
            log.skip(index, .nonAdherence)
            return false
        }
        guard let atDose = row.weeksAtAdequateDose else {
            log.skip(index, .doseUnknown)
            return false
        }
        if atDose + OutcomeRules.tolerance < weeks {
            if row.ongoing {
                log.skip(index, .ongoing(atDose))
            } else if earlyStop, atDose < weeks {
                log.skip(index, .stoppedBeforeWeek(atDose, week: weeks))
            } else {
                log.skip(index, .short(atDose, needs: weeks))
            }
            return false
        }
        return true
    }

    static func reasonList(_ reasons: [String]) -> String {
        reasons.isEmpty ? "" : ": " + reasons.joined(separator: ", ")
    }
}

/// A definition's threshold values, for its rule sentence.
struct TRDRule: Sendable {
    enum Definition: UInt8, Sendable { case fda, euPearl, canadian, karolinska }

    var definition: Definition
    var needed: Int
    /// FDA, EU-PEARL, Canadian: the improvement threshold (%); Karolinska: the minimum days per trial.
    var first: Double = 0
    /// EU-PEARL and Canadian: the weeks at adequate dose.
    var second: Double = 0

    /// The rule sentence ("Rule: …").
    var lead: String {
        var text = ""
        appendLead(to: &text)
        return text
    }

    /// Appends ``lead`` to `text` piece by piece (no interpolated string per piece).
    func appendLead(to text: inout String) {
        switch definition {
        case .fda:
            text += "≥ "
            text += String(needed)
            text += " adequate oral antidepressant trials without adequate response (< "
            text += TrialText.oneDecimal(first)
            text += " % improvement) in the current episode; FDA wording read only in secondary sources"
        case .euPearl:
            let weeks = TrialText.oneDecimal(second)
            text += "≥ "
            text += String(needed)
            text += " treatments with < "
            text += TrialText.oneDecimal(first)
            text += " % improvement at adequate dose for ≥ "
            text += weeks
            text += " weeks; stopping before week "
            text += weeks
            text += " is not a failure; bipolar depression excluded"
        case .canadian:
            text += "failure of "
            text += String(needed)
            text += " adequately dosed, evidence-supported trials (non-response = < "
            text += TrialText.oneDecimal(first)
            text += " % improvement; ≥ "
            text += TrialText.oneDecimal(second)
            text += " weeks at adequate dose)"
        case .karolinska:
            text += "a third sequential treatment trial of more than "
            text += String(Int(first) - 1)
            text += " days (antidepressants, add-on agents, ECT, rTMS), whatever the dose or outcome"
        }
    }
}

/// Why a trial did or did not count under a definition.
enum TRDPhrase: Sendable {
    case earlierEpisode
    case notMedication
    case notInCatalogue
    /// The drug class is read from the catalogue when rendered.
    case notAntidepressant
    case notOral(DrugDefinition.Route)
    /// The trial's adequacy verdict and reasons.
    case adequacy
    case judgement(TrialFailure.Phrase)
    case nonAdherence
    case doseUnknown
    case ongoing(Double)
    /// Weeks at adequate dose, and the week (the definition's minimum) it stopped before.
    case stoppedBeforeWeek(Double, week: Double)
    case short(Double, needs: Double)
    case notEvidenceGraded
    case notECTOrRTMS
    case notMedicationECTOrRTMS
    case days(Int)
    /// Days, and the definition's minimum days (a trial needs at least that many).
    case tooFewDays(Int, minimum: Int)

    func text(_ trial: TrialAssessment, catalog: DrugCatalog) -> String {
        switch self {
        case .earlierEpisode: "earlier episode"
        case .notMedication: "not a medication trial"
        case .notInCatalogue: "agent not in the catalogue"
        case .notAntidepressant: "not an antidepressant (\(catalog.drug(for: trial)?.drugClass ?? ""))"
        case .notOral(let route): "not oral (\(route.rawValue))"
        case .adequacy: "adequacy \(trial.adequacy.verdict)" + TRDRules.reasonList(trial.adequacy.reasons)
        case .judgement(let phrase): phrase.text
        case .nonAdherence: "non-adherence"
        case .doseUnknown: "dose or minimum dose unknown"
        case .ongoing(let atDose): "ongoing, \(TrialText.oneDecimal(atDose)) weeks at adequate dose so far"
        case .stoppedBeforeWeek(let atDose, let week):
            "stopped before completing week \(TrialText.oneDecimal(week)) at adequate dose (\(TrialText.oneDecimal(atDose)) weeks)"
        case .short(let atDose, let weeks):
            "\(TrialText.oneDecimal(atDose)) weeks at adequate dose (needs \(TrialText.oneDecimal(weeks)))"
        case .notEvidenceGraded: "not an evidence-graded antidepressant or adjunct"
        case .notECTOrRTMS: "not ECT or rTMS"
        case .notMedicationECTOrRTMS: "not a medication, ECT or rTMS course"
        case .days(let days): "\(days) days"
        case .tooFewDays(let days, let minimum): "\(days) days (needs more than \(minimum - 1))"
        }
    }
}

/// Counted and skipped trials of every definition, in the order they were judged.
struct TRDLog {
    struct Entry: Sendable {
        var definition: TRDRule.Definition
        var counted: Bool
        var index: Int32
        /// For a repeated agent: the trial counted first (-1 otherwise).
        var duplicateOf: Int32
        var phrase: TRDPhrase
    }

    var entries: [Entry] = []
    private var definition = TRDRule.Definition.fda
    private var countedIDs: [String] = []
    /// The current definition's counted trials in the order counted, the first eight held inline:
    /// each one's agent key and trial index (the duplicate check reads these instead of walking
    /// every entry of the log). Beyond eight the log's entries are walked as before.
    private var countedKeys = SIMD8<Int>(repeating: -1)
    private var countedIndexes = SIMD8<Int>(repeating: -1)
    private var countedCount = 0

    init(capacity: Int) { entries.reserveCapacity(capacity) }

    mutating func begin(_ definition: TRDRule.Definition) {
        self.definition = definition
        countedIDs = []
        countedCount = 0
    }

    mutating func skip(_ index: Int, _ phrase: TRDPhrase) {
        entries.append(Entry(definition: definition, counted: false, index: Int32(index), duplicateOf: -1, phrase: phrase))
    }

    /// Counts the trial unless the same agent was already counted (definitions count different
    /// antidepressants / treatments, so a repeated trial of one drug counts once).
    mutating func count(_ index: Int, _ phrase: TRDPhrase, input: TRDInput) {
        let agentKey = input.rows[index].agentKey
        if countedCount <= 8 {
            // Every counted trial of this definition is held inline, in the order counted.
            for slot in 0..<countedCount where countedKeys[slot] == agentKey {
                entries.append(
                    Entry(definition: definition, counted: false, index: Int32(index),
                        duplicateOf: Int32(truncatingIfNeeded: countedIndexes[slot]), phrase: phrase))
                return
            }
        } else {
            for entry in entries where entry.definition == definition && entry.counted {
                if input.rows[Int(entry.index)].agentKey == agentKey {
                    entries.append(
                        Entry(definition: definition, counted: false, index: Int32(index), duplicateOf: entry.index,
                            phrase: phrase))
                    return
                }
            }
        }
        entries.append(Entry(definition: definition, counted: true, index: Int32(index), duplicateOf: -1, phrase: phrase))
        if countedCount < 8 {
            countedKeys[countedCount] = agentKey
            countedIndexes[countedCount] = index
        }
        countedCount += 1
        if countedIDs.isEmpty { countedIDs.reserveCapacity(4) }
        countedIDs.append(input.trials[index].id)
    }

    mutating func record(_ index: Int, _ judgement: TrialFailure.Judgement, input: TRDInput) {
        if judgement.failed {
            count(index, .judgement(judgement.reason), input: input)
        } else {
            skip(index, .judgement(judgement.reason))
        }
    }

    mutating func finish(
        into verdicts: inout [TRDVerdict], definition: String, title: String, rule: TRDRule, sources: [String]
    ) -> TRDRule {
        let met = countedIDs.count >= rule.needed
        verdicts.append(
            TRDVerdict(
                definition: definition, title: title, met: met, countedTrials: countedIDs, explanation: "",
                sources: sources))
        return rule
    }

    /// The explanation of `rule`'s verdict.
    static func render(
        _ rule: TRDRule, counted: Int, entries: [Entry], trials: [TrialAssessment], catalog: DrugCatalog
    ) -> String {
        // Appended piece by piece into one string (interpolations built a string per piece first).
        let met = counted >= rule.needed
        var text = met ? "Met: " : "Not met: "
        text.reserveCapacity(384)
        text += String(counted)
        text += " counted, "
        text += String(rule.needed)
        text += " needed. Rule: "
        rule.appendLead(to: &text)
        text += "."
        var first = true
        for entry in entries where entry.definition == rule.definition && entry.counted {
            text += first ? " Counted: " : "; "
            first = false
            let trial = trials[Int(entry.index)]
            text += trial.agent
            text += " ["
            text += trial.id
            text += "] "
            text += entry.phrase.text(trial, catalog: catalog)
        }
        if !first { text += "." }
        first = true
        for entry in entries where entry.definition == rule.definition && !entry.counted {
            text += first ? " Not counted: " : "; "
            first = false
            let trial = trials[Int(entry.index)]
            text += trial.agent
            text += " ["
            text += trial.id
            text += "] "
            text += entry.phrase.text(trial, catalog: catalog)
            if entry.duplicateOf >= 0 {
                text += ", but "
                text += trial.agent
                text += " was already counted ["
                text += trials[Int(entry.duplicateOf)].id
                text += "]"
            }
        }
        if !first { text += "." }
        return text
    }
}
