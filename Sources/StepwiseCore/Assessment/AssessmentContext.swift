// SPDX-License-Identifier: Apache-2.0

/// Inputs every rule may read besides the patient. Injected, never global: "now" comes from here.
public struct AssessmentContext: Sendable {
    /// The date the assessment is as of ("today").
    public var asOf: LocalDate
    /// The thresholds in force.
    public var profile: RuleProfile

    /// Creates a context.
    public init(asOf: LocalDate, profile: RuleProfile) {
        self.asOf = asOf
        self.profile = profile
    }
}
