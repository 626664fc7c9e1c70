// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import StepwiseCore

/// QA findings F1, F9 and F10: an adherence percent outside 0–100 never verifies adherence; a trial
/// without `currentEpisode` that ended before the episode onset belongs to an earlier episode; a
/// trial that starts after the as-of date is neither assessed nor counted. Each says so in an issue.
@Suite struct TrialTimingAndAdherenceTests {
    static func record(_ json: String) throws -> PatientRecord {
        try JSONDecoder().decode(PatientRecord.self, from: Data(json.utf8))
    }

    static func sertraline(adherence: Adherence?) throws -> TreatmentTrial {
        let start = try TrialTestKit.date("2026-01-01")
        return TreatmentTrial(
            id: "t1", kind: .medication, agent: "sertraline", start: start, end: start.adding(days: 120),
            doses: [DoseStep(from: start, mgPerDay: 100)], adherence: adherence, stopReason: .nonResponse)
    }

    // MARK: F1

    @Test func theQARecordWithAdherence150PercentIsNotVerified() throws {
        let record = try Self.record(
            """
            {"id": "s-items-only", "sex": "female", "birthDate": "1980-01-01",
             "episode": {"onset": "2026-01-01", "diagnosis": {"code": "F32.1", "system": "icd10"}},
             "trials": [{"agent": "sertraline", "start": "2026-01-01", "doses": [{"from": "2026-01-01", "mgPerDay": 50}],
                         "adherence": {"percentDaysCovered": 150}}],
             "measurements": [{"instrument": "phq9", "date": "2026-11-01", "items": {"9": 2}}]}
            """)
        let report = try TrialTestKit.assess(record)
        let adequacy = try #require(report.trials.first).adequacy
        #expect(!adequacy.adherenceVerified)
        #expect(adequacy.reasons.contains(AdequacyReason.adherenceNotVerified))
        #expect(!adequacy.explanation.contains("150"))
        #expect(adequacy.explanation.contains("adherence not verified (the recorded percent is outside 0–100)"))
        #expect(report.issues.contains { $0.path == "$.trials[0].adherence.percentDaysCovered" })
    }

    @Test(arguments: [
        (100.0, true), (0.0, true), (80.0, true), (100.000_001, false), (-0.000_001, false), (150.0, false),
        (-50.0, false), (Double.nan, false), (Double.infinity, false),
    ])
    func pharmacyPercentCountsOnlyWithinZeroToHundred(_ percent: Double, _ verified: Bool) throws {
        let trial = try Self.sertraline(adherence: Adherence(percentDaysCovered: percent))
        let adequacy = try #require(TrialTestKit.evaluate([trial]).first).adequacy
        #expect(adequacy.adherenceVerified == verified)
        #expect(adequacy.reasons.contains(AdequacyReason.adherenceNotVerified) == !verified)
    }

    @Test func anInRangeEstimateIsUsedWhenThePharmacyPercentIsOutOfRange() throws {
        let both = Adherence(percentDaysCovered: 150, clinicianEstimate: 60)
        #expect(both.percent == 60)
        #expect(Adherence(percentDaysCovered: 150, clinicianEstimate: 101).percent == nil)
        #expect(Adherence(percentDaysCovered: 90, clinicianEstimate: 150).percent == 90)
        #expect(Adherence(clinicianEstimate: -1).percent == nil)
        // 60 % is below the 80 % convention: non-adherent, judged from the estimate.
        let adequacy = try #require(TrialTestKit.evaluate([try Self.sertraline(adherence: both)]).first).adequacy
        #expect(adequacy.adherenceVerified)
        #expect(adequacy.reasons.contains(AdequacyReason.nonAdherence))
        #expect(adequacy.verdict == "inadequate")
    }

    // MARK: F9

    static let beforeOnset = """
        {"sex": "male", "episode": {"onset": "2026-01-01", "diagnosis": {"code": "F32.1", "system": "icd10"}},
         "measurements": [], "id": "before-onset",
         "trials": [{"id": "t1", "agent": "sertraline", "start": "2024-01-01", "end": "2024-04-01",
                     "doses": [{"from": "2024-01-01", "mgPerDay": 100}], "adherence": {"percentDaysCovered": 95},
                     "stopReason": "non-response", "clinicianRatedImprovement": 0},
                    {"id": "t2", "agent": "bupropion", "start": "2024-05-01", "end": "2024-08-01",
                     "doses": [{"from": "2024-05-01", "mgPerDay": 300}], "adherence": {"percentDaysCovered": 95},
                     "stopReason": "non-response", "clinicianRatedImprovement": 0}]}
        """

    @Test func trialsThatEndedBeforeTheOnsetAreAnEarlierEpisode() throws {
        let report = try TrialTestKit.assess(try Self.record(Self.beforeOnset))
        #expect(report.trials.count == 2)
        #expect(report.trials.allSatisfy { !$0.currentEpisode && $0.failedAdequate == false })
        #expect(report.trd.allSatisfy { !$0.met && $0.countedTrials.isEmpty })
        #expect(report.staging.thaseRush.stage == 0)
        let warnings = report.issues.filter { $0.severity == "warning" && $0.message.contains("before the episode onset") }
        #expect(warnings.map(\.path) == ["$.trials[0].end", "$.trials[1].end"])
        #expect(!report.plan.contains { $0.rationale.contains("2 adequate trials without response") })
    }

    @Test func anExplicitCurrentEpisodeWinsOverTheOnset() throws {
        var record = try Self.record(Self.beforeOnset)
        for index in record.trials.indices { record.trials[index].currentEpisode = true }
        let report = try TrialTestKit.assess(record)
        #expect(report.trials.allSatisfy { $0.currentEpisode })
        #expect(report.trd.contains { $0.met })
        #expect(!report.issues.contains { $0.message.contains("before the episode onset") })
    }

    @Test(arguments: [(-1, false), (0, true), (1, true)])
    func aTrialEndingOnTheOnsetDayBelongsToTheEpisode(_ endOffset: Int, _ current: Bool) throws {
        let onset = try TrialTestKit.date("2026-01-01")
        let start = onset.adding(days: -100)
        let trial = TreatmentTrial(
            id: "t1", kind: .medication, agent: "sertraline", start: start, end: onset.adding(days: endOffset),
            doses: [DoseStep(from: start, mgPerDay: 100)], adherence: Adherence(percentDaysCovered: 95),
            stopReason: .nonResponse)
        #expect(trial.isInCurrentEpisode(onset: onset) == current)
        #expect(trial.isInCurrentEpisode(onset: nil))
        let record = PatientRecord(id: "p", episode: Episode(onset: onset), trials: [trial])
        let report = try TrialTestKit.assess(record)
        #expect(report.trials.first?.currentEpisode == current)
        #expect(report.issues.contains { $0.path == "$.trials[0].end" && $0.severity == "warning" } == !current)
    }

    // MARK: F10

    @Test func aTrialAfterTheAsOfDateIsNotAssessedOrCounted() throws {
        let record = try Self.record(
            """
            {"sex": "male", "episode": {"onset": "2026-01-01", "diagnosis": {"code": "F32.1", "system": "icd10"}},
             "measurements": [], "id": "future-trial",
             "trials": [{"id": "t1", "agent": "sertraline", "start": "2027-01-01", "end": "2027-04-01",
                         "doses": [{"from": "2027-01-01", "mgPerDay": 100}], "adherence": {"percentDaysCovered": 95},
                         "stopReason": "non-response", "clinicianRatedImprovement": 0}]}
            """)
        let report = try TrialTestKit.assess(record)
        #expect(report.trials.isEmpty)
        #expect(report.trd.allSatisfy { !$0.met })
        #expect(report.staging.thaseRush.stage == 0)
        #expect(
            report.issues.contains {
                $0.path == "$.trials[0].start" && $0.severity == "warning" && $0.message.contains("after the as-of date")
            })
    }

    @Test(arguments: [(0, true), (1, false)])
    func aTrialStartingOnTheAsOfDateIsAssessed(_ startOffset: Int, _ assessed: Bool) throws {
        let asOf = try TrialTestKit.date("2026-11-21")
        let start = asOf.adding(days: startOffset)
        let early = try TrialTestKit.trial("t0", "bupropion", mg: 300, start: "2026-01-01", days: 90)
        let trial = TreatmentTrial(
            id: "t1", kind: .medication, agent: "sertraline", start: start,
            doses: [DoseStep(from: start, mgPerDay: 100)])
        let report = try TrialTestKit.assess(PatientRecord(id: "p", trials: [trial, early]))
        #expect(report.trials.map(\.id) == (assessed ? ["t0", "t1"] : ["t0"]))
        #expect(report.issues.contains { $0.path == "$.trials[0].start" } == !assessed)
    }

    @Test func theExampleAsOfItsOnsetCountsNoLaterTrial() throws {
        // Example 03 as of its episode onset (2025-03-01): sertraline and bupropion start later.
        let onset = try TrialTestKit.date("2025-03-01")
        let sertraline = try TrialTestKit.trial("t1", "sertraline", mg: 100, start: "2025-04-07", days: 70)
        let bupropion = try TrialTestKit.trial("t2", "bupropion", mg: 300, start: "2025-07-21", days: 70)
        let record = PatientRecord(id: "p", episode: Episode(onset: onset), trials: [sertraline, bupropion])
        let report = try TrialTestKit.assess(record, asOf: "2025-03-01")
        #expect(report.trials.isEmpty)
        #expect(report.trd.allSatisfy { !$0.met })
        #expect(report.issues.filter { $0.message.contains("after the as-of date") }.count == 2)
        // The same record a year later counts both.
        let later = try TrialTestKit.assess(record, asOf: "2026-03-01")
        #expect(later.trials.count == 2)
        #expect(later.trd.contains { $0.met })
    }
}
