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
            responsePercent: context.profile.responsePercent.value,
            partialResponsePercent: context.profile.partialResponsePercent.value,
            adequateWeeksSources: context.profile.adequateWeeks.sources, tables: tables)
        var log = TRDLog(capacity: trials.count * 4)
        var verdicts: [TRDVerdict] = []
        verdicts.reserveCapacity(4)
        let rules = (
            TRDRules.fda(input, log: &log, into: &verdicts),
            TRDRules.euPearl(
                input, bipolar: hasBipolarDiagnosis(record, knowledge: knowledge), log: &log, into: &verdicts),
            TRDRules.canadian(input, log: &log, into: &verdicts),
            TRDRules.karolinska(input, log: &log, into: &verdicts)
        )
        // One object renders every verdict's explanation when read (a closure per verdict allocated
        // a context and retained the log and the trials four times).
        func counted(_ position: Int) -> Int {
            position < verdicts.count ? verdicts[position].countedTrials.count : 0
        }
        let explanations = TRDExplanations(
            rules: rules, counted: (counted(0), counted(1), counted(2), counted(3)), entries: log.entries,
            trials: trials, catalog: catalog)
        for position in verdicts.indices where position < 4 && explanations.rule(position) != nil {
            verdicts[position].$explanation = Deferred(source: explanations, index: position)
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
    /// The profile's response and partial-response percents, and the sources of its adequate weeks.
    var responsePercent: Double
    var partialResponsePercent: Double
    var adequateWeeksSources: [String]
    var tables: TreatmentTables
}

/// The facts of one trial that the definitions test, read once per assessment (plain values, so
/// the definitions copy rows freely).
struct TRDRow: Sendable {
    enum Kind: Sendable { case medication, neuromodulation, other }

    /// The first trial with the same agent (its own index when it is the first): a repeated agent
    /// counts once.
    var agentKey: Int
    var currentEpisode: Bool
    var kind: Kind
    /// Whether the medication is catalogued, and the catalogue's facts about it.
    var catalogued: Bool
    var isAntidepressant: Bool
    var route: DrugDefinition.Route
    var hasAdjunctGrade: Bool
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
        let asOf = context.asOf
        for index in trials.indices {
            let facts = trials[index].facts
            let kindText = trials[index].kind
            let agent = trials[index].agent
            // Strings compared length first: comparing two unequal strings is a call into the runtime.
            let kind: Kind =
                same(kindText, "medication")
                ? .medication : (same(kindText, "neuromodulation") ? .neuromodulation : .other)
            let stopReason: StopReason?
            if facts.resolved {
                stopReason = facts.stopReason
            } else {
                if paired == nil { paired = TrialOrder.pair(trials, record: record) }
                stopReason =
                    paired?[index]?.stopReason ?? trials[index].stopReason.flatMap(StopReason.init(rawValue:))
            }
            var agentKey = index
            for earlier in 0..<index where same(trials[earlier].agent, agent) {
                agentKey = earlier
                break
            }
            let role = trials[index].role
            let end = trials[index].end
            var row = TRDRow(
                agentKey: agentKey, currentEpisode: trials[index].currentEpisode, kind: kind, catalogued: false,
                isAntidepressant: false, route: .oral, hasAdjunctGrade: false,
                adequate: same(trials[index].adequacy.verdict, "adequate"),
                nonAdherent: trials[index].adequacy.reasons.contains { same($0, AdequacyReason.nonAdherence) },
                weeksAtAdequateDose: trials[index].adequacy.weeksAtAdequateDose, ongoing: end == nil,
                augmentationRole: same(role, "augmentation") || same(role, "combination"),
                remission: same(trials[index].outcome.class, "remission"),
                lostResponse: trials[index].outcome.lostResponse == true,
                percentChange: trials[index].outcome.percentChange, stopReason: stopReason,
                days: trials[index].start.days(to: end ?? asOf), ectOrRTMS: false)
            if kind == .medication, let drug = catalog.drug(kind: kindText, agent: agent, facts: facts) {
                row.catalogued = true
                row.isAntidepressant = drug.isAntidepressant
                row.route = drug.route
                row.hasAdjunctGrade = drug.canmatAdjunct != nil
            } else if kind == .neuromodulation {
                row.ectOrRTMS = same(agent, "ect") || same(agent, "rtms") || same(agent, "itbs") || same(agent, "tms")
            }
            rows.append(row)
        }
        return rows
    }

    /// `a == b`, the lengths compared first (equal strings give the same answer either way).
    @inline(__always)
    private static func same(_ a: String, _ b: String) -> Bool { a.utf8.count == b.utf8.count && a == b }

    func judge(threshold: Double, partialPercent: Double) -> TrialFailure.Judgement {
        TrialFailure.judge(
            remission: remission, lostResponse: lostResponse, percentChange: percentChange, stopReason: stopReason,
            threshold: threshold, partialPercent: partialPercent)
    }
}

/// The verdicts' explanations, rendered from the definitions' rules and the shared trial log when a
/// report is written (``TRDLog/render(_:counted:entries:trials:catalog:)``; value `i` is verdict `i`'s).
final class TRDExplanations: DeferredSource {
    /// By verdict position (`fda`, `eu-pearl-2022`, `canadian-2021`, `karolinska-register`), held
    /// inline (no array to allocate).
    let rules: (TRDRule?, TRDRule?, TRDRule?, TRDRule?)
    /// By verdict position: how many trials it counted.
    let counted: (Int, Int, Int, Int)
    let entries: [TRDLog.Entry]
    let trials: [TrialAssessment]
    let catalog: DrugCatalog

    init(
        rules: (TRDRule?, TRDRule?, TRDRule?, TRDRule?), counted: (Int, Int, Int, Int), entries: [TRDLog.Entry],
        trials: [TrialAssessment], catalog: DrugCatalog
    ) {
        self.rules = rules
        self.counted = counted
        self.entries = entries
        self.trials = trials
        self.catalog = catalog
    }

    /// The rule of verdict `position`, or `nil`.
    func rule(_ position: Int) -> TRDRule? {
        switch position {
        case 0: rules.0
        case 1: rules.1
        case 2: rules.2
        case 3: rules.3
        default: nil
        }
    }

    func render(_ index: Int) -> String {
        guard let rule = rule(index) else { return "" }
        let count =
            switch index {
            case 0: counted.0
            case 1: counted.1
            case 2: counted.2
            default: counted.3
            }
        return TRDLog.render(rule, counted: count, entries: entries, trials: trials, catalog: catalog)
    }
}
