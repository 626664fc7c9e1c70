// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// ``TrialChange``: dose changes and ends, as the web app and the API apply them.
@Suite struct TrialChangeTests {
    static func day(_ text: String) -> LocalDate { LocalDate(text)! }

    static let record = PatientRecord(
        id: "p",
        trials: [
            TreatmentTrial(kind: .medication, agent: "venlafaxine", start: day("2026-06-01"), doses: [DoseStep(from: day("2026-06-01"), mgPerDay: 75)]),
            TreatmentTrial(
                id: "s", kind: .medication, agent: "sertraline", start: day("2026-01-20"), end: day("2026-05-01"),
                doses: [DoseStep(from: day("2026-01-20"), mgPerDay: 100), DoseStep(from: day("2026-02-05"), mgPerDay: 150)]),
            TreatmentTrial(kind: .psychotherapy, agent: "cbt", start: day("2026-03-01")),
        ])

    @Test func trialsAreFoundByTheIdsAssessmentsGiveThem() {
        let record = Self.record
        // Start order: sertraline (own id "s"), cbt (trial-2), venlafaxine (trial-3).
        #expect(record.trialIndex(reportID: "s") == 1)
        #expect(record.trialIndex(reportID: "trial-2") == 2)
        #expect(record.trialIndex(reportID: "trial-3") == 0)
        #expect(record.trialIndex(reportID: "trial-1") == nil)  // that place belongs to "s"
        #expect(record.trialIndex(reportID: "trial-4") == nil)
        #expect(record.trialIndex(reportID: "trial-0") == nil)
        #expect(record.trialIndex(reportID: "trial-x") == nil)
        #expect(record.trialIndex(reportID: "") == nil)
    }

    @Test func theGeneratedIdsMatchTheAssessment() throws {
        let knowledge = try KnowledgeBase.bundled()
        let report = Assessor(knowledge: knowledge).assess(Self.record, context: AssessmentContext(asOf: Self.day("2026-11-21"), profile: knowledge.profiles.defaultValue!))
        for trial in report.trials {
            let index = try #require(Self.record.trialIndex(reportID: trial.id))
            #expect(Self.record.trials[index].agent == trial.agent)
        }
    }

    @Test func aDoseStepIsInsertedInOrderAndTheSameDateReplaces() throws {
        var record = Self.record
        try TrialChange.dose(DoseStep(from: Self.day("2026-08-01"), mgPerDay: 225)).apply(to: &record, trial: 0)
        try TrialChange.dose(DoseStep(from: Self.day("2026-07-01"), mgPerDay: 150)).apply(to: &record, trial: 0)
        try TrialChange.dose(DoseStep(from: Self.day("2026-08-01"), mgPerDay: nil)).apply(to: &record, trial: 0)
        #expect(record.trials[0].doses.map(\.mgPerDay) == [75, 150, nil])
        // On the start day and on the end day are both inside the treatment.
        try TrialChange.dose(DoseStep(from: Self.day("2026-01-20"), mgPerDay: 50)).apply(to: &record, trial: 1)
        try TrialChange.dose(DoseStep(from: Self.day("2026-05-01"), mgPerDay: 200)).apply(to: &record, trial: 1)
        #expect(record.trials[1].doses.map(\.mgPerDay) == [50, 150, 200])
    }

    @Test func endingSetsTheDateAndReasonAndACorrectionReplacesThem() throws {
        var record = Self.record
        try TrialChange.end(Self.day("2026-09-30"), reason: .sideEffects).apply(to: &record, trial: 0)
        #expect(record.trials[0].end == Self.day("2026-09-30"))
        #expect(record.trials[0].stopReason == .sideEffects)
        try TrialChange.end(Self.day("2026-10-02"), reason: nil).apply(to: &record, trial: 0)
        #expect(record.trials[0].end == Self.day("2026-10-02"))
        #expect(record.trials[0].stopReason == nil)
        // Ending on the day of the last dose change is allowed.
        try TrialChange.end(Self.day("2026-02-05"), reason: .nonResponse).apply(to: &record, trial: 1)
        #expect(record.trials[1].end == Self.day("2026-02-05"))
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        var change: TrialChange
        var trial: Int
        var code: StepwiseError.Code
        var location: String?
        var testDescription: String { "\(change) on trial \(trial)" }
    }

    @Test(arguments: [
        BadCase(change: .dose(DoseStep(from: day("2026-05-31"), mgPerDay: 75)), trial: 0, code: .invalidInput, location: "from"),
        BadCase(change: .dose(DoseStep(from: day("2026-05-02"), mgPerDay: 75)), trial: 1, code: .invalidInput, location: "from"),
        BadCase(change: .dose(DoseStep(from: day("2026-07-01"), mgPerDay: 0)), trial: 0, code: .invalidInput, location: "mgPerDay"),
        BadCase(change: .dose(DoseStep(from: day("2026-07-01"), mgPerDay: -5)), trial: 0, code: .invalidInput, location: "mgPerDay"),
        BadCase(change: .dose(DoseStep(from: day("2026-07-01"), mgPerDay: 10_001)), trial: 0, code: .invalidInput, location: "mgPerDay"),
        BadCase(change: .dose(DoseStep(from: day("2026-07-01"), mgPerDay: .nan)), trial: 0, code: .invalidInput, location: "mgPerDay"),
        BadCase(change: .dose(DoseStep(from: day("2026-07-01"), mgPerDay: 10)), trial: 2, code: .invalidInput, location: "from"),
        BadCase(change: .end(day("2026-05-31"), reason: nil), trial: 0, code: .invalidInput, location: "date"),
        BadCase(change: .end(day("2026-02-04"), reason: nil), trial: 1, code: .invalidInput, location: "date"),
        BadCase(change: .end(day("2026-07-01"), reason: nil), trial: 3, code: .notFound, location: nil),
        BadCase(change: .end(day("2026-07-01"), reason: nil), trial: -1, code: .notFound, location: nil),
    ])
    func badChangesAreClearErrorsAndLeaveTheRecordAlone(_ bad: BadCase) {
        var record = Self.record
        let error = #expect(throws: StepwiseError.self) { try bad.change.apply(to: &record, trial: bad.trial) }
        #expect(error?.code == bad.code)
        #expect(error?.location == bad.location)
        #expect(record == Self.record)
    }
}
