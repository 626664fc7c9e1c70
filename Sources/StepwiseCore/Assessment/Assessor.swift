// SPDX-License-Identifier: Apache-2.0

/// Assesses a patient record: scores, trial adequacy and outcome, TRD definitions, staging,
/// pseudo-resistance, safety, monitoring and the stepped plan.
///
/// Pure and deterministic: the same record, date and profile give the same report.
///
/// ```swift
/// let assessor = Assessor(knowledge: try KnowledgeBase.bundled())
/// let report = try assessor.assess(record, asOf: LocalDate("2026-11-21")!)
/// ```
public struct Assessor: Sendable {
    /// The knowledge base in use.
    public let knowledge: KnowledgeBase

    /// Creates an assessor.
    public init(knowledge: KnowledgeBase) { self.knowledge = knowledge }

    /// Assesses `record` as of `asOf` under the profile `profileID` (the default profile when `nil`).
    ///
    /// - Throws: ``StepwiseError`` with ``StepwiseError/Code/notFound`` for an unknown profile.
    public func assess(_ record: PatientRecord, asOf: LocalDate, profile profileID: String? = nil) throws
        -> AssessmentReport
    {
        let id = profileID ?? knowledge.profiles.defaultProfile
        guard let profile = knowledge.profiles.profile(id) else {
            let known = knowledge.profiles.profiles.map(\.id).joined(separator: ", ")
            throw StepwiseError(.notFound, "unknown profile \"\(id)\"; expected one of: \(known)", at: "--profile")
        }
        return assess(record, context: AssessmentContext(asOf: asOf, profile: profile))
    }

    /// Assesses `record` in `context`.
    public func assess(_ record: PatientRecord, context: AssessmentContext) -> AssessmentReport {
        // The measurement table lives for this assessment only (on the stack for usual records).
        withUnsafeTemporaryAllocation(of: MeasurementTable.Row.self, capacity: record.measurements.count) { rows in
            assess(record, context: context, table: MeasurementTable(rows: rows))
        }
    }

    /// ``assess(_:context:)`` with the record's measurement table, filled by the scoring step and
    /// read by later steps.
    private func assess(_ record: PatientRecord, context: AssessmentContext, table: MeasurementTable)
        -> AssessmentReport
    {
        let age = record.birthDate.map { $0.completedYears(to: context.asOf) }
        let scored = MeasurementScoring.score(record, catalog: knowledge.instruments, table: table)
        var issues = scored.issues
        issues += RecordValidation.issues(in: record)
        if !record.trials.isEmpty { issues += TrialEvaluation.timingIssues(record, asOf: context.asOf) }
        // One object holds the record for every step whose deferred text reads it later.
        // Its episode diagnosis code is mapped once here for the safety and checklist steps.
        let shared = SharedRecord(record, conditions: knowledge.conditions)
        let safety = SafetyScreen.evaluate(
            shared, measurements: scored.measurements, table: table, context: context, knowledge: knowledge)
        // The depression series, found once for the trials' outcomes and the monitoring checks.
        let depression = ScoreSeries.depressionSeries(scored.measurements, knowledge: knowledge)
        let trials = TrialEvaluation.evaluate(record, depression: depression, context: context, knowledge: knowledge)
        let trd = TRDDefinitions.evaluate(trials, record: record, context: context, knowledge: knowledge)
        let staging = StagingModels.evaluate(
            trials, measurements: scored.measurements, record: record, context: context, knowledge: knowledge)
        let checklist = PseudoResistanceChecklist.evaluate(
            shared, measurements: scored.measurements, trials: trials, context: context, knowledge: knowledge)
        let monitoring = MonitoringRules.evaluate(shared, depression: depression, context: context, knowledge: knowledge)
        // Built once, every part at once, by the memberwise initialiser (no copy of the report).
        var report = AssessmentReport(
            asOf: context.asOf, profile: context.profile.id, knowledgeVersion: KnowledgeResource.version,
            patient: PatientSummary(id: record.id, age: age, sex: record.sex), safety: safety,
            measurements: scored.measurements, trials: trials, trd: trd, staging: staging,
            pseudoResistance: checklist, monitoring: monitoring, plan: [], issues: issues)
        // Each stage returns only its own part of the report, so no later stage (the planner
        // included) can remove or downgrade a safety signal computed above.
        report.plan = Planner.plan(report, record: record, context: context, knowledge: knowledge, table: table)
        return report
    }
}
