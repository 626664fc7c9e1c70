// SPDX-License-Identifier: Apache-2.0

/// All bundled clinical knowledge, loaded once and shared (it is immutable and `Sendable`).
///
/// ```swift
/// let knowledge = try KnowledgeBase.bundled()
/// let assessor = Assessor(knowledge: knowledge)
/// let report = try assessor.assess(record, asOf: LocalDate("2026-11-21")!, profile: nil)
/// ```
public struct KnowledgeBase: Sendable {
    /// Rating instruments.
    public var instruments: InstrumentCatalog
    /// Antidepressants and augmenting agents.
    public var drugs: DrugCatalog
    /// Rule profiles.
    public var profiles: ProfileCatalog
    /// Condition-code mapping (ICD-10-CM / SNOMED CT → Stepwise categories) and lab thresholds.
    public var conditions: ConditionCatalog
    /// Next-step options and safety checks.
    public var plan: PlanCatalog
    /// The explainable rule texts (`stepwise explain`).
    public var rules: RuleCatalog

    /// Creates a knowledge base from its parts (tests use this to substitute values).
    public init(
        instruments: InstrumentCatalog, drugs: DrugCatalog, profiles: ProfileCatalog,
        conditions: ConditionCatalog, plan: PlanCatalog, rules: RuleCatalog
    ) {
        self.instruments = instruments
        self.drugs = drugs
        self.profiles = profiles
        self.conditions = conditions
        self.plan = plan
        self.rules = rules
    }

    /// Loads every bundled knowledge file.
    ///
    /// - Throws: ``StepwiseError`` (``StepwiseError/Code/knowledgeBase``) naming the broken file.
    public static func bundled() throws -> KnowledgeBase {
        KnowledgeBase(
            instruments: try InstrumentCatalog.bundled(),
            drugs: try DrugCatalog.bundled(),
            profiles: try KnowledgeResource.load("profiles", as: ProfileCatalog.self),
            conditions: try ConditionCatalog.bundled(),
            plan: try PlanCatalog.bundled(),
            rules: try RuleCatalog.bundled()
        )
    }
}
