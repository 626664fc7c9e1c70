// SPDX-License-Identifier: Apache-2.0
// STUB — owned by the safety/planning work.

/// Next-step options and safety checks (`plan-options.json`).
public struct PlanCatalog: Sendable {
    /// Loads the bundled catalogue.
    public static func bundled() throws -> PlanCatalog { PlanCatalog() }
}
