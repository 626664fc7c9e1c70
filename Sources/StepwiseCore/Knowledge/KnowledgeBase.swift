// SPDX-License-Identifier: Apache-2.0

/// All bundled clinical knowledge, loaded once and shared (it is immutable and `Sendable`).
///
/// ```swift
/// let knowledge = try KnowledgeBase.bundled()
/// let assessor = Assessor(knowledge: knowledge)
/// let report = try assessor.assess(record, asOf: LocalDate("2026-11-21")!, profile: nil)
/// ```
public struct KnowledgeBase: Sendable {
    struct Parts: Sendable {
        var instruments: InstrumentCatalog
        var drugs: DrugCatalog
        var profiles: ProfileCatalog
        var conditions: ConditionCatalog
        var plan: PlanCatalog
        var rules: RuleCatalog
    }

    /// The parts, shared by every copy: the knowledge base is passed to every engine step, and one
    /// reference keeps those copies to a single retain (a setter copies the parts first).
    private var parts: SharedFields<Parts>

    /// Rating instruments.
    public var instruments: InstrumentCatalog {
        get { parts.fields.instruments }
        set { parts.mutate { $0.instruments = newValue } }
    }
    /// Antidepressants and augmenting agents.
    public var drugs: DrugCatalog {
        get { parts.fields.drugs }
        set { parts.mutate { $0.drugs = newValue } }
    }
    /// Rule profiles.
    public var profiles: ProfileCatalog {
        get { parts.fields.profiles }
        set { parts.mutate { $0.profiles = newValue } }
    }
    /// Condition-code mapping (ICD-10-CM / SNOMED CT → Stepwise categories) and lab thresholds.
    public var conditions: ConditionCatalog {
        get { parts.fields.conditions }
        set { parts.mutate { $0.conditions = newValue } }
    }
    /// Next-step options and safety checks.
    public var plan: PlanCatalog {
        get { parts.fields.plan }
        set { parts.mutate { $0.plan = newValue } }
    }
    /// The explainable rule texts (`stepwise explain`).
    public var rules: RuleCatalog {
        get { parts.fields.rules }
        set { parts.mutate { $0.rules = newValue } }
    }

    /// Creates a knowledge base from its parts (tests use this to substitute values).
    public init(
        instruments: InstrumentCatalog, drugs: DrugCatalog, profiles: ProfileCatalog,
        conditions: ConditionCatalog, plan: PlanCatalog, rules: RuleCatalog
    ) {
        parts = SharedFields(
            Parts(
                instruments: instruments, drugs: drugs, profiles: profiles, conditions: conditions, plan: plan,
                rules: rules))
    }

    /// Loads every bundled knowledge file.
    ///
    /// - Throws: ``StepwiseError`` (``StepwiseError/Code/knowledgeBase``) naming the broken file.
    public static func bundled() throws -> KnowledgeBase {
        let instruments = try InstrumentCatalog.bundled()
        let profiles = try KnowledgeResource.load("profiles", as: ProfileCatalog.self)
        return KnowledgeBase(
            instruments: instruments,
            drugs: try DrugCatalog.bundled(),
            profiles: profiles,
            conditions: try ConditionCatalog.bundled(),
            plan: try PlanCatalog.bundled(),
            rules: try RuleCatalog.bundled().adding(
                ProfileExplanations.explanations(profiles, instruments: instruments))
        )
    }
}
