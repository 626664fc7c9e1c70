// SPDX-License-Identifier: Apache-2.0

/// A named set of thresholds used to judge trials and responses (`stepwise assess --profile`).
///
/// Published definitions disagree on how long an adequate trial lasts and on what counts as
/// non-response; a profile picks one set, cites it, and labels project decisions as such.
public struct RuleProfile: Codable, Sendable, Equatable, Identifiable {
    /// Profile id, e.g. `mgh-atrq`.
    public var id: String {
        get { box.fields.id }
        set { box.mutate { $0.id = newValue } }
    }
    /// Human-readable name.
    public var title: String {
        get { box.fields.title }
        set { box.mutate { $0.title = newValue } }
    }
    /// What the profile is for.
    public var summary: String {
        get { box.fields.summary }
        set { box.mutate { $0.summary = newValue } }
    }
    /// Weeks at or above the minimum dose for an adequate antidepressant trial.
    public var adequateWeeks: Sourced<Double> {
        get { box.fields.adequateWeeks }
        set { box.mutate { $0.adequateWeeks = newValue } }
    }
    /// Adherence at or above this percent (days covered or estimated) counts as adherent.
    public var adherenceThresholdPercent: Sourced<Double> {
        get { box.fields.adherenceThresholdPercent }
        set { box.mutate { $0.adherenceThresholdPercent = newValue } }
    }
    /// Improvement (percent reduction) at or above which a trial is a response.
    public var responsePercent: Sourced<Double> {
        get { box.fields.responsePercent }
        set { box.mutate { $0.responsePercent = newValue } }
    }
    /// Improvement at or above which (and below response) a trial is a partial response.
    public var partialResponsePercent: Sourced<Double> {
        get { box.fields.partialResponsePercent }
        set { box.mutate { $0.partialResponsePercent = newValue } }
    }
    /// Treat-to-target: weeks on the current plan after which < 50 % improvement prompts review.
    public var treatToTargetWeeks: Sourced<Double> {
        get { box.fields.treatToTargetWeeks }
        set { box.mutate { $0.treatToTargetWeeks = newValue } }
    }
    /// Treat-to-target: a latest score below this one also counts as improvement, beside the response
    /// percent (the collaborative-care registry's "PHQ-9 < 10 or ≥ 50 % reduction"); `nil` = percent only.
    public var treatToTargetImprovedBelow: Sourced<ImprovedBelow>? {
        get { box.fields.treatToTargetImprovedBelow }
        set { box.mutate { $0.treatToTargetImprovedBelow = newValue } }
    }
    /// A measurement is overdue when the last one is older than this many days.
    public var measurementIntervalDays: Sourced<Int> {
        get { box.fields.measurementIntervalDays }
        set { box.mutate { $0.measurementIntervalDays = newValue } }
    }
    /// Minimum weeks of psychotherapy sessions (or number of sessions) for an adequate course.
    public var adequatePsychotherapySessions: Sourced<Int> {
        get { box.fields.adequatePsychotherapySessions }
        set { box.mutate { $0.adequatePsychotherapySessions = newValue } }
    }
    /// Minimum ECT sessions for an adequate course.
    public var adequateECTSessions: Sourced<Int> {
        get { box.fields.adequateECTSessions }
        set { box.mutate { $0.adequateECTSessions = newValue } }
    }
    /// Minimum rTMS/iTBS sessions for an adequate course.
    public var adequateRTMSSessions: Sourced<Int> {
        get { box.fields.adequateRTMSSessions }
        set { box.mutate { $0.adequateRTMSSessions = newValue } }
    }

    /// Decodes a profile.
    public init(from decoder: any Decoder) throws { box = SharedFields(try Fields(from: decoder)) }

    /// Encodes the profile as `profiles.json` writes it.
    public func encode(to encoder: any Encoder) throws { try box.fields.encode(to: encoder) }

    public static func == (lhs: RuleProfile, rhs: RuleProfile) -> Bool {
        lhs.box.isIdentical(to: rhs.box) || lhs.box.fields == rhs.box.fields
    }

    /// The stored values, shared by every copy (one retain per copy; a setter copies first).
    private var box: SharedFields<Fields>

    struct Fields: Codable, Sendable, Equatable {
        var id: String
        var title: String
        var summary: String
        var adequateWeeks: Sourced<Double>
        var adherenceThresholdPercent: Sourced<Double>
        var responsePercent: Sourced<Double>
        var partialResponsePercent: Sourced<Double>
        var treatToTargetWeeks: Sourced<Double>
        var treatToTargetImprovedBelow: Sourced<ImprovedBelow>?
        var measurementIntervalDays: Sourced<Int>
        var adequatePsychotherapySessions: Sourced<Int>
        var adequateECTSessions: Sourced<Int>
        var adequateRTMSSessions: Sourced<Int>
    }
}

/// An instrument's score below which treat-to-target counts a patient as improved
/// (``RuleProfile/treatToTargetImprovedBelow``).
public struct ImprovedBelow: Codable, Sendable, Equatable {
    /// Instrument id, e.g. `phq-9`: the rule applies to that instrument's series only.
    public var instrument: String
    /// The latest total must be below this score (`10` for "PHQ-9 < 10"); the baseline must be at or
    /// above it, as in the registry that defined it, so a patient who started below it is judged by
    /// percent alone.
    public var below: Int

    /// Creates a threshold.
    public init(instrument: String, below: Int) {
        self.instrument = instrument
        self.below = below
    }
}

/// The bundled profiles (`profiles.json`).
public struct ProfileCatalog: Codable, Sendable {
    /// File version.
    public var version: String
    /// Sources cited.
    public var sources: [SourceCitation]
    /// The default profile id.
    public var defaultProfile: String
    /// All profiles.
    public var profiles: [RuleProfile]

    /// The profile with `id`, or `nil`.
    public func profile(_ id: String) -> RuleProfile? { profiles.first { $0.id == id } }

    /// The default profile.
    public var defaultValue: RuleProfile? { profile(defaultProfile) }
}
