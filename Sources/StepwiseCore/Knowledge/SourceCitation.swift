// SPDX-License-Identifier: Apache-2.0

/// A published source (or a labelled project decision) that a knowledge value rests on.
///
/// Every value in the bundled knowledge files names one or more of these by `id`; the test suite
/// fails when a value has none or names one that is not in `sources.json`.
public struct SourceCitation: Codable, Sendable, Equatable, Identifiable {
    /// Short stable id, e.g. `kroenke-2001`, `canmat-2023`, `project-decision-adherence-80`.
    public var id: String
    /// Full citation as a clinician would look it up.
    public var citation: String
    /// A public address where the source (or its reproduction) can be read, when there is one.
    public var url: String?
    /// How the value was confirmed: `confirmed`, `secondary`, `derived` or `project-decision`.
    public var status: Status

    /// Confirmation status, as in `shared/reference/clinical-rules.md`.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case confirmed, secondary, derived
        case projectDecision = "project-decision"
    }
}
