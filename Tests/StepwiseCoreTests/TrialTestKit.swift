// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// Shared fixtures for the trial, TRD and staging suites.
enum TrialTestKit {
    static let loaded: KnowledgeBase? = try? KnowledgeBase.bundled()

    static func knowledge() throws -> KnowledgeBase {
        try #require(loaded, "the bundled knowledge base must load")
    }

    static func date(_ text: String) throws -> LocalDate {
        try #require(LocalDate(text), "bad test date \(text)")
    }

    static func context(asOf: String = "2026-11-21", profile: String = "mgh-atrq") throws -> AssessmentContext {
        let knowledge = try knowledge()
        let rules = try #require(knowledge.profiles.profile(profile))
        return AssessmentContext(asOf: try date(asOf), profile: rules)
    }

    /// A medication trial at one dose from `start` for `days` days (ended), adherence 90 % by default.
    static func trial(
        _ id: String, _ agent: String, mg: Double?, start: String = "2026-01-01", days: Int,
        role: TreatmentTrial.Role? = nil, adherence: Double? = 90, stop: StopReason? = .nonResponse,
        improvement: Double? = nil, currentEpisode: Bool? = nil
    ) throws -> TreatmentTrial {
        let from = try date(start)
        return TreatmentTrial(
            id: id, kind: .medication, agent: agent, role: role, start: from, end: from.adding(days: days),
            doses: [DoseStep(from: from, mgPerDay: mg)],
            adherence: adherence.map { Adherence(percentDaysCovered: $0) }, stopReason: stop,
            clinicianRatedImprovement: improvement, currentEpisode: currentEpisode)
    }

    /// Assesses one record end to end with the bundled knowledge (scoring included).
    static func assess(_ record: PatientRecord, asOf: String = "2026-11-21", profile: String = "mgh-atrq") throws
        -> AssessmentReport
    {
        try Assessor(knowledge: knowledge()).assess(record, asOf: date(asOf), profile: profile)
    }

    /// Trial assessments only (no scoring of measurements beyond the given scored list).
    static func evaluate(
        _ trials: [TreatmentTrial], measurements: [ScoredMeasurement] = [], asOf: String = "2026-11-21",
        profile: String = "mgh-atrq", episode: Episode? = nil
    ) throws -> [TrialAssessment] {
        let record = PatientRecord(id: "p", episode: episode, trials: trials)
        return TrialEvaluation.evaluate(
            record, measurements: measurements, context: try context(asOf: asOf, profile: profile),
            knowledge: try knowledge())
    }

    static func score(_ instrument: String, _ date: String, _ total: Int) throws -> ScoredMeasurement {
        ScoredMeasurement(instrument: instrument, date: try self.date(date), total: total, band: nil, basis: "clinician-total")
    }
}
