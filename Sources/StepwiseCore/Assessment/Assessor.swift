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
        let age = record.birthDate.map { $0.completedYears(to: context.asOf) }
        var report = AssessmentReport(
            asOf: context.asOf, profile: context.profile.id, knowledgeVersion: KnowledgeResource.version,
            patient: PatientSummary(id: record.id, age: age, sex: record.sex)
        )
        let scored = MeasurementScoring.score(record, catalog: knowledge.instruments)
        report.measurements = scored.measurements
        report.issues = scored.issues
        report.issues += RecordValidation.issues(in: record)
        // One object holds the record for every step whose deferred text reads it later.
        let shared = SharedRecord(record)
        report.safety = SafetyScreen.evaluate(
            shared, measurements: scored.measurements, context: context, knowledge: knowledge)
        report.trials = TrialEvaluation.evaluate(
            record, measurements: scored.measurements, context: context, knowledge: knowledge)
        report.trd = TRDDefinitions.evaluate(report.trials, record: record, context: context, knowledge: knowledge)
        report.staging = StagingModels.evaluate(
            report.trials, measurements: scored.measurements, record: record, context: context,
            knowledge: knowledge)
        report.pseudoResistance = PseudoResistanceChecklist.evaluate(
            shared, measurements: scored.measurements, trials: report.trials, context: context,
            knowledge: knowledge)
        report.monitoring = MonitoringRules.evaluate(
            shared, measurements: scored.measurements, trials: report.trials, context: context,
            knowledge: knowledge)
        // Each stage returns only its own part of the report, so no later stage (the planner
        // included) can remove or downgrade a safety signal computed above.
        report.plan = Planner.plan(report, record: record, context: context, knowledge: knowledge)
        return report
    }
}
