// SPDX-License-Identifier: Apache-2.0

/// Next-step options, safety-screen settings and monitoring thresholds (`plan-options.json`).
///
/// The options are data; which apply to a patient, and in what order, is decided by ``Planner``.
public struct PlanCatalog: Sendable {
    /// File version.
    public let version: String
    /// Sources cited by the file.
    public let sources: [SourceCitation]
    /// Every option, in file order.
    public let options: [PlanOptionDefinition]
    /// Settings of the suicide-risk and other safety screens.
    public let safety: SafetySettings
    /// Measurement-based-care thresholds.
    public let monitoring: MonitoringSettings
    private let index: [String: Int]
    /// Per-option values prepared once at load: evidence, sources, standing cautions.
    let prepared: [PreparedOption]
    /// The prepared option of each ``PlanOptionKey`` (by raw value), or `nil` when not catalogued.
    let keyed: [PreparedOption?]
    /// Look-ups the planner memoises per drug and instrument catalogue.
    let memo = PlanMemo()
    /// The safety cautions' wording, shared (a report's deferred cautions retain it once).
    let cautionWording: CautionWording
    /// The planner's fixed "Why here" sentences.
    public let reasons: PlanReasonTexts
    /// The sentences added after a summary of failed trials.
    public let reasonSuffixes: PlanReasonSuffixTexts

    /// Creates a catalogue from a decoded file (tests use this to substitute values).
    public init(file: PlanFile) {
        version = file.version
        sources = file.sources
        options = file.options
        safety = file.safety
        monitoring = file.monitoring
        var index: [String: Int] = [:]
        for (position, option) in file.options.enumerated() where index[option.id] == nil {
            index[option.id] = position
        }
        self.index = index
        cautionWording = CautionWording(file.safety.cautionTexts)
        reasons = file.reasons
        reasonSuffixes = file.reasonSuffixes
        let wording = ReasonWording(file.reasons, file.reasonSuffixes, chronicMonths: file.monitoring.chronicEpisodeMonths.value)
        let prepared = file.options.map { PreparedOption($0, reasons: wording) }
        self.prepared = prepared
        keyed = PlanOptionKey.allCases.map { key in index[key.id].map { prepared[$0] } }
    }

    /// Loads the bundled catalogue.
    ///
    /// - Throws: ``StepwiseError`` (``StepwiseError/Code/knowledgeBase``) when `plan-options.json` is
    ///   missing or malformed.
    public static func bundled() throws -> PlanCatalog {
        PlanCatalog(file: try KnowledgeResource.load("plan-options", as: PlanFile.self))
    }

    /// The option with `id`, or `nil`.
    public func option(_ id: String) -> PlanOptionDefinition? {
        index[id].map { options[$0] }
    }

    /// The prepared option with `id`, or `nil`.
    func preparedOption(_ id: String) -> PreparedOption? {
        index[id].map { prepared[$0] }
    }
}

/// The safety cautions' wording in one shared object.
final class CautionWording: Sendable {
    let texts: SafetyCautionTexts
    init(_ texts: SafetyCautionTexts) { self.texts = texts }
}

/// An option's per-patient-independent parts, built once when the catalogue loads so the planner
/// only adds what depends on the patient (a class: proposing an option retains it once).
final class PreparedOption: Sendable {
    let id: String
    let title: String
    let category: String
    let order: Int
    let agent: String?
    let addsAntidepressant: Bool
    let evidence: PlanEvidence
    let sources: [String]
    let cautions: [String]
    /// The parts every patient's copy of the option shares.
    let parts: PlanOption.Parts
    /// A `switch` option (no serotonergic-combination caution: the old drug is stopped).
    let isSwitch: Bool

    init(_ definition: PlanOptionDefinition, reasons: ReasonWording) {
        id = definition.id
        title = definition.title
        category = definition.category
        order = definition.order
        agent = definition.agent
        addsAntidepressant = definition.addsAntidepressant ?? false
        let graded = definition.evidence
        evidence = PlanEvidence(guideline: graded?.guideline ?? "CANMAT 2023", line: graded?.line, level: graded?.level)
        var ids = definition.sources
        for id in (graded?.sources ?? []) + definition.cautions.flatMap(\.sources) where !ids.contains(id) {
            ids.append(id)
        }
        sources = ids
        cautions = definition.cautions.map(\.text)
        parts = PlanOption.Parts(
            PlanOption.Parts.Fields(
                id: definition.id, title: definition.title, category: definition.category, evidence: evidence,
                sources: ids, rule: definition.id, lead: definition.summary + " Why here: ", reasons: reasons))
        isSwitch = definition.category == "switch"
    }
}

/// The shape of `plan-options.json`.
public struct PlanFile: Codable, Sendable {
    /// File version.
    public var version: String
    /// Sources cited by the file.
    public var sources: [SourceCitation]
    /// Safety-screen settings.
    public var safety: SafetySettings
    /// Monitoring thresholds.
    public var monitoring: MonitoringSettings
    /// The planner's fixed "Why here" sentences, with sources.
    public var reasons: PlanReasonTexts
    /// The sentences the planner adds after a summary of failed trials, with sources.
    public var reasonSuffixes: PlanReasonSuffixTexts
    /// The option catalogue.
    public var options: [PlanOptionDefinition]
}

/// One next-step option as catalogued: what it is, its evidence grade and its standing cautions.
public struct PlanOptionDefinition: Codable, Sendable, Equatable {
    /// Stable id (`augment-aripiprazole`, `refer-rtms`).
    public var id: String
    /// Human-readable title.
    public var title: String
    /// Category (`optimise`, `switch`, `augment`, …; see ``PlanOption/category``).
    public var category: String
    /// What the option is, in one sentence.
    public var summary: String
    /// Guideline grade; for a drug option without one, the drug catalogue's CANMAT grade is used.
    public var evidence: GradedEvidence?
    /// The drug the option starts or adds, when it is a medication option.
    public var agent: String?
    /// `true` when the option adds or switches to an antidepressant (blocked by a bipolar signal).
    public var addsAntidepressant: Bool?
    /// Position within its ranking tier (lower first).
    public var order: Int
    /// Cautions that always come with the option.
    public var cautions: [SourcedText]
    /// Source ids.
    public var sources: [String]
}

/// A guideline grade with its sources.
public struct GradedEvidence: Codable, Sendable, Equatable {
    /// Guideline, e.g. `CANMAT 2023 Table 7.2`.
    public var guideline: String
    /// `first`, `second`, `third`, or `nil` when the guideline does not grade it.
    public var line: String?
    /// Level of evidence, when graded.
    public var level: String?
    /// Source ids.
    public var sources: [String]
}

/// A sentence with the sources it rests on.
public struct SourcedText: Codable, Sendable, Equatable {
    /// The text.
    public var text: String
    /// Source ids.
    public var sources: [String]
}

/// What each safety flag recommends (`plan-options.json`, `safety.flagActions`).
public struct SafetyFlagActions: Codable, Sendable, Equatable {
    /// `suicide-risk` at level critical.
    public var suicideCritical: SourcedText
    /// `suicide-risk` at level high.
    public var suicideHigh: SourcedText
    /// `bipolar-signal`.
    public var bipolar: SourcedText
    /// `psychotic-features`.
    public var psychoticFeatures: SourcedText

    /// Every action with its key (for checks).
    public var all: [(key: String, text: SourcedText)] {
        [
            ("suicideCritical", suicideCritical), ("suicideHigh", suicideHigh), ("bipolar", bipolar),
            ("psychoticFeatures", psychoticFeatures),
        ]
    }
}

/// Settings of the safety screen.
public struct SafetySettings: Codable, Sendable, Equatable {
    /// A positive suicide item within this many days of the as-of date is reported even when a
    /// later administration is negative.
    public var suicideLookbackDays: Sourced<Int>
    /// Sources for the suicide-risk levels (critical for C-SSRS high risk or a safety item at its
    /// maximum answer; high for any other positive).
    public var suicideLevelSources: [String]
    /// Days to wait after stopping an MAOI before starting another antidepressant.
    public var maoiWashoutAfterDays: Sourced<Int>
    /// Days to wait after stopping a serotonergic drug whose catalogue entry gives no washout before
    /// starting an MAOI (the planner's washout caution and the CDS order checks).
    public var maoiWashoutBeforeDefaultDays: Sourced<Int>
    /// Days to wait after stopping a reversible MAO-A inhibitor (``DrugDefinition/isReversibleMAOI``)
    /// before starting a drug it must not be combined with (the CDS order checks). Before a reversible
    /// inhibitor, the same washouts as before an MAOI apply (``washoutBeforeMAOI(for:)``).
    public var reversibleMAOIWashoutAfterDays: Sourced<Int>
    /// Sources for the bipolar-signal note.
    public var bipolarSources: [String]
    /// Sources for the psychotic-features note.
    public var psychoticSources: [String]
    /// The recommended action of each safety flag, with its sources.
    public var flagActions: SafetyFlagActions
    /// The wording of the plan's patient-specific safety cautions, each with its sources.
    public var cautionTexts: SafetyCautionTexts
    /// The order-select / order-sign checks of the CDS Hooks service: their wording and defaults.
    public var orderChecks: OrderCheckSettings
}

/// Measurement-based-care thresholds.
public struct MonitoringSettings: Codable, Sendable, Equatable {
    /// STAR*D critical decision points, in weeks on the current treatment.
    public var stardDecisionWeeks: Sourced<[Int]>
    /// QIDS total at or below this at a decision point is remission.
    public var stardRemissionMax: Sourced<Int>
    /// QIDS total at or below this (and above remission) is partial response; above is non-response.
    public var stardPartialMax: Sourced<Int>
    /// After remission, a QIDS-SR16 total at or above this is a relapse.
    public var qidsRelapseAtOrAbove: Sourced<Int>
    /// After remission, a PHQ-9 total at or above this is a relapse sign.
    public var phq9RelapseAtOrAbove: Sourced<Int>
    /// Early improvement: at least this percent reduction …
    public var earlyImprovementPercent: Sourced<Double>
    /// … between this many weeks …
    public var earlyImprovementFromWeeks: Sourced<Double>
    /// … and this many weeks after the start of the current treatment.
    public var earlyImprovementByWeeks: Sourced<Double>
    /// A lithium level or thyroid test is due when none is recorded within this many days.
    public var agentLabIntervalDays: Sourced<Int>
    /// A score up to this many days after a treatment start may serve as its baseline when none
    /// precedes it.
    public var baselineGraceDays: Sourced<Int>
    /// The current episode counts as chronic (the planner then offers CBASP) when it has lasted more
    /// than this many completed months; the reason sentence names it as `{months}`.
    public var chronicEpisodeMonths: Sourced<Int>
    /// The candidate actions the monitoring items suggest, with their sources.
    public var actions: MonitoringActions
}

/// The candidate actions of the monitoring items (`plan-options.json`, `monitoring.actions`).
public struct MonitoringActions: Codable, Sendable, Equatable {
    /// STAR*D decision point reached in remission.
    public var stardRemission: SourcedText
    /// STAR*D decision point with a partial response (not the last point).
    public var stardPartial: SourcedText
    /// STAR*D decision point without response (not the last point).
    public var stardNonResponse: SourcedText
    /// The last STAR*D decision point without remission.
    public var stardLastPoint: SourcedText
    /// No early improvement by the judging week (follows "): ").
    public var noEarlyImprovement: SourcedText

    /// Every action with its key (for checks).
    public var all: [(key: String, text: SourcedText)] {
        [
            ("stardRemission", stardRemission), ("stardPartial", stardPartial), ("stardNonResponse", stardNonResponse),
            ("stardLastPoint", stardLastPoint), ("noEarlyImprovement", noEarlyImprovement),
        ]
    }
}

extension SafetySettings {
    /// The washout before starting an MAOI that `drug` needs: the drug catalogue's value, or
    /// ``maoiWashoutBeforeDefaultDays`` for a serotonergic drug without one; `nil` for an MAOI and for a
    /// drug that does not interact with one. The planner and the CDS order checks both read it.
    public func washoutBeforeMAOI(for drug: DrugDefinition) -> Sourced<Int>? {
        guard !drug.isMAOI else { return nil }
        return drug.washoutBeforeMAOIDays ?? (drug.isSerotonergic ? maoiWashoutBeforeDefaultDays : nil)
    }
}
