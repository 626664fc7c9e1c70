// SPDX-License-Identifier: Apache-2.0

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
