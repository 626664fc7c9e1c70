// SPDX-License-Identifier: Apache-2.0

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
