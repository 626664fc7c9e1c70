// SPDX-License-Identifier: Apache-2.0

/// The result of assessing one patient record: the JSON output contract of `stepwise assess`.
///
/// Every flag, verdict, stage and option names the rule that produced it, the inputs it used and
/// its published source, so a clinician can check the basis. Nothing here is applied
/// automatically: it is decision support for the treating clinician.
public struct AssessmentReport: Codable, Sendable, Equatable {
    /// The date the assessment is "as of" (injected; never the wall clock inside the engine).
    public var asOf: LocalDate
    /// The rule profile used (e.g. `mgh-atrq`).
    public var profile: String
    /// The knowledge-base version the values came from.
    public var knowledgeVersion: String
    /// The patient.
    public var patient: PatientSummary
    /// Safety signals, always first. The engine never removes or downgrades an entry here.
    public var safety: [SafetyFlag]
    /// Every measurement scored, oldest first.
    public var measurements: [ScoredMeasurement]
    /// Per-trial adequacy and outcome, in start order.
    public var trials: [TrialAssessment]
    /// TRD verdicts under several published definitions, side by side.
    public var trd: [TRDVerdict]
    /// Staging models.
    public var staging: StagingResult
    /// The pseudo-resistance checklist.
    public var pseudoResistance: [ChecklistItem]
    /// Measurement-based-care monitoring: treat-to-target, decision points, overdue measures.
    public var monitoring: [MonitoringItem]
    /// Ranked next-step options for the clinician to consider.
    public var plan: [PlanOption]
    /// Inputs that could not be used (e.g. an unknown instrument), each with where and why.
    public var issues: [InputIssue]

    /// Creates a report.
    public init(
        asOf: LocalDate, profile: String, knowledgeVersion: String, patient: PatientSummary,
        safety: [SafetyFlag] = [], measurements: [ScoredMeasurement] = [], trials: [TrialAssessment] = [],
        trd: [TRDVerdict] = [], staging: StagingResult = StagingResult(), pseudoResistance: [ChecklistItem] = [],
        monitoring: [MonitoringItem] = [], plan: [PlanOption] = [], issues: [InputIssue] = []
    ) {
        self.asOf = asOf
        self.profile = profile
        self.knowledgeVersion = knowledgeVersion
        self.patient = patient
        self.safety = safety
        self.measurements = measurements
        self.trials = trials
        self.trd = trd
        self.staging = staging
        self.pseudoResistance = pseudoResistance
        self.monitoring = monitoring
        self.plan = plan
        self.issues = issues
    }
}

/// Who the report is about.
public struct PatientSummary: Codable, Sendable, Equatable {
    /// The record's pseudonymous id.
    public var id: String
    /// Age in completed years on the as-of date, when the birth date is known.
    public var age: Int?
    /// Sex as recorded.
    public var sex: Sex?

    /// Creates a summary.
    public init(id: String, age: Int? = nil, sex: Sex? = nil) {
        self.id = id
        self.age = age
        self.sex = sex
    }
}

/// A safety signal such as `suicide-risk`.
public struct SafetyFlag: Codable, Sendable, Equatable {
    /// Stable id (e.g. `suicide-risk`).
    public var id: String
    /// `critical`, `high`, `moderate` or `low`.
    public var level: String
    /// Human-readable title.
    public var title: String
    /// The observations that raised it (instrument, item, answer, date).
    @Deferred public var evidence: [String]
    /// What the clinician should do next.
    public var action: String
    /// The rule that raised it (see `stepwise explain`).
    public var rule: String
    /// Source ids.
    public var sources: [String]

    /// Creates a flag.
    public init(
        id: String, level: String, title: String, evidence: [String], action: String, rule: String,
        sources: [String]
    ) {
        self.id = id
        self.level = level
        self.title = title
        self.evidence = evidence
        self.action = action
        self.rule = rule
        self.sources = sources
    }
}

/// A scored rating-scale administration.
public struct ScoredMeasurement: Codable, Sendable, Equatable {
    /// Instrument id.
    public var instrument: String
    /// Date of administration.
    public var date: LocalDate
    /// Total score (or count, for count-based screens such as ASRS and STOP-Bang).
    public var total: Int?
    /// Severity band or screen result label (e.g. `moderate`, `positive`).
    public var band: String?
    /// Flags raised by items or rules (e.g. `item9-positive`, `ptsd-provisional`).
    public var flags: [String]
    /// Extra derived values (e.g. PCL-5 cluster sums, Q-LES-Q-SF percent of maximum).
    public var details: [String: Double]
    /// `items` when scored from answers, `clinician-total` when a total was entered.
    public var basis: String

    /// Creates a scored measurement.
    public init(
        instrument: String, date: LocalDate, total: Int?, band: String?, flags: [String] = [],
        details: [String: Double] = [:], basis: String
    ) {
        self.instrument = instrument
        self.date = date
        self.total = total
        self.band = band
        self.flags = flags
        self.details = details
        self.basis = basis
    }
}

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

    /// Creates a trial assessment.
    public init(
        id: String, agent: String, rxnorm: String?, drugClass: String?, kind: String, role: String,
        start: LocalDate, end: LocalDate?, currentEpisode: Bool, adequacy: Adequacy, outcome: TrialOutcome
    ) {
        self.id = id
        self.agent = agent
        self.rxnorm = rxnorm
        self.drugClass = drugClass
        self.kind = kind
        self.role = role
        self.start = start
        self.end = end
        self.currentEpisode = currentEpisode
        self.adequacy = adequacy
        self.outcome = outcome
    }
}

/// Whether a trial was adequate, and why.
public struct Adequacy: Codable, Sendable, Equatable {
    /// `adequate`, `inadequate` or `unknown`.
    public var verdict: String
    /// Reasons from a fixed vocabulary: `inadequate-dose`, `inadequate-duration`, `non-adherence`,
    /// `stopped-for-intolerance`, `dose-unknown`, `duration-unknown`, `agent-unknown`,
    /// `adherence-not-verified`, `ongoing`.
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

    /// Creates an outcome.
    public init(
        class outcomeClass: String, percentChange: Double? = nil, instrument: String? = nil,
        baseline: ScorePoint? = nil, endpoint: ScorePoint? = nil, basis: String, explanation: String
    ) {
        self.class = outcomeClass
        self.percentChange = percentChange
        self.instrument = instrument
        self.baseline = baseline
        self.endpoint = endpoint
        self.basis = basis
        self.explanation = explanation
    }
}

/// A score on a date.
public struct ScorePoint: Codable, Sendable, Equatable {
    /// The date.
    public var date: LocalDate
    /// The total.
    public var score: Int

    /// Creates a point.
    public init(date: LocalDate, score: Int) {
        self.date = date
        self.score = score
    }
}

/// A TRD verdict under one named definition.
public struct TRDVerdict: Codable, Sendable, Equatable {
    /// Definition id: `fda`, `eu-pearl-2022`, `canadian-2021`, `karolinska-register`.
    public var definition: String
    /// Human-readable name.
    public var title: String
    /// Whether the definition is met.
    public var met: Bool
    /// Ids of the trials counted as failures.
    public var countedTrials: [String]
    /// Why: which trials counted, which did not and why.
    @Deferred public var explanation: String
    /// Source ids.
    public var sources: [String]

    /// Creates a verdict.
    public init(
        definition: String, title: String, met: Bool, countedTrials: [String], explanation: String,
        sources: [String]
    ) {
        self.definition = definition
        self.title = title
        self.met = met
        self.countedTrials = countedTrials
        self.explanation = explanation
        self.sources = sources
    }
}

/// All staging models.
public struct StagingResult: Codable, Sendable, Equatable {
    /// Thase–Rush stage.
    public var thaseRush: ThaseRushStage
    /// Maudsley Staging Method.
    public var maudsley: MaudsleyStage
    /// Massachusetts General Hospital staging.
    public var mgh: MGHStage

    /// Creates a staging result.
    public init(
        thaseRush: ThaseRushStage = ThaseRushStage(stage: 0, explanation: "", sources: []),
        maudsley: MaudsleyStage = MaudsleyStage(),
        mgh: MGHStage = MGHStage(score: 0, explanation: "", sources: [])
    ) {
        self.thaseRush = thaseRush
        self.maudsley = maudsley
        self.mgh = mgh
    }
}

/// Thase–Rush stage 0–5 (0 = no adequate failed trial).
public struct ThaseRushStage: Codable, Sendable, Equatable {
    /// Stage as an integer 0–5 (I–V as 1–5).
    public var stage: Int
    /// Why this stage.
    @Deferred public var explanation: String
    /// Source ids.
    public var sources: [String]

    /// Creates a stage.
    public init(stage: Int, explanation: String, sources: [String]) {
        self.stage = stage
        self.explanation = explanation
        self.sources = sources
    }
}

/// Maudsley Staging Method: each dimension's points, total 3–15 and band.
public struct MaudsleyStage: Codable, Sendable, Equatable {
    /// Total 3–15.
    public var total: Int
    /// `mild` (3–6), `moderate` (7–10) or `severe` (11–15).
    public var band: String
    /// Duration points 1–3.
    public var duration: Int
    /// Severity points 1–5.
    public var severity: Int
    /// Antidepressant failure points 1–5.
    public var antidepressants: Int
    /// Augmentation points 0–1.
    public var augmentation: Int
    /// ECT points 0–1.
    public var ect: Int
    /// How each dimension was rated, including any documented mapping used.
    @Deferred public var explanation: String
    /// Inputs that were missing and how they were handled.
    @Deferred public var assumptions: [String]
    /// Source ids.
    public var sources: [String]

    /// Creates an MSM result.
    public init(
        total: Int = 3, band: String = "mild", duration: Int = 1, severity: Int = 1, antidepressants: Int = 1,
        augmentation: Int = 0, ect: Int = 0, explanation: String = "", assumptions: [String] = [],
        sources: [String] = []
    ) {
        self.total = total
        self.band = band
        self.duration = duration
        self.severity = severity
        self.antidepressants = antidepressants
        self.augmentation = augmentation
        self.ect = ect
        self.explanation = explanation
        self.assumptions = assumptions
        self.sources = sources
    }
}

/// MGH staging score (continuous).
public struct MGHStage: Codable, Sendable, Equatable {
    /// Score: 1 per failed adequate trial, 0.5 per optimisation, 0.5 per augmentation/combination, 3 for failed ECT.
    public var score: Double
    /// How it was summed.
    @Deferred public var explanation: String
    /// Source ids.
    public var sources: [String]

    /// Creates an MGH-s result.
    public init(score: Double, explanation: String, sources: [String]) {
        self.score = score
        self.explanation = explanation
        self.sources = sources
    }
}

/// One pseudo-resistance check.
public struct ChecklistItem: Codable, Sendable, Equatable {
    /// Stable id (e.g. `thyroid`, `bipolar-spectrum`).
    public var id: String
    /// Human-readable title.
    public var title: String
    /// `present`, `absent` or `not-assessed`.
    public var status: String
    /// What it rests on (or, when not assessed, what is missing).
    @Deferred public var evidence: [String]
    /// What to do about it (for `present` and `not-assessed`).
    public var suggestion: String?
    /// Source id(s), comma-free list.
    public var source: String
    /// Rule id.
    public var rule: String

    /// Creates a checklist item.
    public init(
        id: String, title: String, status: String, evidence: [String], suggestion: String?, source: String,
        rule: String
    ) {
        self.id = id
        self.title = title
        self.status = status
        self.evidence = evidence
        self.suggestion = suggestion
        self.source = source
        self.rule = rule
    }
}

/// One measurement-based-care monitoring finding.
public struct MonitoringItem: Codable, Sendable, Equatable {
    /// Stable id (e.g. `treat-to-target`, `overdue-measure`, `stard-cdp`, `trajectory`).
    public var id: String
    /// `alert`, `warning` or `info`.
    public var level: String
    /// What was found.
    @Deferred public var message: String
    /// The inputs used.
    @Deferred public var evidence: [String]
    /// Rule id.
    public var rule: String
    /// Source ids.
    public var sources: [String]

    /// Creates a monitoring item.
    public init(id: String, level: String, message: String, evidence: [String], rule: String, sources: [String]) {
        self.id = id
        self.level = level
        self.message = message
        self.evidence = evidence
        self.rule = rule
        self.sources = sources
    }
}

/// A next-step option for the clinician to consider.
public struct PlanOption: Codable, Sendable, Equatable {
    /// Stable id (e.g. `augment-aripiprazole`, `refer-rtms`).
    public var id: String
    /// Human-readable title.
    public var title: String
    /// Category: `safety`, `optimise`, `switch`, `augment`, `combine`, `psychotherapy`, `sleep`,
    /// `comorbidity`, `pharmacogenetics`, `neuromodulation`, `ketamine`, `level-of-care`, `maintenance`.
    public var category: String
    /// 1 = consider first.
    public var rank: Int
    /// Why it applies here: the rule and the patient's inputs.
    @Deferred public var rationale: String
    /// Guideline, line and level.
    public var evidence: PlanEvidence
    /// Cautions and safety checks for this patient.
    @Deferred public var cautions: [String]
    /// Source ids.
    public var sources: [String]
    /// Rule id.
    public var rule: String

    /// Creates a plan option.
    public init(
        id: String, title: String, category: String, rank: Int, rationale: String, evidence: PlanEvidence,
        cautions: [String], sources: [String], rule: String
    ) {
        self.id = id
        self.title = title
        self.category = category
        self.rank = rank
        self.rationale = rationale
        self.evidence = evidence
        self.cautions = cautions
        self.sources = sources
        self.rule = rule
    }
}

/// Evidence grading for a plan option.
public struct PlanEvidence: Codable, Sendable, Equatable {
    /// Guideline (e.g. `CANMAT 2023`).
    public var guideline: String
    /// Line of treatment (e.g. `first`, `second`, `third`), when graded.
    public var line: String?
    /// Level of evidence (e.g. `1`, `2`), when graded.
    public var level: String?

    /// Creates evidence.
    public init(guideline: String, line: String? = nil, level: String? = nil) {
        self.guideline = guideline
        self.line = line
        self.level = level
    }
}

/// An input that could not be used, with where and why.
public struct InputIssue: Codable, Sendable, Equatable {
    /// JSON path in the record, e.g. `$.measurements[3]`.
    public var path: String
    /// What is wrong and what was expected.
    public var message: String
    /// `error` (input ignored) or `warning`.
    public var severity: String

    /// Creates an issue.
    public init(path: String, message: String, severity: String = "error") {
        self.path = path
        self.message = message
        self.severity = severity
    }
}

// MARK: - Explicit nulls for the JSON contract

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
