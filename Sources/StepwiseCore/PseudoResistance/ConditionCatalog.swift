// SPDX-License-Identifier: Apache-2.0
// STUB — owned by the pseudo-resistance work.

/// Condition codes → Stepwise categories, and lab thresholds (`conditions.json`).
public struct ConditionCatalog: Sendable {
    /// Loads the bundled catalogue.
    public static func bundled() throws -> ConditionCatalog { ConditionCatalog() }
}
