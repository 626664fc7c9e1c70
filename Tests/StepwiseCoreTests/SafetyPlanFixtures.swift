// SPDX-License-Identifier: Apache-2.0
@testable import StepwiseCore

/// Builders shared by the pseudo-resistance, safety, monitoring and planner suites.
enum SafetyPlanFixtures {
    /// The bundled knowledge base, loaded once.
    static let knowledge: KnowledgeBase = {
        do { return try KnowledgeBase.bundled() } catch { fatalError("knowledge base does not load: \(error)") }
    }()

    /// The fixed "today" of these suites.
    static let asOf = day("2026-11-21")

    static func day(_ text: String) -> LocalDate {
        guard let date = LocalDate(text) else { fatalError("bad fixture date \(text)") }
        return date
    }

    static func context(asOf: LocalDate = asOf, profile: String = "mgh-atrq") -> AssessmentContext {
        guard let rules = knowledge.profiles.profile(profile) else { fatalError("no profile \(profile)") }
        return AssessmentContext(asOf: asOf, profile: rules)
    }

    /// A scored measurement (bypasses scoring, for stage-level tests).
    static func scored(
        _ instrument: String, _ date: String, total: Int?, flags: [String] = [], band: String? = nil
    ) -> ScoredMeasurement {
        ScoredMeasurement(instrument: instrument, date: day(date), total: total, band: band, flags: flags, basis: "items")
    }

    /// A PHQ-9 with all answers 1 except item 9 = `item9` (total 8 + item9) unless `answers` is given.
    static func phq9(_ date: String, item9: Int, answers: [Int?]? = nil) -> Measurement {
        Measurement(instrument: "phq9", date: day(date), answers: answers ?? [1, 1, 1, 1, 1, 1, 1, 1, item9])
    }

    /// A trial assessment as the trials stage would produce it.
    static func trial(
        _ id: String, agent: String, kind: String = "medication", role: String = "monotherapy", start: String,
        end: String? = nil, verdict: String = "adequate", reasons: [String] = [], outcome: String = "non-response",
        adherenceVerified: Bool = true, minimumDose: Double? = nil, weeks: Double? = nil, currentEpisode: Bool = true
    ) -> TrialAssessment {
        TrialAssessment(
            id: id, agent: agent, rxnorm: nil, drugClass: nil, kind: kind, role: role, start: day(start),
            end: end.map(day), currentEpisode: currentEpisode,
            adequacy: Adequacy(
                verdict: verdict, reasons: reasons, weeksAtAdequateDose: weeks, minimumDose: minimumDose,
                requiredWeeks: 6, adherenceVerified: adherenceVerified, explanation: "", rule: "adequacy", sources: []),
            outcome: TrialOutcome(class: outcome, basis: "scores", explanation: ""))
    }

    /// A raw medication trial matching `trial(...)` for stages that read the record.
    static func recordTrial(
        _ id: String, agent: String, start: String, end: String? = nil, mg: Double? = nil,
        kind: TreatmentTrial.Kind = .medication, role: TreatmentTrial.Role? = nil
    ) -> TreatmentTrial {
        TreatmentTrial(
            id: id, kind: kind, agent: agent, role: role, start: day(start), end: end.map(day),
            doses: mg.map { [DoseStep(from: day(start), mgPerDay: $0)] } ?? [])
    }

    /// Runs the safety, checklist, monitoring and planning stages on hand-built trial assessments
    /// and scored measurements (independent of the scoring and trial stages).
    static func report(
        _ record: PatientRecord, trials: [TrialAssessment] = [], measurements: [ScoredMeasurement] = [],
        asOf: LocalDate = asOf
    ) -> AssessmentReport {
        let context = context(asOf: asOf)
        var report = AssessmentReport(
            assessedOn: asOf, profile: context.profile.id, knowledgeVersion: "test", patient: PatientSummary(id: record.id))
        report.measurements = measurements
        report.trials = trials
        report.safety = SafetyScreen.evaluate(record, measurements: measurements, context: context, knowledge: knowledge)
        report.pseudoResistance = PseudoResistanceChecklist.evaluate(
            record, measurements: measurements, trials: trials, context: context, knowledge: knowledge)
        report.monitoring = MonitoringRules.evaluate(
            record, measurements: measurements, trials: trials, context: context, knowledge: knowledge)
        report.plan = Planner.plan(report, record: record, context: context, knowledge: knowledge)
        return report
    }

    static func item(_ report: AssessmentReport, _ id: String) -> ChecklistItem? {
        report.pseudoResistance.first { $0.id == id }
    }
}
