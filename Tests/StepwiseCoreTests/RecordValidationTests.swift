// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

@Suite struct RecordValidationTests {
    func date(_ text: String) -> LocalDate { LocalDate(text) ?? LocalDate(dayNumber: 0) }

    @Test func aTrialEndingBeforeItStartsIsReportedWithItsPath() {
        let record = PatientRecord(
            id: "p1",
            trials: [TreatmentTrial(kind: .medication, agent: "sertraline", start: date("2026-03-01"), end: date("2026-02-01"))]
        )
        let issues = RecordValidation.issues(in: record)
        #expect(issues.map(\.path) == ["$.trials[0].end"])
        #expect(issues.first?.message.contains("before start") == true)
    }

    @Test func doseStepsOutsideTheTrialOrOutOfOrderAreReported() {
        let trial = TreatmentTrial(
            kind: .medication, agent: "sertraline", start: date("2026-03-01"), end: date("2026-05-01"),
            doses: [
                DoseStep(from: date("2026-03-10"), mgPerDay: 100), DoseStep(from: date("2026-03-05"), mgPerDay: 50),
                DoseStep(from: date("2026-06-01"), mgPerDay: -5),
            ])
        let paths = RecordValidation.issues(in: PatientRecord(id: "p", trials: [trial])).map(\.path)
        #expect(paths.contains("$.trials[0].doses[1].from"))
        #expect(paths.contains("$.trials[0].doses[2].from"))
        #expect(paths.contains("$.trials[0].doses[2].mgPerDay"))
    }

    @Test func adherenceOutsideZeroToHundredIsReported() {
        let trial = TreatmentTrial(
            kind: .medication, agent: "sertraline", start: date("2026-03-01"),
            adherence: Adherence(percentDaysCovered: 120))
        let issues = RecordValidation.issues(in: PatientRecord(id: "p", trials: [trial]))
        #expect(issues.map(\.path) == ["$.trials[0].adherence.percentDaysCovered"])
    }

    @Test func aCleanRecordHasNoIssues() {
        let trial = TreatmentTrial(
            id: "t1", kind: .medication, agent: "sertraline", start: date("2026-03-01"), end: date("2026-05-01"),
            doses: [DoseStep(from: date("2026-03-01"), mgPerDay: 50)], adherence: Adherence(percentDaysCovered: 80))
        #expect(RecordValidation.issues(in: PatientRecord(id: "p", trials: [trial])).isEmpty)
    }

    @Test func anImplausibleDoseIsReportedAndNeverCountsAsAdequate() throws {
        let trial = TreatmentTrial(
            id: "t1", kind: .medication, agent: "sertraline", start: date("2026-01-01"), end: date("2026-04-01"),
            doses: [DoseStep(from: date("2026-01-01"), mgPerDay: 1e200)])
        let record = PatientRecord(id: "p", trials: [trial])
        let issues = RecordValidation.issues(in: record)
        #expect(issues.map(\.path) == ["$.trials[0].doses[0].mgPerDay"])
        #expect(issues.first?.message.contains("check the unit") == true)
        let report = try Assessor(knowledge: try KnowledgeBase.bundled()).assess(record, asOf: date("2026-11-21"))
        let assessed = try #require(report.trials.first)
        #expect(assessed.adequacy.verdict == "unknown")
        #expect(assessed.adequacy.reasons.contains("dose-unknown"))
    }

    @Test func exactlyTheMaximumPlausibleDoseIsAccepted() {
        #expect(DoseStep.isPlausible(DoseStep.plausibleMaximumMgPerDay))
        #expect(!DoseStep.isPlausible(DoseStep.plausibleMaximumMgPerDay + 1))
        #expect(!DoseStep.isPlausible(-1))
        #expect(!DoseStep.isPlausible(.nan))
    }
}
