// SPDX-License-Identifier: Apache-2.0

/// The result of assessing one patient record: the JSON output contract of `stepwise assess`.
///
/// Every flag, verdict, stage and option names the rule that produced it, the inputs it used and
/// its published source, so a clinician can check the basis. Nothing here is applied
/// automatically: it is decision support for the treating clinician.
public struct AssessmentReport: Codable, Sendable, Equatable {
    /// The date the assessment is "as of" (injected; never the wall clock inside the engine).
    public var asOf: LocalDate
    /// The rule profile used (e.g. `mgh-atrq`).
    public var profile: String
    /// The knowledge-base version the values came from.
    public var knowledgeVersion: String
    /// The patient.
    public var patient: PatientSummary
    /// Safety signals, always first. The engine never removes or downgrades an entry here.
    public var safety: [SafetyFlag]
    /// Every measurement scored, oldest first.
    public var measurements: [ScoredMeasurement]
    /// Per-trial adequacy and outcome, in start order.
    public var trials: [TrialAssessment]
    /// TRD verdicts under several published definitions, side by side.
    public var trd: [TRDVerdict]
    /// Staging models.
    public var staging: StagingResult
    /// The pseudo-resistance checklist.
    public var pseudoResistance: [ChecklistItem]
    /// Measurement-based-care monitoring: treat-to-target, decision points, overdue measures.
    public var monitoring: [MonitoringItem]
    /// Ranked next-step options for the clinician to consider.
    public var plan: [PlanOption]
    /// Inputs that could not be used (e.g. an unknown instrument), each with where and why.
    public var issues: [InputIssue]
}

// The public initialiser lives in an extension, with a first label of its own, so that the struct
// keeps its memberwise initialiser (internal), which the assessor uses: an initialiser assigning
// field by field made the optimiser build each report twice and copy one into place.
extension AssessmentReport {
    /// Creates a report assessed on `asOf` (parts not given are empty).
    public init(
        assessedOn asOf: LocalDate, profile: String, knowledgeVersion: String, patient: PatientSummary,
        safety: [SafetyFlag] = [], measurements: [ScoredMeasurement] = [], trials: [TrialAssessment] = [],
        trd: [TRDVerdict] = [], staging: StagingResult = StagingResult(), pseudoResistance: [ChecklistItem] = [],
        monitoring: [MonitoringItem] = [], plan: [PlanOption] = [], issues: [InputIssue] = []
    ) {
        self.init(
            asOf: asOf, profile: profile, knowledgeVersion: knowledgeVersion, patient: patient, safety: safety,
            measurements: measurements, trials: trials, trd: trd, staging: staging, pseudoResistance: pseudoResistance,
            monitoring: monitoring, plan: plan, issues: issues)
    }
}

/// Who the report is about.
public struct PatientSummary: Codable, Sendable, Equatable {
    /// The record's pseudonymous id.
    public var id: String
    /// Age in completed years on the as-of date, when the birth date is known.
    public var age: Int?
    /// Sex as recorded.
    public var sex: Sex?

    /// Creates a summary.
    public init(id: String, age: Int? = nil, sex: Sex? = nil) {
        self.id = id
        self.age = age
        self.sex = sex
    }
}

/// An input that could not be used, with where and why.
public struct InputIssue: Codable, Sendable, Equatable {
    /// JSON path in the record, e.g. `$.measurements[3]`.
    public var path: String
    /// What is wrong and what was expected.
    public var message: String
    /// `error` (input ignored) or `warning`.
    public var severity: String

    /// Creates an issue.
    public init(path: String, message: String, severity: String = "error") {
        self.path = path
        self.message = message
        self.severity = severity
    }
}
