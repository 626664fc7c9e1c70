// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

@Suite struct AdequacyTests {
    typealias Kit = TrialTestKit

    func adequacy(_ trial: TreatmentTrial, asOf: String = "2026-11-21", profile: String = "mgh-atrq") throws -> Adequacy {
        try #require(try Kit.evaluate([trial], asOf: asOf, profile: profile).first).adequacy
    }

    @Test func exactlySixWeeksAtTheMinimumDoseIsAdequate() throws {
        let result = try adequacy(try Kit.trial("t", "sertraline", mg: 50, days: 42))
        #expect(result.verdict == "adequate")
        #expect(result.reasons.isEmpty)
        #expect(result.weeksAtAdequateDose == 6)
        #expect(result.minimumDose == 50)
        #expect(result.requiredWeeks == 6)
        #expect(result.rule == "adequacy-medication")
    }

    @Test func sixWeeksMinusOneDayIsInadequateDuration() throws {
        let result = try adequacy(try Kit.trial("t", "sertraline", mg: 50, days: 41))
        #expect(result.verdict == "inadequate")
        #expect(result.reasons == ["inadequate-duration"])
    }

    @Test func aDoseJustBelowTheMinimumIsInadequateDose() throws {
        let result = try adequacy(try Kit.trial("t", "sertraline", mg: 49.9, days: 90))
        #expect(result.verdict == "inadequate")
        #expect(result.reasons == ["inadequate-dose"])
        #expect(result.weeksAtAdequateDose == 0)
    }

    @Test func onlyTimeAtOrAboveTheMinimumCounts() throws {
        // 4 weeks at 25 mg then 5 weeks at 50 mg: 63 days in all, 35 days at dose.
        let start = try Kit.date("2026-01-01")
        let trial = TreatmentTrial(
            id: "t", kind: .medication, agent: "sertraline", start: start, end: start.adding(days: 63),
            doses: [DoseStep(from: start, mgPerDay: 25), DoseStep(from: start.adding(days: 28), mgPerDay: 50)],
            adherence: Adherence(percentDaysCovered: 95), stopReason: .nonResponse)
        let result = try adequacy(trial)
        #expect(result.verdict == "inadequate")
        #expect(result.reasons == ["inadequate-dose"])
        #expect(result.weeksAtAdequateDose == 5)
        // One more week at 50 mg makes it adequate.
        var longer = trial
        longer.end = start.adding(days: 70)
        #expect(try adequacy(longer).verdict == "adequate")
    }

    @Test func shortAndLowIsBothDoseAndDuration() throws {
        let result = try adequacy(try Kit.trial("t", "sertraline", mg: 25, days: 20))
        #expect(result.reasons == ["inadequate-dose", "inadequate-duration"])
    }

    @Test func exactlyEightyPercentAdherenceIsAdherent() throws {
        let result = try adequacy(try Kit.trial("t", "sertraline", mg: 100, days: 60, adherence: 80))
        #expect(result.verdict == "adequate")
        #expect(result.adherenceVerified)
        #expect(result.reasons.isEmpty)
    }

    @Test func adherenceJustBelowEightyIsNonAdherence() throws {
        let result = try adequacy(try Kit.trial("t", "sertraline", mg: 100, days: 60, adherence: 79.9))
        #expect(result.verdict == "inadequate")
        #expect(result.reasons == ["non-adherence"])
    }

    @Test func clinicianEstimateCountsWhenNoPharmacyData() throws {
        var trial = try Kit.trial("t", "sertraline", mg: 100, days: 60, adherence: nil)
        trial.adherence = Adherence(clinicianEstimate: 50, source: "patient-report")
        #expect(try adequacy(trial).reasons == ["non-adherence"])
    }

    @Test func missingAdherenceIsJudgedOnDoseAndDurationAndFlagged() throws {
        let result = try adequacy(try Kit.trial("t", "sertraline", mg: 100, days: 60, adherence: nil))
        #expect(result.verdict == "adequate")
        #expect(result.reasons == ["adherence-not-verified"])
        #expect(!result.adherenceVerified)
    }

    @Test func anEmptyDoseTimelineIsUnknownNotGuessed() throws {
        var trial = try Kit.trial("t", "sertraline", mg: 100, days: 60)
        trial.doses = []
        let result = try adequacy(trial)
        #expect(result.verdict == "unknown")
        #expect(result.reasons == ["dose-unknown"])
    }

    @Test func aNilDoseStepIsUnknownWhenItCouldDecide() throws {
        let result = try adequacy(try Kit.trial("t", "sertraline", mg: nil, days: 60))
        #expect(result.verdict == "unknown")
        #expect(result.reasons == ["dose-unknown"])
    }

    @Test func unknownDoseThatCannotDecideDoesNotBlockAVerdict() throws {
        // 30 days of unknown dose in a 30-day trial can never reach 42 days: inadequate duration.
        let result = try adequacy(try Kit.trial("t", "sertraline", mg: nil, days: 30))
        #expect(result.verdict == "inadequate")
        #expect(result.reasons == ["inadequate-duration"])
    }

    @Test func anAgentOutsideTheCatalogueIsUnknown() throws {
        let result = try adequacy(try Kit.trial("t", "zuranolone-x", mg: 50, days: 60))
        #expect(result.verdict == "unknown")
        #expect(result.reasons == ["agent-unknown"])
    }

    @Test func anAgentWithoutACataloguedMinimumIsUnknown() throws {
        let result = try adequacy(try Kit.trial("t", "dextromethorphan-bupropion", mg: 90, days: 60))
        #expect(result.verdict == "unknown")
        #expect(result.reasons == ["dose-unknown"])
    }

    @Test func stoppedForSideEffectsBeforeAdequacy() throws {
        let result = try adequacy(try Kit.trial("t", "sertraline", mg: 100, days: 14, stop: .sideEffects))
        #expect(result.verdict == "inadequate")
        #expect(result.reasons == ["inadequate-duration", "stopped-for-intolerance"])
    }

    @Test func stoppedForSideEffectsAfterAdequacyStaysAdequate() throws {
        let result = try adequacy(try Kit.trial("t", "sertraline", mg: 100, days: 50, stop: .sideEffects))
        #expect(result.verdict == "adequate")
    }

    @Test func anOngoingTrialNotYetAdequateIsInadequateAndOngoing() throws {
        let start = try Kit.date("2026-11-01")
        let trial = TreatmentTrial(
            id: "t", kind: .medication, agent: "escitalopram", start: start,
            doses: [DoseStep(from: start, mgPerDay: 10)], adherence: Adherence(percentDaysCovered: 100))
        let result = try adequacy(trial, asOf: "2026-11-21")
        #expect(result.verdict == "inadequate")
        #expect(result.reasons == ["ongoing"])
        // The as-of date closes the last step: 42 days later it is adequate.
        let later = try adequacy(trial, asOf: "2026-12-13")
        #expect(later.verdict == "adequate")
        #expect(later.reasons == ["ongoing"])
    }

    @Test func anOngoingTrialBelowTheMinimumSaysSo() throws {
        let start = try Kit.date("2026-11-01")
        let trial = TreatmentTrial(
            id: "t", kind: .medication, agent: "escitalopram", start: start,
            doses: [DoseStep(from: start, mgPerDay: 5)], adherence: Adherence(percentDaysCovered: 100))
        #expect(try adequacy(trial).reasons == ["ongoing", "inadequate-dose"])
    }

    @Test func impossibleDatesAreDurationUnknown() throws {
        var trial = try Kit.trial("t", "sertraline", mg: 100, days: 60)
        trial.end = trial.start.adding(days: -3)
        let result = try adequacy(trial)
        #expect(result.verdict == "unknown")
        #expect(result.reasons == ["duration-unknown"])
    }

    @Test func theEUPEARLProfileNeedsFourWeeks() throws {
        let trial = try Kit.trial("t", "sertraline", mg: 50, days: 28)
        #expect(try adequacy(trial, profile: "eu-pearl-2022").verdict == "adequate")
        #expect(try adequacy(trial, profile: "mgh-atrq").verdict == "inadequate")
        let shorter = try Kit.trial("t", "sertraline", mg: 50, days: 27)
        #expect(try adequacy(shorter, profile: "eu-pearl-2022").verdict == "inadequate")
    }

    @Test func augmentationNeedsFourWeeksAtTheTable72LowerBound() throws {
        let four = try Kit.trial("a", "aripiprazole", mg: 2, days: 28, role: .augmentation)
        let result = try adequacy(four)
        #expect(result.verdict == "adequate")
        #expect(result.requiredWeeks == 4)
        #expect(result.rule == "adequacy-augmentation")
        #expect(try adequacy(try Kit.trial("a", "aripiprazole", mg: 2, days: 27, role: .augmentation)).verdict == "inadequate")
        #expect(try adequacy(try Kit.trial("a", "aripiprazole", mg: 1.5, days: 60, role: .augmentation)).reasons == ["inadequate-dose"])
    }

    @Test func liothyronineDosesInMilligramsAreCompared() throws {
        #expect(try adequacy(try Kit.trial("a", "t3", mg: 0.025, days: 30, role: .augmentation)).verdict == "adequate")
        #expect(try adequacy(try Kit.trial("a", "t3", mg: 0.0125, days: 30, role: .augmentation)).verdict == "inadequate")
    }

    @Test func dosesStartingAfterTheTrialStartLeaveUnknownDays() throws {
        let start = try Kit.date("2026-01-01")
        let trial = TreatmentTrial(
            id: "t", kind: .medication, agent: "sertraline", start: start, end: start.adding(days: 50),
            doses: [DoseStep(from: start.adding(days: 10), mgPerDay: 100)], adherence: Adherence(percentDaysCovered: 90))
        // 40 days known at dose + 10 unknown could reach 42: unknown.
        let result = try adequacy(trial)
        #expect(result.verdict == "unknown")
        #expect(result.reasons == ["dose-unknown"])
    }

    @Test func unsortedDoseStepsAreWalkedInDateOrder() throws {
        let start = try Kit.date("2026-01-01")
        let trial = TreatmentTrial(
            id: "t", kind: .medication, agent: "sertraline", start: start, end: start.adding(days: 70),
            doses: [DoseStep(from: start.adding(days: 28), mgPerDay: 100), DoseStep(from: start, mgPerDay: 25)],
            adherence: Adherence(percentDaysCovered: 90))
        let result = try adequacy(trial)
        #expect(result.weeksAtAdequateDose == 6)
        #expect(result.verdict == "adequate")
    }

    @Test(arguments: [(8, "adequate", [String]()), (7, "inadequate", ["too-few-sessions"])])
    func psychotherapyNeedsEightSessions(sessions: Int, verdict: String, reasons: [String]) throws {
        let start = try Kit.date("2026-01-01")
        let trial = TreatmentTrial(
            id: "p", kind: .psychotherapy, agent: "cbt", start: start, end: start.adding(days: 70), sessions: sessions)
        let result = try adequacy(trial)
        #expect(result.verdict == verdict)
        #expect(result.reasons == reasons)
        #expect(result.rule == "adequacy-psychotherapy")
    }

    @Test func ectAndRTMSUseTheirOwnThresholds() throws {
        let start = try Kit.date("2026-01-01")
        func course(_ agent: String, _ sessions: Int?) -> TreatmentTrial {
            TreatmentTrial(
                id: agent, kind: .neuromodulation, agent: agent, start: start, end: start.adding(days: 30),
                sessions: sessions)
        }
        #expect(try adequacy(course("ect", 6)).verdict == "adequate")
        #expect(try adequacy(course("ect", 5)).reasons == ["too-few-sessions"])
        #expect(try adequacy(course("rtms", 20)).verdict == "adequate")
        #expect(try adequacy(course("rtms", 19)).verdict == "inadequate")
        #expect(try adequacy(course("ect", nil)).reasons == ["sessions-unknown"])
        #expect(try adequacy(course("vns", 10)).verdict == "unknown")
    }

    @Test func theReportUsesTheCatalogueNameAndCode() throws {
        let trials = try Kit.evaluate([try Kit.trial("t", "Zoloft", mg: 100, days: 60)])
        let trial = try #require(trials.first)
        #expect(trial.agent == "sertraline")
        #expect(trial.rxnorm == "36437")
        #expect(trial.drugClass == "ssri")
    }

    @Test func trialsAreReturnedInStartOrderWithGeneratedIds() throws {
        var late = try Kit.trial("x", "sertraline", mg: 100, start: "2026-05-01", days: 60)
        late.id = nil
        var early = try Kit.trial("y", "citalopram", mg: 20, start: "2026-01-01", days: 60)
        early.id = nil
        let trials = try Kit.evaluate([late, early])
        #expect(trials.map(\.agent) == ["citalopram", "sertraline"])
        #expect(trials.map(\.id) == ["trial-1", "trial-2"])
    }
}
