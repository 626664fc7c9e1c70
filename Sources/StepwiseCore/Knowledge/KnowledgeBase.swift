// SPDX-License-Identifier: Apache-2.0

/// All bundled clinical knowledge, loaded once and shared (it is immutable and `Sendable`).
///
/// ```swift
/// let knowledge = try KnowledgeBase.bundled()
/// let assessor = Assessor(knowledge: knowledge)
/// let report = try assessor.assess(record, asOf: LocalDate("2026-11-21")!, profile: nil)
/// ```
public struct KnowledgeBase: Sendable {
    /// The parts, shared by every copy: the knowledge base is passed to every engine step, and one
    /// reference keeps those copies to a single retain (a setter copies the parts first).
    private final class Parts: Sendable {
        let instruments: InstrumentCatalog
        let drugs: DrugCatalog
        let profiles: ProfileCatalog
        let conditions: ConditionCatalog
        let plan: PlanCatalog
        let rules: RuleCatalog

        init(
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

        func with(
            instruments: InstrumentCatalog? = nil, drugs: DrugCatalog? = nil, profiles: ProfileCatalog? = nil,
            conditions: ConditionCatalog? = nil, plan: PlanCatalog? = nil, rules: RuleCatalog? = nil
        ) -> Parts {
            Parts(
                instruments: instruments ?? self.instruments, drugs: drugs ?? self.drugs,
                profiles: profiles ?? self.profiles, conditions: conditions ?? self.conditions,
                plan: plan ?? self.plan, rules: rules ?? self.rules)
        }
    }

    private var parts: Parts

    /// Rating instruments.
    public var instruments: InstrumentCatalog {
        get { parts.instruments }
        set { parts = parts.with(instruments: newValue) }
    }
    /// Antidepressants and augmenting agents.
    public var drugs: DrugCatalog {
        get { parts.drugs }
        set { parts = parts.with(drugs: newValue) }
    }
    /// Rule profiles.
    public var profiles: ProfileCatalog {
        get { parts.profiles }
        set { parts = parts.with(profiles: newValue) }
    }
    /// Condition-code mapping (ICD-10-CM / SNOMED CT → Stepwise categories) and lab thresholds.
    public var conditions: ConditionCatalog {
        get { parts.conditions }
        set { parts = parts.with(conditions: newValue) }
    }
    /// Next-step options and safety checks.
    public var plan: PlanCatalog {
        get { parts.plan }
        set { parts = parts.with(plan: newValue) }
    }
    /// The explainable rule texts (`stepwise explain`).
    public var rules: RuleCatalog {
        get { parts.rules }
        set { parts = parts.with(rules: newValue) }
    }

    /// Creates a knowledge base from its parts (tests use this to substitute values).
    public init(
        instruments: InstrumentCatalog, drugs: DrugCatalog, profiles: ProfileCatalog,
        conditions: ConditionCatalog, plan: PlanCatalog, rules: RuleCatalog
    ) {
        parts = Parts(
            instruments: instruments, drugs: drugs, profiles: profiles, conditions: conditions, plan: plan,
            rules: rules)
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
