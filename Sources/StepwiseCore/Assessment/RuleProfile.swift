// SPDX-License-Identifier: Apache-2.0

/// A named set of thresholds used to judge trials and responses (`stepwise assess --profile`).
///
/// Published definitions disagree on how long an adequate trial lasts and on what counts as
/// non-response; a profile picks one set, cites it, and labels project decisions as such.
public struct RuleProfile: Codable, Sendable, Equatable, Identifiable {
    /// Profile id, e.g. `mgh-atrq`.
    public var id: String
    /// Human-readable name.
    public var title: String
    /// What the profile is for.
    public var summary: String
    /// Weeks at or above the minimum dose for an adequate antidepressant trial.
    public var adequateWeeks: Sourced<Double>
    /// Adherence at or above this percent (days covered or estimated) counts as adherent.
    public var adherenceThresholdPercent: Sourced<Double>
    /// Improvement (percent reduction) at or above which a trial is a response.
    public var responsePercent: Sourced<Double>
    /// Improvement at or above which (and below response) a trial is a partial response.
    public var partialResponsePercent: Sourced<Double>
    /// Treat-to-target: weeks on the current plan after which < 50 % improvement prompts review.
    public var treatToTargetWeeks: Sourced<Double>
    /// A measurement is overdue when the last one is older than this many days.
    public var measurementIntervalDays: Sourced<Int>
    /// Minimum weeks of psychotherapy sessions (or number of sessions) for an adequate course.
    public var adequatePsychotherapySessions: Sourced<Int>
    /// Minimum ECT sessions for an adequate course.
    public var adequateECTSessions: Sourced<Int>
    /// Minimum rTMS/iTBS sessions for an adequate course.
    public var adequateRTMSSessions: Sourced<Int>
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
