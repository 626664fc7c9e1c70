// SPDX-License-Identifier: Apache-2.0

/// A next-step option for the clinician to consider.
///
/// The catalogue's constant parts (id, title, category, evidence, sources, rule) are shared by every
/// patient's copy of an option (one reference); the rationale is kept as the structured reason the
/// planner found and rendered when read.
public struct PlanOption: Codable, Sendable, Equatable {
    /// Stable id (e.g. `augment-aripiprazole`, `refer-rtms`).
    public var id: String {
        get { parts.fields.id }
        set { parts = parts.with { $0.id = newValue } }
    }
    /// Human-readable title.
    public var title: String {
        get { parts.fields.title }
        set { parts = parts.with { $0.title = newValue } }
    }
    /// Category: `safety`, `optimise`, `switch`, `augment`, `combine`, `psychotherapy`, `sleep`,
    /// `comorbidity`, `pharmacogenetics`, `neuromodulation`, `ketamine`, `level-of-care`, `maintenance`.
    public var category: String {
        get { parts.fields.category }
        set { parts = parts.with { $0.category = newValue } }
    }
    /// 1 = consider first.
    public var rank: Int
    /// `true` when a safety check blocks the option for this patient (a bipolar signal for an
    /// antidepressant, an MAOI washout not yet over, a recorded esketamine contraindication, …):
    /// it is ranked below every unblocked option and its first caution says why ("Blocking: …").
    /// Kept in the list so the clinician sees what was considered and why not.
    public var blocked: Bool
    /// Why it applies here: the rule and the patient's inputs.
    public var rationale: String {
        get {
            switch why {
            case .text(let text): text.wrappedValue
            case .reason(let reason): parts.fields.lead + reason.text(parts.fields.reasons)
            }
        }
        set { why = .text(Deferred(wrappedValue: newValue)) }
    }
    /// Guideline, line and level.
    public var evidence: PlanEvidence {
        get { parts.fields.evidence }
        set { parts = parts.with { $0.evidence = newValue } }
    }
    /// Cautions and safety checks for this patient.
    @Deferred public var cautions: [String]
    /// Source ids.
    public var sources: [String] {
        get { parts.fields.sources }
        set { parts = parts.with { $0.sources = newValue } }
    }
    /// Rule id.
    public var rule: String {
        get { parts.fields.rule }
        set { parts = parts.with { $0.rule = newValue } }
    }

    /// The constant parts (shared; replaced, never changed in place).
    private var parts: Parts
    /// The rationale: a text, or the planner's reason rendered after the option's lead.
    private var why: Rationale

    /// Where the rationale comes from.
    enum Rationale: Sendable {
        case text(Deferred<String>)
        case reason(PlanCandidates.Reason)
    }

    /// An option's constant parts, shared by reference.
    final class Parts: Sendable {
        struct Fields: Sendable {
            var id: String
            var title: String
            var category: String
            var evidence: PlanEvidence
            var sources: [String]
            var rule: String
            /// "summary Why here: ", followed by a planner reason.
            var lead: String
            /// The planner's reason sentences (`plan-options.json`).
            var reasons: ReasonWording
        }

        let fields: Fields

        init(_ fields: Fields) { self.fields = fields }

        /// A copy with `change` applied.
        func with(_ change: (inout Fields) -> Void) -> Parts {
            var fields = fields
            change(&fields)
            return Parts(fields)
        }
    }

    /// Creates a plan option.
    public init(
        id: String, title: String, category: String, rank: Int, rationale: String, evidence: PlanEvidence,
        cautions: [String], sources: [String], rule: String, blocked: Bool = false
    ) {
        parts = Parts(
            Parts.Fields(
                id: id, title: title, category: category, evidence: evidence, sources: sources, rule: rule, lead: "",
                reasons: .empty))
        self.rank = rank
        self.blocked = blocked
        why = .text(Deferred(wrappedValue: rationale))
        self.cautions = cautions
    }

    /// Creates a planned option: shared parts, the reason it applies, and its cautions.
    init(parts: Parts, rank: Int, blocked: Bool, reason: PlanCandidates.Reason, cautions: Deferred<[String]>) {
        self.parts = parts
        self.rank = rank
        self.blocked = blocked
        why = .reason(reason)
        _cautions = cautions
    }

    enum CodingKeys: String, CodingKey {
        case id, title, category, rank, blocked, rationale, evidence, cautions, sources, rule
    }

    /// Decodes an option (the same keys as it encodes).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let id = try c.decode(String.self, forKey: .id)
        let title = try c.decode(String.self, forKey: .title)
        let category = try c.decode(String.self, forKey: .category)
        let rank = try c.decode(Int.self, forKey: .rank)
        let rationale = try c.decode(String.self, forKey: .rationale)
        let evidence = try c.decode(PlanEvidence.self, forKey: .evidence)
        let cautions = try c.decode([String].self, forKey: .cautions)
        let sources = try c.decode([String].self, forKey: .sources)
        let rule = try c.decode(String.self, forKey: .rule)
        // Reports written before the field existed carry their blocking only as a caution.
        let blocked = try c.decodeIfPresent(Bool.self, forKey: .blocked) ?? false
        self.init(
            id: id, title: title, category: category, rank: rank, rationale: rationale, evidence: evidence,
            cautions: cautions, sources: sources, rule: rule, blocked: blocked)
    }

    /// Encodes the option: id, title, category, rank, blocked, rationale, evidence, cautions, sources, rule.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(category, forKey: .category)
        try c.encode(rank, forKey: .rank)
        try c.encode(blocked, forKey: .blocked)
        try c.encode(rationale, forKey: .rationale)
        try c.encode(evidence, forKey: .evidence)
        try c.encode(cautions, forKey: .cautions)
        try c.encode(sources, forKey: .sources)
        try c.encode(rule, forKey: .rule)
    }

    /// Options are equal when every field (rendered) is equal.
    public static func == (lhs: PlanOption, rhs: PlanOption) -> Bool {
        lhs.id == rhs.id && lhs.title == rhs.title && lhs.category == rhs.category && lhs.rank == rhs.rank
            && lhs.blocked == rhs.blocked && lhs.rationale == rhs.rationale && lhs.evidence == rhs.evidence && lhs.cautions == rhs.cautions
            && lhs.sources == rhs.sources && lhs.rule == rhs.rule
    }
}

/// Evidence grading for a plan option.
public struct PlanEvidence: Codable, Sendable, Equatable {
    /// Guideline (e.g. `CANMAT 2023`).
    public var guideline: String
    /// Line of treatment (e.g. `first`, `second`, `third`), when graded.
    public var line: String?
    /// Level of evidence (e.g. `1`, `2`), when graded.
    public var level: String?

    /// Creates evidence.
    public init(guideline: String, line: String? = nil, level: String? = nil) {
        self.guideline = guideline
        self.line = line
        self.level = level
    }
}
