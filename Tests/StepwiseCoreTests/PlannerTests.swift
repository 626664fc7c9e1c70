// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

@Suite struct PlannerTests {
    typealias F = SafetyPlanFixtures

    /// Two adequate failed trials (sertraline then venlafaxine, ongoing), adherence verified.
    static let twoFailures = [
        F.trial("t1", agent: "sertraline", start: "2026-01-05", end: "2026-04-01"),
        F.trial("t2", agent: "venlafaxine", start: "2026-04-15"),
    ]
    static let twoFailureRecord = PatientRecord(
        id: "p",
        trials: [
            F.recordTrial("t1", agent: "sertraline", start: "2026-01-05", end: "2026-04-01", mg: 150),
            F.recordTrial("t2", agent: "venlafaxine", start: "2026-04-15", mg: 225),
        ])
    static let depressed = [F.scored("phq9", "2026-04-15", total: 19), F.scored("phq9", "2026-11-10", total: 17)]

    static func index(_ plan: [PlanOption], _ id: String) -> Int? { plan.firstIndex { $0.id == id } }

    @Test func pseudoResistanceByDoseRanksOptimisingTheDoseFirst() throws {
        let trials = [
            F.trial("t1", agent: "sertraline", start: "2026-08-01", verdict: "inadequate", reasons: ["inadequate-dose"], outcome: "non-response", minimumDose: 50)
        ]
        let record = PatientRecord(id: "p", trials: [F.recordTrial("t1", agent: "sertraline", start: "2026-08-01", mg: 25)])
        let plan = F.report(record, trials: trials, measurements: Self.depressed).plan
        #expect(plan.first?.id == "optimise-dose")
        #expect(plan.first?.rationale.contains("minimum adequate dose of 50 mg/day") == true)
        // The plan is off target, but an inadequate dose explains it: no switch or add-on is proposed yet.
        #expect(!plan.contains { $0.category == "switch" || $0.category == "augment" })
        #expect(plan.contains { $0.id == "psychiatric-consultation" })
    }

    @Test func twoAdequateFailuresPutAugmentationAndRTMSBeforeSwitching() throws {
        let plan = F.report(Self.twoFailureRecord, trials: Self.twoFailures, measurements: Self.depressed).plan
        let aripiprazole = try #require(Self.index(plan, "augment-aripiprazole"))
        let rtms = try #require(Self.index(plan, "refer-rtms"))
        let switching = try #require(Self.index(plan, "switch-between-class"))
        let ect = try #require(Self.index(plan, "refer-ect"))
        #expect(aripiprazole < switching)
        #expect(rtms < switching)
        #expect(rtms < ect)
        #expect(plan.contains { $0.id == "refer-esketamine" })
        // Unassessed contributors are fixed first.
        #expect(try #require(Self.index(plan, "assess-pseudo-resistance-gaps")) < aripiprazole)
        let option = plan[aripiprazole]
        #expect(option.evidence.line == "first")
        #expect(option.evidence.level == "1")
        #expect(option.rationale.contains("2 adequate trials without response"))
    }

    @Test func oneNonResponseSwitchesBeforeAugmentingButPartialResponseAugmentsFirst() throws {
        let nonResponse = [F.trial("t1", agent: "sertraline", start: "2026-05-01")]
        let record = PatientRecord(id: "p", trials: [F.recordTrial("t1", agent: "sertraline", start: "2026-05-01", mg: 150)])
        let plan = F.report(record, trials: nonResponse, measurements: Self.depressed).plan
        #expect(try #require(Self.index(plan, "switch-between-class")) < (try #require(Self.index(plan, "augment-aripiprazole"))))
        let partial = [F.trial("t1", agent: "sertraline", start: "2026-05-01", outcome: "partial-response")]
        let partialPlan = F.report(record, trials: partial, measurements: Self.depressed).plan
        #expect(
            try #require(Self.index(partialPlan, "augment-aripiprazole")) < (try #require(Self.index(partialPlan, "switch-between-class"))))
    }

    @Test func psychoticFeaturesRankECTFirstAsFirstLine() throws {
        var record = Self.twoFailureRecord
        record.episode = Episode(diagnosis: Diagnosis(code: "F33.3", system: .icd10))
        let plan = F.report(record, trials: Self.twoFailures, measurements: Self.depressed).plan
        let first = try #require(plan.first)
        #expect(first.id == "refer-ect")
        #expect(first.evidence.line == "first")
        #expect(plan.contains { $0.id == "psychotic-depression-combination" })
    }

    @Test func criticalSuicideRiskPutsTheSafetyPlanThenECTFirst() {
        var record = Self.twoFailureRecord
        record.measurements = [F.phq9("2026-11-10", item9: 3)]
        let plan = F.report(record, trials: Self.twoFailures, measurements: Self.depressed).plan
        #expect(plan.prefix(2).map(\.id) == ["suicide-safety-plan", "refer-ect"])
        #expect(plan.contains { $0.id == "higher-level-of-care" })
    }

    @Test func bipolarSignalBlocksAntidepressantMonotherapy() throws {
        let measurements = Self.depressed + [F.scored("mdq", "2026-06-01", total: 9, flags: ["screen-positive"])]
        let plan = F.report(Self.twoFailureRecord, trials: Self.twoFailures, measurements: measurements).plan
        #expect(plan.first?.id == "bipolar-mood-stabiliser")
        let definitions = F.knowledge.plan
        let blocked = plan.filter { definitions.option($0.id)?.addsAntidepressant == true }
        #expect(!blocked.isEmpty)
        for option in blocked {
            #expect(option.cautions.first?.hasPrefix("Blocking: bipolar signal") == true, "\(option.id)")
        }
        let lastUnblocked = plan.lastIndex { definitions.option($0.id)?.addsAntidepressant != true } ?? 0
        let firstBlocked = plan.firstIndex { definitions.option($0.id)?.addsAntidepressant == true } ?? plan.count
        #expect(lastUnblocked < firstBlocked)
    }

    @Test func recentFluoxetineGivesTheMAOIOptionAFiveWeekWashout() throws {
        let trials = [
            F.trial("t1", agent: "fluoxetine", start: "2026-03-01", end: "2026-11-01"),
            F.trial("t2", agent: "sertraline", start: "2026-01-01", end: "2026-02-20"),
            F.trial("t3", agent: "escitalopram", start: "2025-09-01", end: "2025-12-20"),
        ]
        let record = PatientRecord(
            id: "p",
            trials: [
                F.recordTrial("t1", agent: "fluoxetine", start: "2026-03-01", end: "2026-11-01", mg: 40),
                F.recordTrial("t2", agent: "sertraline", start: "2026-01-01", end: "2026-02-20", mg: 150),
                F.recordTrial("t3", agent: "escitalopram", start: "2025-09-01", end: "2025-12-20", mg: 20),
            ])
        let plan = F.report(record, trials: trials, measurements: Self.depressed).plan
        let maoi = try #require(plan.first { $0.id == "switch-maoi" })
        let washout = try #require(maoi.cautions.first { $0.contains("fluoxetine") })
        #expect(washout.contains("35 days (5 weeks)"))
        #expect(washout.contains("not before 2026-12-06"))
        // Sertraline stopped long ago: its 2-week washout has passed and is not repeated.
        #expect(!maoi.cautions.contains { $0.contains("sertraline") })
        #expect(maoi.sources.contains("ontario-fluoxetine-note"))
    }

    @Test func aCurrentMAOIBlocksAddingAnotherAntidepressant() throws {
        let trials = Self.twoFailures + [F.trial("t3", agent: "tranylcypromine", start: "2026-10-01")]
        var record = Self.twoFailureRecord
        record.trials[1].end = F.day("2026-09-10")
        record.trials.append(F.recordTrial("t3", agent: "tranylcypromine", start: "2026-10-01", mg: 30))
        let plan = F.report(record, trials: trials, measurements: Self.depressed).plan
        let switching = try #require(plan.first { $0.id == "switch-between-class" })
        #expect(switching.cautions.contains { $0.hasPrefix("Blocking: tranylcypromine (an MAOI) is current") })
    }

    @Test func addingMirtazapineToSertralineCarriesASerotonergicCaution() throws {
        var record = Self.twoFailureRecord
        record.trials[1].end = F.day("2026-09-10")
        record.trials.append(F.recordTrial("t3", agent: "sertraline", start: "2026-09-15", mg: 200))
        let plan = F.report(record, trials: Self.twoFailures, measurements: Self.depressed).plan
        let mirtazapine = try #require(plan.first { $0.id == "augment-mirtazapine" })
        #expect(mirtazapine.cautions.contains { $0.hasPrefix("Serotonergic combination with sertraline") })
        let aripiprazole = try #require(plan.first { $0.id == "augment-aripiprazole" })
        #expect(!aripiprazole.cautions.contains { $0.hasPrefix("Serotonergic") })
    }

    @Test func esketamineCarriesREMSMonitoringAndIsBlockedByAnAneurysm() throws {
        let plan = F.report(Self.twoFailureRecord, trials: Self.twoFailures, measurements: Self.depressed).plan
        let esketamine = try #require(plan.first { $0.id == "refer-esketamine" })
        #expect(esketamine.cautions.contains { $0.contains("2 hours") })
        #expect(esketamine.cautions.contains { $0.contains("aneurysmal vascular disease") })
        var record = Self.twoFailureRecord
        record.conditions = [Condition(code: "I71.4", system: .icd10, display: "Abdominal aortic aneurysm")]
        let blocked = try #require(F.report(record, trials: Self.twoFailures, measurements: Self.depressed).plan.first { $0.id == "refer-esketamine" })
        #expect(blocked.cautions.first?.hasPrefix("Blocking: recorded contraindication") == true)
    }

    @Test func remissionProposesRelapsePreventionAndMaintenance() {
        let remitted = [F.scored("phq9", "2026-04-15", total: 19), F.scored("phq9", "2026-11-10", total: 3)]
        let trials = [F.trial("t2", agent: "venlafaxine", start: "2026-04-15", outcome: "remission")]
        let plan = F.report(Self.twoFailureRecord, trials: trials, measurements: remitted).plan
        #expect(plan.prefix(2).map(\.id) == ["relapse-prevention-plan", "maintenance-continue"])
        #expect(!plan.contains { $0.category == "switch" || $0.category == "augment" })
    }

    @Test func ranksAreConsecutiveAndEveryOptionIsExplained() {
        let plan = F.report(Self.twoFailureRecord, trials: Self.twoFailures, measurements: Self.depressed).plan
        #expect(plan.map(\.rank) == Array(1...plan.count))
        for option in plan {
            #expect(!option.rationale.isEmpty)
            #expect(!option.evidence.guideline.isEmpty)
            #expect(F.knowledge.rules.rule(option.rule) != nil, "\(option.rule) has no explain entry")
            for source in option.sources {
                #expect(F.knowledge.rules.source(source) != nil, "\(option.id) cites unknown \(source)")
            }
        }
    }

    @Test func anUntreatedPatientIsOfferedAFirstAntidepressantUnlessBipolar() throws {
        let plan = F.report(PatientRecord(id: "p"), measurements: Self.depressed).plan
        let start = try #require(plan.first { $0.id == "start-antidepressant" })
        #expect(start.cautions.isEmpty)
        #expect(plan.contains { $0.id == "psychotherapy-add" })
        let bipolar = PatientRecord(id: "p", conditions: [Condition(code: "F31.81", system: .icd10)])
        let blocked = try #require(F.report(bipolar, measurements: Self.depressed).plan.first { $0.id == "start-antidepressant" })
        #expect(blocked.cautions.first?.hasPrefix("Blocking: bipolar signal") == true)
    }

    @Test func anAntipsychoticAdjunctWouldReplaceTheCurrentOneNotStackOnIt() throws {
        var record = Self.twoFailureRecord
        record.trials.append(F.recordTrial("t3", agent: "olanzapine", start: "2026-06-01", mg: 5, role: .augmentation))
        record.episode = Episode(diagnosis: Diagnosis(code: "F33.3"))
        let plan = F.report(record, trials: Self.twoFailures, measurements: Self.depressed).plan
        let aripiprazole = try #require(plan.first { $0.id == "augment-aripiprazole" })
        #expect(aripiprazole.cautions.first == "Would replace olanzapine, not be added to it: avoid combining two antipsychotics.")
        let combination = try #require(plan.first { $0.id == "psychotic-depression-combination" })
        #expect(combination.rationale.contains("venlafaxine + olanzapine is this combination"))
    }

    @Test func anEndedUnderdosedTrialIsNotOptimisedItJustDoesNotCount() {
        let trials = [
            F.trial("t1", agent: "venlafaxine", start: "2026-03-01", end: "2026-04-01", verdict: "inadequate", reasons: ["inadequate-dose", "stopped-for-intolerance"], minimumDose: 150),
            F.trial("t2", agent: "bupropion", start: "2026-05-01"),
        ]
        let record = PatientRecord(
            id: "p",
            trials: [
                F.recordTrial("t1", agent: "venlafaxine", start: "2026-03-01", end: "2026-04-01", mg: 75),
                F.recordTrial("t2", agent: "bupropion", start: "2026-05-01", mg: 300),
            ])
        let report = F.report(record, trials: trials, measurements: Self.depressed)
        #expect(F.item(report, "inadequate-dose")?.status == "present")
        #expect(!report.plan.contains { $0.id == "optimise-dose" })
        #expect(report.plan.contains { $0.id == "switch-between-class" })
    }

    @Test func aPsychotherapyOnlyRecordIsNotAskedForDoses() throws {
        let trials = [F.trial("c1", agent: "cbt", kind: "psychotherapy", role: "psychotherapy", start: "2026-05-01", end: "2026-08-31", outcome: "partial-response")]
        let record = PatientRecord(
            id: "p", trials: [F.recordTrial("c1", agent: "cbt", start: "2026-05-01", end: "2026-08-31", kind: .psychotherapy)])
        let plan = F.report(record, trials: trials, measurements: Self.depressed).plan
        let gaps = try #require(plan.first { $0.id == "assess-pseudo-resistance-gaps" })
        #expect(!gaps.rationale.contains("Inadequate dose"))
        #expect(gaps.rationale.contains("Bipolar spectrum"))
    }
}
