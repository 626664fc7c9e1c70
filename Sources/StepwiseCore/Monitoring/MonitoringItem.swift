// SPDX-License-Identifier: Apache-2.0

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
