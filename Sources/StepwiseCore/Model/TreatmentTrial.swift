// SPDX-License-Identifier: Apache-2.0

/// One treatment trial: a medication (with its dose timeline), a psychotherapy course or a
/// neuromodulation course.
public struct TreatmentTrial: Codable, Sendable, Equatable {
    /// Optional identifier, used by `augments` and in outputs.
    public var id: String?
    /// What kind of treatment this is.
    public var kind: Kind
    /// Medication: lower-case generic name (`sertraline`, `aripiprazole`, `esketamine`).
    /// Psychotherapy: the modality id. Neuromodulation: `ect`, `rtms`, `itbs`, `vns`, `tdcs`.
    public var agent: String
    /// For medications: monotherapy, augmentation or combination. Defaults by kind.
    public var role: Role?
    /// For augmentation and combination: the id of the trial it was added to.
    public var augments: String?
    /// First day of the trial.
    public var start: LocalDate
    /// Last day, or `nil` when ongoing.
    public var end: LocalDate?
    /// Dose timeline in mg/day: each step applies from its date until the next step.
    /// Empty for a medication means the dose is unknown.
    public var doses: [DoseStep]
    /// Adherence evidence; `nil` means adherence was not verified.
    public var adherence: Adherence?
    /// Why the trial ended, when it has ended.
    public var stopReason: StopReason?
    /// Psychotherapy sessions attended, or neuromodulation sessions delivered.
    public var sessions: Int?
    /// ECT electrode placement, when known.
    public var laterality: ECTLaterality?
    /// A clinician's rating of improvement during the trial (percent, 0–100), as the MGH-ATRQ
    /// records it. Used only when no rating-scale scores cover the trial.
    public var clinicianRatedImprovement: Double?
    /// `false` for a trial in an earlier episode (kept for history, not counted for the current one).
    public var currentEpisode: Bool?
    /// Free-text note (never logged).
    public var note: String?

    /// Creates a trial.
    public init(
        id: String? = nil, kind: Kind, agent: String, role: Role? = nil, augments: String? = nil,
        start: LocalDate, end: LocalDate? = nil, doses: [DoseStep] = [], adherence: Adherence? = nil,
        stopReason: StopReason? = nil, sessions: Int? = nil, laterality: ECTLaterality? = nil,
        clinicianRatedImprovement: Double? = nil, currentEpisode: Bool? = nil, note: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.agent = agent
        self.role = role
        self.augments = augments
        self.start = start
        self.end = end
        self.doses = doses
        self.adherence = adherence
        self.stopReason = stopReason
        self.sessions = sessions
        self.laterality = laterality
        self.clinicianRatedImprovement = clinicianRatedImprovement
        self.currentEpisode = currentEpisode
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, agent, role, augments, start, end, doses, adherence, stopReason, sessions, laterality
        case clinicianRatedImprovement, currentEpisode, note
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id)
        kind = try c.decodeIfPresent(Kind.self, forKey: .kind) ?? .medication
        agent = try c.decode(String.self, forKey: .agent).lowercased()
        role = try c.decodeIfPresent(Role.self, forKey: .role)
        augments = try c.decodeIfPresent(String.self, forKey: .augments)
        start = try c.decode(LocalDate.self, forKey: .start)
        end = try c.decodeIfPresent(LocalDate.self, forKey: .end)
        doses = try c.decodeIfPresent([DoseStep].self, forKey: .doses) ?? []
        adherence = try c.decodeIfPresent(Adherence.self, forKey: .adherence)
        stopReason = try c.decodeIfPresent(StopReason.self, forKey: .stopReason)
        sessions = try c.decodeIfPresent(Int.self, forKey: .sessions)
        laterality = try c.decodeIfPresent(ECTLaterality.self, forKey: .laterality)
        clinicianRatedImprovement = try c.decodeIfPresent(Double.self, forKey: .clinicianRatedImprovement)
        currentEpisode = try c.decodeIfPresent(Bool.self, forKey: .currentEpisode)
        note = try c.decodeIfPresent(String.self, forKey: .note)
    }

    /// The role, defaulted: medications are monotherapy unless stated; other kinds have their own.
    public var effectiveRole: Role {
        if let role { return role }
        switch kind {
        case .medication: return .monotherapy
        case .psychotherapy: return .psychotherapy
        case .neuromodulation: return .neuromodulation
        }
    }

    /// Whether the trial belongs to the current episode (default `true`).
    public var isCurrentEpisode: Bool { currentEpisode ?? true }

    /// Whether the trial belongs to the current episode that began on `onset`: the recorded
    /// `currentEpisode` when given; otherwise `true`, unless the trial's `end` is before the onset,
    /// when it belongs to an earlier episode.
    public func isInCurrentEpisode(onset: LocalDate?) -> Bool {
        if let currentEpisode { return currentEpisode }
        if let end, let onset, end < onset { return false }
        return true
    }

    /// The kind of treatment.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case medication, psychotherapy, neuromodulation
    }

    /// The role a treatment plays.
    public enum Role: String, Codable, Sendable, CaseIterable {
        case monotherapy, augmentation, combination, psychotherapy, neuromodulation
    }
}

/// A dose that applies from `from` until the next step (or the end of the trial).
public struct DoseStep: Codable, Sendable, Equatable {
    /// The first day at this dose.
    public var from: LocalDate
    /// Total daily dose in mg; `nil` when the dose at this step is unknown.
    public var mgPerDay: Double?

    /// Creates a dose step.
    public init(from: LocalDate, mgPerDay: Double?) {
        self.from = from
        self.mgPerDay = mgPerDay
    }

    /// The largest daily dose Stepwise accepts as a real mg/day value (project decision: no
    /// antidepressant or augmenting agent is given anywhere near 10 g/day; a larger number is
    /// almost always a unit error). Larger, negative or non-finite doses count as unknown.
    public static let plausibleMaximumMgPerDay = 10_000.0

    /// Whether `mgPerDay` is a usable daily dose (finite, non-negative, at most
    /// ``plausibleMaximumMgPerDay``).
    public static func isPlausible(_ mgPerDay: Double) -> Bool {
        mgPerDay.isFinite && mgPerDay >= 0 && mgPerDay <= plausibleMaximumMgPerDay
    }
}

/// Evidence of adherence to a trial.
public struct Adherence: Codable, Sendable, Equatable {
    /// Proportion of days covered, 0–100, from pharmacy fills.
    public var percentDaysCovered: Double?
    /// The clinician's estimate of the percent of doses taken, 0–100.
    public var clinicianEstimate: Double?
    /// Where the evidence came from (e.g. `pharmacy-fills`, `pill-count`, `patient-report`).
    public var source: String?

    /// Creates adherence evidence.
    public init(percentDaysCovered: Double? = nil, clinicianEstimate: Double? = nil, source: String? = nil) {
        self.percentDaysCovered = percentDaysCovered
        self.clinicianEstimate = clinicianEstimate
        self.source = source
    }

    /// The best available percent (pharmacy data preferred over an estimate). A value outside
    /// 0–100 (or not a number) is reported by record validation and treated as not recorded here,
    /// so it never verifies adherence: the estimate is used when in range, else nothing is.
    public var percent: Double? {
        if let covered = percentDaysCovered, (0...100).contains(covered) { return covered }
        if let estimate = clinicianEstimate, (0...100).contains(estimate) { return estimate }
        return nil
    }
}

/// Why a trial ended.
public enum StopReason: String, Codable, Sendable, CaseIterable {
    case nonResponse = "non-response"
    case partialResponse = "partial-response"
    case sideEffects = "side-effects"
    case patientChoice = "patient-choice"
    case remission
    case other
}

/// ECT electrode placement.
public enum ECTLaterality: String, Codable, Sendable, CaseIterable {
    case bilateral, bitemporal, bifrontal
    case rightUnilateral = "right-unilateral"
    case unknown
}
