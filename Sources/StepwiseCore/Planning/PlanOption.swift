// SPDX-License-Identifier: Apache-2.0

/// A next-step option for the clinician to consider.
public struct PlanOption: Codable, Sendable, Equatable {
    /// Stable id (e.g. `augment-aripiprazole`, `refer-rtms`).
    public var id: String
    /// Human-readable title.
    public var title: String
    /// Category: `safety`, `optimise`, `switch`, `augment`, `combine`, `psychotherapy`, `sleep`,
    /// `comorbidity`, `pharmacogenetics`, `neuromodulation`, `ketamine`, `level-of-care`, `maintenance`.
    public var category: String
    /// 1 = consider first.
    public var rank: Int
    /// Why it applies here: the rule and the patient's inputs.
    @Deferred public var rationale: String
    /// Guideline, line and level.
    public var evidence: PlanEvidence
    /// Cautions and safety checks for this patient.
    @Deferred public var cautions: [String]
    /// Source ids.
    public var sources: [String]
    /// Rule id.
    public var rule: String

    /// Creates a plan option.
    public init(
        id: String, title: String, category: String, rank: Int, rationale: String, evidence: PlanEvidence,
        cautions: [String], sources: [String], rule: String
    ) {
        self.id = id
        self.title = title
        self.category = category
        self.rank = rank
        self.rationale = rationale
        self.evidence = evidence
        self.cautions = cautions
        self.sources = sources
        self.rule = rule
    }

    /// Creates a plan option whose rationale and cautions are rendered when read.
    init(
        id: String, title: String, category: String, rank: Int, rationale: Deferred<String>, evidence: PlanEvidence,
        cautions: Deferred<[String]>, sources: [String], rule: String
    ) {
        self.id = id
        self.title = title
        self.category = category
        self.rank = rank
        _rationale = rationale
        self.evidence = evidence
        _cautions = cautions
        self.sources = sources
        self.rule = rule
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
