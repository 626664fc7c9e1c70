// SPDX-License-Identifier: Apache-2.0

/// Adequacy and outcome of one trial.
public struct TrialAssessment: Codable, Sendable, Equatable {
    /// The trial's id (from the record, or `trial-N` in start order).
    public var id: String
    /// Lower-case generic name or modality.
    public var agent: String
    /// RxNorm ingredient code, when the agent is a catalogued medication.
    public var rxnorm: String?
    /// Drug class (e.g. `ssri`, `tca`, `maoi`) or treatment family.
    public var drugClass: String?
    /// `medication`, `psychotherapy` or `neuromodulation`.
    public var kind: String
    /// `monotherapy`, `augmentation`, `combination`, `psychotherapy` or `neuromodulation`.
    public var role: String
    /// First day.
    public var start: LocalDate
    /// Last day (`nil` when ongoing).
    public var end: LocalDate?
    /// Whether the trial is in the current episode.
    public var currentEpisode: Bool
    /// Adequacy verdict and reasons.
    public var adequacy: Adequacy
    /// Outcome class and percent change.
    public var outcome: TrialOutcome
    /// Whether the trial counts as a failed adequate trial (current episode, adequate, no response
    /// or stopped for non-response; a response later lost is not a failure). The staging models and
    /// TRD definitions read this; see `stepwise explain trial-failure`.
    public var failedAdequate: Bool? = nil
    /// Why the trial ended, as recorded (`non-response`, `side-effects`, …).
    public var stopReason: String? = nil
    /// What the trial step resolved, for the later steps (not part of the report: not encoded,
    /// ignored by `==`).
    var facts = TrialFacts()
}

// The public initialiser lives in an extension so that the struct keeps its memberwise
// initialiser (internal, every field including `facts`), which the trial step uses: an
// initialiser assigning field by field made the optimiser build each assessment twice and copy
// one into place (an outlined copy and destroy of the whole struct per trial).
extension TrialAssessment {
    /// Creates a trial assessment.
    public init(
        id: String, agent: String, rxnorm: String?, drugClass: String?, kind: String, role: String,
        start: LocalDate, end: LocalDate?, currentEpisode: Bool, adequacy: Adequacy, outcome: TrialOutcome
    ) {
        self.init(
            id: id, agent: agent, rxnorm: rxnorm, drugClass: drugClass, kind: kind, role: role, start: start, end: end,
            currentEpisode: currentEpisode, adequacy: adequacy, outcome: outcome, failedAdequate: nil,
            stopReason: nil, facts: TrialFacts())
    }
}

/// Whether a trial was adequate, and why.
public struct Adequacy: Codable, Sendable, Equatable {
    /// `adequate`, `inadequate` or `unknown`.
    public var verdict: String
    /// Reasons from a fixed vocabulary: `inadequate-dose`, `inadequate-duration`, `non-adherence`,
    /// `stopped-for-intolerance`, `dose-unknown`, `duration-unknown`, `agent-unknown`,
    /// `adherence-not-verified`, `ongoing`, `too-few-sessions`, `sessions-unknown` (a psychotherapy or
    /// neuromodulation course without a recorded number of sessions).
    public var reasons: [String]
    /// Weeks spent at or above the minimum adequate dose.
    public var weeksAtAdequateDose: Double?
    /// The minimum adequate dose used (mg/day), when catalogued.
    public var minimumDose: Double?
    /// The weeks required by the profile.
    public var requiredWeeks: Double?
    /// Whether adherence was verified (pharmacy fills or clinician estimate).
    public var adherenceVerified: Bool
    /// One-paragraph explanation.
    @Deferred public var explanation: String
    /// Rule id and source ids.
    public var rule: String
    /// Source ids.
    public var sources: [String]

    /// Creates an adequacy verdict.
    public init(
        verdict: String, reasons: [String], weeksAtAdequateDose: Double? = nil, minimumDose: Double? = nil,
        requiredWeeks: Double? = nil, adherenceVerified: Bool, explanation: String, rule: String,
        sources: [String]
    ) {
        self.verdict = verdict
        self.reasons = reasons
        self.weeksAtAdequateDose = weeksAtAdequateDose
        self.minimumDose = minimumDose
        self.requiredWeeks = requiredWeeks
        self.adherenceVerified = adherenceVerified
        self.explanation = explanation
        self.rule = rule
        self.sources = sources
    }
}

/// How a trial turned out.
public struct TrialOutcome: Codable, Sendable, Equatable {
    /// `remission`, `response`, `partial-response`, `non-response` or `unknown`.
    public var `class`: String
    /// Percent change from baseline (negative = improvement, as scores fall), when computable.
    public var percentChange: Double?
    /// The instrument used.
    public var instrument: String?
    /// Baseline score and date.
    public var baseline: ScorePoint?
    /// End score and date.
    public var endpoint: ScorePoint?
    /// `scores`, `clinician-rating` or `none`.
    public var basis: String
    /// One-line explanation.
    @Deferred public var explanation: String
    /// The best percent change reached during the trial (most negative), when scores cover it.
    public var peakPercentChange: Double? = nil
    /// `true` when the trial reached response or remission and later lost it ("loss of
    /// response"); such a trial is not counted as a failed trial.
    public var lostResponse: Bool? = nil
}

// The public initialiser lives in an extension so that the struct keeps its memberwise initialiser
// (internal, with `peakPercentChange` and `lostResponse`), which the outcome rules use: an
// initialiser assigning field by field made the optimiser build each outcome twice and copy one
// into place.
extension TrialOutcome {
    /// Creates an outcome.
    public init(
        class outcomeClass: String, percentChange: Double? = nil, instrument: String? = nil,
        baseline: ScorePoint? = nil, endpoint: ScorePoint? = nil, basis: String, explanation: String
    ) {
        self.init(
            class: outcomeClass, percentChange: percentChange, instrument: instrument, baseline: baseline,
            endpoint: endpoint, basis: basis, explanation: explanation, peakPercentChange: nil, lostResponse: nil)
    }
}

/// A score on a date.
public struct ScorePoint: Codable, Sendable, Equatable {
    /// The date.
    public var date: LocalDate
    /// The total.
    public var score: Int
    /// `true` when the administration's suicide item is positive (its `suicide-item-positive` flag):
    /// a remission read from this total is then stated with that caveat. Not encoded (the report's
    /// JSON keeps `date` and `score`); a decoded point has `false`.
    public var suicideItemPositive: Bool

    /// Creates a point.
    public init(date: LocalDate, score: Int, suicideItemPositive: Bool = false) {
        self.date = date
        self.score = score
        self.suicideItemPositive = suicideItemPositive
    }

    private enum CodingKeys: String, CodingKey {
        case date, score
    }

    /// Decodes `date` and `score`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        date = try c.decode(LocalDate.self, forKey: .date)
        score = try c.decode(Int.self, forKey: .score)
        suicideItemPositive = false
    }
}

extension TrialAssessment {
    enum CodingKeys: String, CodingKey {
        case id, agent, rxnorm, drugClass, kind, role, start, end, currentEpisode, adequacy, outcome
        case failedAdequate, stopReason
    }

    /// Encodes every contract field, writing `null` for an absent `rxnorm` or `end` so readers can
    /// rely on the keys being present.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(agent, forKey: .agent)
        try c.encode(rxnorm, forKey: .rxnorm)
        try c.encode(drugClass, forKey: .drugClass)
        try c.encode(kind, forKey: .kind)
        try c.encode(role, forKey: .role)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(currentEpisode, forKey: .currentEpisode)
        try c.encode(adequacy, forKey: .adequacy)
        try c.encode(outcome, forKey: .outcome)
        try c.encodeIfPresent(failedAdequate, forKey: .failedAdequate)
        try c.encodeIfPresent(stopReason, forKey: .stopReason)
    }
}

extension TrialOutcome {
    enum CodingKeys: String, CodingKey {
        case `class`, percentChange, instrument, baseline, endpoint, basis, explanation
        case peakPercentChange, lostResponse
    }

    /// Encodes every contract field, writing `null` for an absent `percentChange`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.class, forKey: .class)
        try c.encode(percentChange, forKey: .percentChange)
        try c.encode(instrument, forKey: .instrument)
        try c.encodeIfPresent(baseline, forKey: .baseline)
        try c.encodeIfPresent(endpoint, forKey: .endpoint)
        try c.encode(basis, forKey: .basis)
        try c.encode(explanation, forKey: .explanation)
        try c.encodeIfPresent(peakPercentChange, forKey: .peakPercentChange)
        try c.encodeIfPresent(lostResponse, forKey: .lostResponse)
    }
}

/// Facts the trial step resolves once so the TRD and staging steps need not repeat the work
/// (drug look-up by name, the stop reason parsed, the dose timeline walked). An assessment built
/// elsewhere (decoded, or made by hand) has `resolved == false` and the later steps fall back to
/// the record and the catalogue.
struct TrialFacts: Sendable, Equatable {
    /// Whether the trial step filled these facts.
    var resolved = false
    /// Position of the trial's drug in ``DrugCatalog/all`` (the entry its generic name resolves
    /// to), or -1 when the trial is not a catalogued medication.
    var drugPosition = -1
    /// The recorded stop reason.
    var stopReason: StopReason?
    /// Whether the dose was raised after reaching the minimum adequate dose (MGH-s), when the
    /// dose timeline was walked.
    var optimised = false
    /// ECT electrode placement as recorded.
    var laterality: ECTLaterality?

    /// Facts never make two assessments differ.
    static func == (lhs: TrialFacts, rhs: TrialFacts) -> Bool { true }
}
