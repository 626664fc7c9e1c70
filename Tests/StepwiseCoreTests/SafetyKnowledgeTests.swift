// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// Knowledge-base fixes from the clinical audit of 2026-11-21: a C-SSRS with intent or plan not excluded,
/// bupropion and MAOIs, serotonergic drugs without a catalogued washout, intentional self-harm codes.
@Suite struct SafetyKnowledgeTests {
    typealias F = SafetyPlanFixtures

    // MARK: C-SSRS: unanswered questions 3–5 after a yes to question 2

    @Test(arguments: [
        [0, 1, nil, nil, nil, 0, nil] as [Int?], [1, 1, 0, nil, 0, 0, nil], [1, 1, 0, 0, nil, 0, nil], [0, 1, 1, nil, nil, 0, nil],
    ])
    func anUnansweredIntentOrPlanQuestionAfterIdeationIsHighRisk(answers: [Int?]) throws {
        let definition = try #require(F.knowledge.instruments.instrument("cssrs-screener"))
        let measurement = Measurement(instrument: "cssrs-screener", date: F.day("2026-11-10"), answers: answers)
        // Scoring still says what is missing …
        #expect(throws: StepwiseError.self) { _ = try InstrumentScorer.score(measurement, sex: nil, catalog: F.knowledge.instruments) }
        // … and the safety signal it keeps is high risk, which the report shows as critical.
        let signal = try #require(InstrumentScorer.safetySignal(measurement, definition: definition))
        #expect(signal.band == "high")
        #expect(signal.flags.contains("cssrs-high-risk"))
        let report = try Assessor(knowledge: F.knowledge).assess(PatientRecord(id: "p", measurements: [measurement]), asOf: F.asOf)
        #expect(report.safety.first?.id == "suicide-risk")
        #expect(report.safety.first?.level == "critical")
    }

    @Test func answeredFollowUpsStillDecideTheLevel() throws {
        #expect(try InstrumentFixtures.score("cssrs-screener", [1, 1, 0, 0, 0, 0, nil]).band == "low")
        #expect(try InstrumentFixtures.score("cssrs-screener", [1, 1, 1, 0, 0, 0, nil]).band == "moderate")
        // Question 2 no: questions 3–5 are not asked, nothing is assumed.
        #expect(try InstrumentFixtures.score("cssrs-screener", [1, 0, nil, nil, nil, 0, nil]).band == "low")
    }

    // MARK: MAOI washouts

    static func maoiOption(after agent: String, mg: Double, stopped: String) throws -> PlanOption {
        let trials = [
            F.trial("t1", agent: agent, start: "2026-03-01", end: stopped),
            F.trial("t2", agent: "sertraline", start: "2026-01-01", end: "2026-02-20"),
            F.trial("t3", agent: "escitalopram", start: "2025-09-01", end: "2025-12-20"),
        ]
        let record = PatientRecord(
            id: "p",
            trials: [
                F.recordTrial("t1", agent: agent, start: "2026-03-01", end: stopped, mg: mg),
                F.recordTrial("t2", agent: "sertraline", start: "2026-01-01", end: "2026-02-20", mg: 150),
                F.recordTrial("t3", agent: "escitalopram", start: "2025-09-01", end: "2025-12-20", mg: 20),
            ])
        let plan = F.report(record, trials: trials, measurements: PlannerTests.depressed).plan
        return try #require(plan.first { $0.id == "switch-maoi" })
    }

    @Test func bupropionStoppedRecentlyGivesTheMAOIOptionAWashout() throws {
        let option = try Self.maoiOption(after: "bupropion", mg: 300, stopped: "2026-11-15")
        let washout = try #require(option.cautions.first { $0.contains("bupropion") })
        #expect(washout.contains("14 days (2 weeks)"))
        #expect(washout.contains("not before 2026-11-29"))
        #expect(option.sources.contains("wellbutrin-label-2013"))
        #expect(option.sources.contains("project-decision-bupropion-maoi-washout"))
    }

    @Test func aSerotonergicDrugWithoutACataloguedWashoutTakesTheDefault() throws {
        let lithium = try #require(F.knowledge.drugs.drug(named: "lithium"))
        #expect(lithium.isSerotonergic)
        #expect(lithium.washoutBeforeMAOIDays == nil)
        let option = try Self.maoiOption(after: "lithium", mg: 900, stopped: "2026-11-15")
        let washout = try #require(option.cautions.first { $0.contains("lithium") })
        #expect(washout.contains("\(F.knowledge.plan.safety.maoiWashoutBeforeDefaultDays.value) days"))
        // Long past: no caution.
        let old = try Self.maoiOption(after: "lithium", mg: 900, stopped: "2026-10-01")
        #expect(!old.cautions.contains { $0.contains("lithium") })
    }

    // MARK: Codes and doses

    @Test(arguments: ["X71.0XXA", "X78.1XXA", "X83.8XXS", "X80"])
    func intentionalSelfHarmCodesRaiseTheSuicideSignal(code: String) {
        let record = PatientRecord(id: "p", conditions: [Condition(code: code, system: .icd10)])
        let report = SafetyScreen.evaluate(record, measurements: [], context: F.context(), knowledge: F.knowledge)
        #expect(report.first?.id == "suicide-risk")
    }

    @Test(arguments: [("F21", "psychotic-disorder"), ("F24", "psychotic-disorder"), ("X84", nil), ("X70.0", nil)] as [(String, String?)])
    func codeCategories(code: String, category: String?) {
        #expect(F.knowledge.conditions.category(of: Condition(code: code, system: .icd10)) == category)
    }

    @Test func mianserinMonotherapyHasItsMinimumDose() throws {
        let mianserin = try #require(F.knowledge.drugs.drug(named: "mianserin"))
        #expect(mianserin.minimumDose(for: .monotherapy)?.value == 30)
        let record = PatientRecord(
            id: "p", trials: [F.recordTrial("t1", agent: "mianserin", start: "2026-06-01", end: "2026-08-31", mg: 30)])
        let report = try Assessor(knowledge: F.knowledge).assess(record, asOf: F.asOf)
        #expect(report.trials.first?.adequacy.verdict == "adequate")
    }
}
