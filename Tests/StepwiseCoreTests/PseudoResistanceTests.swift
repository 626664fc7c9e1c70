// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

@Suite struct PseudoResistanceTests {
    typealias F = SafetyPlanFixtures

    /// Inputs for one checklist state.
    struct Setup: Sendable {
        var record = PatientRecord(id: "p")
        var trials: [TrialAssessment] = []
        var measurements: [ScoredMeasurement] = []
    }

    /// A check id and a record for each of its three states.
    struct Case: Sendable, CustomTestStringConvertible {
        var id: String
        var present: Setup
        var absent: Setup
        var notAssessed: Setup
        var testDescription: String { id }
    }

    static func conditions(_ items: Condition...) -> Setup { Setup(record: PatientRecord(id: "p", conditions: items)) }
    static func labs(_ items: LabResult...) -> Setup { Setup(record: PatientRecord(id: "p", labs: items)) }
    static func screens(_ items: ScoredMeasurement...) -> Setup { Setup(measurements: items) }
    static func trials(_ items: TrialAssessment...) -> Setup { Setup(trials: items) }
    static func finding(_ check: String, _ status: ClinicalFinding.FindingStatus) -> Setup {
        Setup(record: PatientRecord(id: "p", findings: [ClinicalFinding(check: check, status: status, date: F.day("2026-10-01"))]))
    }

    static let cases: [Case] = [
        Case(
            id: "inadequate-dose",
            present: trials(F.trial("t1", agent: "sertraline", start: "2026-01-01", verdict: "inadequate", reasons: ["inadequate-dose"], minimumDose: 50)),
            absent: trials(F.trial("t1", agent: "sertraline", start: "2026-01-01")),
            notAssessed: trials(F.trial("t1", agent: "sertraline", start: "2026-01-01", verdict: "unknown", reasons: ["dose-unknown"]))),
        Case(
            id: "inadequate-duration",
            present: trials(F.trial("t1", agent: "sertraline", start: "2026-01-01", verdict: "inadequate", reasons: ["inadequate-duration"], weeks: 3)),
            absent: trials(F.trial("t1", agent: "sertraline", start: "2026-01-01")),
            notAssessed: Setup()),
        Case(
            id: "non-adherence",
            present: trials(F.trial("t1", agent: "sertraline", start: "2026-01-01", verdict: "inadequate", reasons: ["non-adherence"])),
            absent: trials(F.trial("t1", agent: "sertraline", start: "2026-01-01")),
            notAssessed: trials(F.trial("t1", agent: "sertraline", start: "2026-01-01", reasons: ["adherence-not-verified"], adherenceVerified: false))),
        Case(
            id: "bipolar-spectrum",
            present: conditions(Condition(code: "F31.81", system: .icd10)),
            absent: screens(F.scored("mdq", "2026-06-01", total: 3, flags: ["screen-negative"])),
            notAssessed: Setup()),
        Case(
            id: "adhd", present: screens(F.scored("asrs-screener", "2026-06-01", total: 5, flags: ["screen-positive"])),
            absent: conditions(Condition(category: "adhd", status: .ruledOut, date: F.day("2026-05-01"))), notAssessed: Setup()),
        Case(
            id: "ptsd", present: screens(F.scored("pcl5", "2026-06-01", total: 45, flags: ["ptsd-provisional"])),
            absent: screens(F.scored("pcl5", "2026-06-01", total: 10)), notAssessed: Setup()),
        Case(
            id: "thyroid", present: labs(LabResult(test: "3016-3", value: 8.2, unit: "mIU/L", date: F.day("2026-09-01"))),
            absent: labs(LabResult(test: "tsh", value: 2.1, unit: "mIU/L", date: F.day("2026-09-01"))), notAssessed: Setup()),
        Case(
            id: "sleep-apnea", present: conditions(Condition(code: "G47.33", system: .icd10)),
            absent: finding("sleep-apnea", .absent), notAssessed: Setup()),
        Case(
            id: "vitamin-d", present: labs(LabResult(test: "62292-8", value: 30, unit: "nmol/L", date: F.day("2026-09-01"))),
            absent: labs(LabResult(test: "62292-8", value: 32, unit: "ng/mL", date: F.day("2026-09-01"))), notAssessed: Setup()),
        Case(
            id: "substance-use", present: conditions(Condition(code: "F10.20", system: .icd10)),
            absent: screens(F.scored("audit-c", "2026-06-01", total: 1, flags: ["screen-negative"])), notAssessed: Setup()),
        Case(
            id: "anxiety", present: screens(F.scored("gad7", "2026-06-01", total: 10)),
            absent: screens(F.scored("gad7", "2026-06-01", total: 9)), notAssessed: Setup()),
        Case(
            id: "personality-disorder", present: conditions(Condition(code: "F60.3", system: .icd10)),
            absent: finding("personality-disorder", .absent), notAssessed: Setup()),
        Case(
            id: "psychotic-features",
            present: Setup(record: PatientRecord(id: "p", episode: Episode(diagnosis: Diagnosis(code: "F33.3", system: .icd10)))),
            absent: Setup(record: PatientRecord(id: "p", episode: Episode(diagnosis: Diagnosis(code: "F33.2", psychoticFeatures: false)))),
            notAssessed: Setup()),
        Case(
            id: "psychotherapy-not-tried", present: Setup(),
            absent: trials(F.trial("c1", agent: "cbt", kind: "psychotherapy", role: "psychotherapy", start: "2026-01-01")),
            notAssessed: finding("unrelated", .present)),
    ]

    static func status(_ id: String, _ setup: Setup) -> ChecklistItem? {
        let context = F.context()
        let items = PseudoResistanceChecklist.evaluate(
            setup.record, measurements: setup.measurements, trials: setup.trials, context: context, knowledge: F.knowledge)
        return items.first { $0.id == id }
    }

    @Test(arguments: cases)
    func eachCheckReportsPresentAbsentAndNotAssessed(_ testCase: Case) throws {
        let present = try #require(Self.status(testCase.id, testCase.present))
        #expect(present.status == "present")
        #expect(present.suggestion != nil)
        let absent = try #require(Self.status(testCase.id, testCase.absent))
        #expect(absent.status == "absent")
        #expect(!absent.evidence.isEmpty)
        if testCase.id == "psychotherapy-not-tried" {
            // With nothing recorded, "not tried" is what the record says: it is present, not silently absent.
            #expect(Self.status(testCase.id, testCase.notAssessed)?.status == "present")
            return
        }
        let gap = try #require(Self.status(testCase.id, testCase.notAssessed))
        #expect(gap.status == "not-assessed")
        #expect(gap.suggestion?.isEmpty == false)
    }

    @Test func everyStableIdIsReportedInOrder() {
        let items = PseudoResistanceChecklist.evaluate(
            PatientRecord(id: "p"), measurements: [], trials: [], context: F.context(), knowledge: F.knowledge)
        #expect(
            items.map(\.id) == [
                "inadequate-dose", "inadequate-duration", "non-adherence", "bipolar-spectrum", "adhd", "ptsd", "thyroid",
                "sleep-apnea", "vitamin-d", "substance-use", "anxiety", "personality-disorder", "psychotic-features",
                "psychotherapy-not-tried",
            ])
        #expect(items.allSatisfy { ["present", "absent", "not-assessed"].contains($0.status) })
    }

    @Test func aNormalTSHOlderThanTwelveMonthsIsAGapNotAnAbsence() throws {
        let exactlyAYear = Self.labs(LabResult(test: "tsh", value: 2, unit: "mIU/L", date: F.day("2025-11-21")))
        #expect(Self.status("thyroid", exactlyAYear)?.status == "absent")
        let older = Self.labs(LabResult(test: "tsh", value: 2, unit: "mIU/L", date: F.day("2025-11-20")))
        let item = try #require(Self.status("thyroid", older))
        #expect(item.status == "not-assessed")
        #expect(item.evidence.contains { $0.contains("older than 12 months") })
    }

    @Test func anAbnormalTSHCountsWhateverItsAgeUntilALaterNormalOne() {
        let old = LabResult(test: "tsh", value: 9, unit: "mIU/L", date: F.day("2023-01-01"))
        #expect(Self.status("thyroid", Self.labs(old))?.status == "present")
        let later = LabResult(test: "tsh", value: 2, unit: "mIU/L", date: F.day("2026-06-01"))
        #expect(Self.status("thyroid", Self.labs(old, later))?.status == "absent")
    }

    @Test func aPositiveScreenAfterARuledOutDiagnosisMakesTheCheckPresentAgain() {
        var setup = Self.conditions(Condition(category: "bipolar", status: .ruledOut, date: F.day("2025-01-01")))
        setup.measurements = [F.scored("mdq", "2026-03-01", total: 9, flags: ["screen-positive"])]
        #expect(Self.status("bipolar-spectrum", setup)?.status == "present")
        var earlier = Self.conditions(Condition(category: "bipolar", status: .ruledOut, date: F.day("2026-04-01")))
        earlier.measurements = setup.measurements
        #expect(Self.status("bipolar-spectrum", earlier)?.status == "absent")
    }

    @Test func aVitaminDResultWithoutAUnitIsNotInterpreted() throws {
        let item = try #require(Self.status("vitamin-d", Self.labs(LabResult(test: "62292-8", value: 15, date: F.day("2026-09-01")))))
        #expect(item.status == "not-assessed")
        #expect(item.evidence.contains { $0.contains("unit") })
    }

    @Test func earlierEpisodeTrialsDoNotCount() {
        let old = F.trial("t0", agent: "sertraline", start: "2020-01-01", verdict: "inadequate", reasons: ["inadequate-dose"], currentEpisode: false)
        #expect(Self.status("inadequate-dose", Self.trials(old))?.status == "not-assessed")
    }

    @Test func anOngoingShortTrialShowsItsWeeksSoFar() throws {
        let ongoing = F.trial("t1", agent: "escitalopram", start: "2026-10-20", verdict: "inadequate", reasons: ["inadequate-duration"], weeks: 4.6)
        let item = try #require(Self.status("inadequate-duration", Self.trials(ongoing)))
        #expect(item.status == "present")
        #expect(item.evidence.joined().contains("ongoing, 4.6 weeks"))
    }
}
