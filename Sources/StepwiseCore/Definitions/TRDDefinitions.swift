// SPDX-License-Identifier: Apache-2.0

/// Evaluates TRD under several published definitions side by side (engine step 4).
///
/// Only current-episode trials count. Each verdict lists the trials it counted and, in its
/// explanation, why each other trial did not count. See `stepwise explain trd-<definition>`.
public enum TRDDefinitions {
    /// One verdict per definition: `fda`, `eu-pearl-2022`, `canadian-2021`, `karolinska-register`.
    public static func evaluate(
        _ trials: [TrialAssessment], record: PatientRecord, context: AssessmentContext, knowledge: KnowledgeBase
    ) -> [TRDVerdict] {
        let catalog = knowledge.drugs
        guard let tables = catalog.tables else { return [] }
        let input = TRDInput(
            trials: trials, rows: TRDRow.build(trials, record: record, context: context, catalog: catalog),
            context: context, tables: tables)
        var log = TRDLog(capacity: trials.count * 4)
        var verdicts: [TRDVerdict] = []
        verdicts.reserveCapacity(4)
        let fda = TRDRules.fda(input, log: &log)
        let euPearl = TRDRules.euPearl(input, bipolar: hasBipolarDiagnosis(record, knowledge: knowledge), log: &log)
        let canadian = TRDRules.canadian(input, log: &log)
        let karolinska = TRDRules.karolinska(input, log: &log)
        let entries = log.entries
        for outcome in [fda, euPearl, canadian, karolinska] {
            var verdict = outcome.verdict
            if let rule = outcome.rule {
                let counted = verdict.countedTrials.count
                verdict.$explanation = Deferred {
                    TRDLog.render(rule, counted: counted, entries: entries, trials: trials)
                }
            }
            verdicts.append(verdict)
        }
        return verdicts
    }

    /// An active (not ruled-out, not resolved) bipolar-spectrum diagnosis, by category or code.
    static func hasBipolarDiagnosis(_ record: PatientRecord, knowledge: KnowledgeBase) -> Bool {
        guard !record.conditions.isEmpty else { return false }
        let conditions = knowledge.conditions
        return record.conditions.contains { condition in
            condition.effectiveStatus == .active && conditions.category(of: condition) == "bipolar"
        }
    }
}

/// What every definition reads.
struct TRDInput {
    var trials: [TrialAssessment]
    /// One row per trial with the facts the definitions test.
    var rows: [TRDRow]
    var context: AssessmentContext
    var tables: TreatmentTables
}

/// The facts of one trial that the definitions test, read once per assessment.
struct TRDRow {
    enum Kind { case medication, neuromodulation, other }

    var currentEpisode: Bool
    var kind: Kind
    /// The catalogued drug of a medication trial.
    var drug: DrugDefinition?
    var adequate: Bool
    var nonAdherent: Bool
    var weeksAtAdequateDose: Double?
    var ongoing: Bool
    var augmentationRole: Bool
    var remission: Bool
    var lostResponse: Bool
    var percentChange: Double?
    var stopReason: StopReason?
    /// Days from the start to the end (or the as-of date).
    var days: Int
    /// ECT or an rTMS variant (Karolinska).
    var ectOrRTMS: Bool

    static func build(
        _ trials: [TrialAssessment], record: PatientRecord, context: AssessmentContext, catalog: DrugCatalog
    ) -> [TRDRow] {
        var rows: [TRDRow] = []
        rows.reserveCapacity(trials.count)
        var paired: [TreatmentTrial?]?
        for index in trials.indices {
            let facts = trials[index].facts
            let kindText = trials[index].kind
            let kind: Kind =
                kindText == "medication" ? .medication : (kindText == "neuromodulation" ? .neuromodulation : .other)
            let stopReason: StopReason?
            if facts.resolved {
                stopReason = facts.stopReason
            } else {
                if paired == nil { paired = TrialOrder.pair(trials, record: record) }
                stopReason =
                    paired?[index]?.stopReason ?? trials[index].stopReason.flatMap(StopReason.init(rawValue:))
            }
            let adequacy = trials[index].adequacy
            let outcome = trials[index].outcome
            let agent = trials[index].agent
            rows.append(
                TRDRow(
                    currentEpisode: trials[index].currentEpisode, kind: kind,
                    drug: kind == .medication ? catalog.drug(for: trials[index]) : nil,
                    adequate: adequacy.verdict == "adequate",
                    nonAdherent: adequacy.reasons.contains(AdequacyReason.nonAdherence),
                    weeksAtAdequateDose: adequacy.weeksAtAdequateDose, ongoing: trials[index].end == nil,
                    augmentationRole: trials[index].role == "augmentation" || trials[index].role == "combination",
                    remission: outcome.class == "remission", lostResponse: outcome.lostResponse == true,
                    percentChange: outcome.percentChange, stopReason: stopReason,
                    days: trials[index].start.days(to: trials[index].end ?? context.asOf),
                    ectOrRTMS: agent == "ect" || agent == "rtms" || agent == "itbs" || agent == "tms"))
        }
        return rows
    }

    func judge(threshold: Double, partialPercent: Double) -> TrialFailure.Judgement {
        TrialFailure.judge(
            remission: remission, lostResponse: lostResponse, percentChange: percentChange, stopReason: stopReason,
            threshold: threshold, partialPercent: partialPercent)
    }
}
