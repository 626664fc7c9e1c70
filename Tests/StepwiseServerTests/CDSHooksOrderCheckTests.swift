// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import JWTKit
import NIOCore
import StepwiseCore
import StepwiseFHIR
import Testing

@testable import StepwiseServer

/// The order checks as pure values over a native record (no HTTP).
@Suite struct CDSHooksOrderCheckTests {
    static let today = CDSFixtures.today
    let checks = CDSOrderChecks(
        support: CDSCardSupport(knowledge: CDSFixtures.knowledge, makeID: { UUID().uuidString }),
        knowledge: CDSFixtures.knowledge)

    func draft(_ name: String, mg: Double? = nil) throws -> CDSDraftOrder {
        let drug = try #require(CDSFixtures.knowledge.drugs.drug(named: name))
        return CDSDraftOrder(reference: "MedicationRequest/draft-\(name)", drug: drug, label: name, mgPerDay: mg)
    }

    func trial(_ agent: String, start: Int, end: Int?) -> TreatmentTrial {
        TreatmentTrial(
            kind: .medication, agent: agent, start: Self.today.adding(days: start),
            end: end.map { Self.today.adding(days: $0) })
    }

    struct WashoutCase: CustomTestStringConvertible, Sendable {
        var previous: String
        var stoppedDaysAgo: Int?
        var ordered: String
        var expectCritical: Bool
        var testDescription: String {
            "\(previous) stopped \(stoppedDaysAgo.map { "\($0) days ago" } ?? "not stopped") → \(ordered)"
        }
    }

    @Test(arguments: [
        WashoutCase(previous: "sertraline", stoppedDaysAgo: 7, ordered: "phenelzine", expectCritical: true),
        WashoutCase(previous: "sertraline", stoppedDaysAgo: 13, ordered: "phenelzine", expectCritical: true),
        WashoutCase(previous: "sertraline", stoppedDaysAgo: 14, ordered: "phenelzine", expectCritical: false),
        WashoutCase(previous: "fluoxetine", stoppedDaysAgo: 20, ordered: "phenelzine", expectCritical: true),
        WashoutCase(previous: "fluoxetine", stoppedDaysAgo: 34, ordered: "tranylcypromine", expectCritical: true),
        WashoutCase(previous: "fluoxetine", stoppedDaysAgo: 35, ordered: "phenelzine", expectCritical: false),
        WashoutCase(previous: "sertraline", stoppedDaysAgo: nil, ordered: "phenelzine", expectCritical: true),
        WashoutCase(previous: "phenelzine", stoppedDaysAgo: 5, ordered: "sertraline", expectCritical: true),
        WashoutCase(previous: "phenelzine", stoppedDaysAgo: 14, ordered: "sertraline", expectCritical: false),
        WashoutCase(previous: "bupropion", stoppedDaysAgo: 3, ordered: "bupropion", expectCritical: false),
        // Bupropion is not serotonergic but must not meet an MAOI (hypertensive reactions, Wellbutrin label).
        WashoutCase(previous: "bupropion", stoppedDaysAgo: nil, ordered: "phenelzine", expectCritical: true),
        WashoutCase(previous: "bupropion", stoppedDaysAgo: 13, ordered: "tranylcypromine", expectCritical: true),
        WashoutCase(previous: "bupropion", stoppedDaysAgo: 14, ordered: "phenelzine", expectCritical: false),
        WashoutCase(previous: "phenelzine", stoppedDaysAgo: 5, ordered: "bupropion", expectCritical: true),
        // Lithium is serotonergic without a catalogued washout: the 14-day default applies.
        WashoutCase(previous: "lithium", stoppedDaysAgo: 10, ordered: "phenelzine", expectCritical: true),
        WashoutCase(previous: "lithium", stoppedDaysAgo: 14, ordered: "phenelzine", expectCritical: false),
    ])
    func maoiWashoutBothDirections(_ example: WashoutCase) throws {
        let record = PatientRecord(
            id: "p", trials: [trial(example.previous, start: -200, end: example.stoppedDaysAgo.map { -$0 })])
        let cards = checks.cards(for: [try draft(example.ordered)], record: record, report: nil, today: Self.today)
        let washout = cards.filter { $0.summary.contains("MAOI") }
        #expect(washout.contains { $0.indicator == .critical } == example.expectCritical)
        if example.expectCritical, let days = example.stoppedDaysAgo {
            let drug = try #require(CDSFixtures.knowledge.drugs.drug(named: example.previous))
            let wait = drug.isMAOI ? 14 : (drug.washoutBeforeMAOIDays?.value ?? 14)
            #expect(washout[0].summary.contains(Self.today.adding(days: wait - days).description))
            #expect(washout[0].suggestions?.first?.actions?.first?.type == "delete")
        }
    }

    @Test func fluoxetineWashoutIsFiveWeeks() throws {
        #expect(CDSFixtures.knowledge.drugs.drug(named: "fluoxetine")?.washoutBeforeMAOIDays?.value == 35)
    }

    @Test func serotonergicCombinationWarns() throws {
        let record = PatientRecord(id: "p", trials: [trial("sertraline", start: -60, end: nil)])
        let cards = checks.cards(for: [try draft("venlafaxine", mg: 75)], record: record, report: nil, today: Self.today)
        let card = try #require(cards.first { $0.summary.hasPrefix("Serotonergic combination") })
        #expect(card.indicator == .warning)
        #expect(card.summary.contains("sertraline"))
    }

    @Test func bipolarDiagnosisWithAntidepressantMonotherapyIsCritical() throws {
        let record = PatientRecord(id: "p", conditions: [Condition(code: "F31.81", system: .icd10, display: "Bipolar II")])
        let cards = checks.cards(for: [try draft("sertraline", mg: 50)], record: record, report: nil, today: Self.today)
        let card = try #require(cards.first { $0.summary.hasPrefix("Bipolar signal") })
        #expect(card.indicator == .critical)
        #expect(cards.first?.indicator == .critical)
    }

    @Test func aResolvedBipolarDiagnosisStillCountsButARuledOutOneDoesNot() throws {
        // Bipolar disorder is lifelong: remission ("resolved") is a history, not an absence.
        let resolved = PatientRecord(
            id: "p", conditions: [Condition(code: "F31.81", system: .icd10, display: "Bipolar II", status: .resolved)])
        let cards = checks.cards(for: [try draft("sertraline", mg: 50)], record: resolved, report: nil, today: Self.today)
        let card = try #require(cards.first { $0.summary.hasPrefix("Bipolar signal") })
        #expect(card.indicator == .critical)
        #expect(card.detail?.contains("History: diagnosis F31.81") == true)
        let ruledOut = PatientRecord(
            id: "p", conditions: [Condition(code: "F31.81", system: .icd10, display: "Bipolar II", status: .ruledOut)])
        let none = checks.cards(for: [try draft("sertraline", mg: 50)], record: ruledOut, report: nil, today: Self.today)
        #expect(!none.contains { $0.summary.hasPrefix("Bipolar signal") })
    }

    @Test func bipolarDiagnosisWithAMoodStabiliserIsAWarning() throws {
        let record = PatientRecord(
            id: "p", trials: [trial("lithium", start: -90, end: nil)],
            conditions: [Condition(code: "F31.81", system: .icd10)])
        let cards = checks.cards(for: [try draft("sertraline", mg: 50)], record: record, report: nil, today: Self.today)
        let card = try #require(cards.first { $0.summary.hasPrefix("Bipolar signal") })
        #expect(card.indicator == .warning)
    }

    @Test func esketamineAlwaysCarriesMonitoringAndFlagsContraindications() throws {
        let clean = checks.cards(
            for: [try draft("esketamine", mg: 56)], record: PatientRecord(id: "p"), report: nil, today: Self.today)
        let monitoring = try #require(clean.first { $0.summary.hasPrefix("Esketamine: REMS") })
        #expect(monitoring.detail?.contains("at least 2 hours") == true)
        #expect(!clean.contains { $0.indicator == .critical })

        let aneurysm = PatientRecord(id: "p", conditions: [Condition(code: "I67.1", system: .icd10)])
        let flagged = checks.cards(for: [try draft("esketamine", mg: 56)], record: aneurysm, report: nil, today: Self.today)
        #expect(flagged.first?.indicator == .critical)
        #expect(flagged.first?.summary.contains("contraindicated") == true)
    }

    struct ContraindicationCase: CustomTestStringConvertible, Sendable {
        var condition: Condition
        var expectContraindicated: Bool
        var testDescription: String {
            "\(condition.code ?? condition.category ?? "?") \(condition.effectiveStatus.rawValue)"
                + " → \(expectContraindicated ? "contraindicated" : "not contraindicated")"
        }
    }

    /// The codes come from the knowledge base's `esketamine-contraindication` category, the same list the
    /// planner reads: a history (resolved) still counts, a ruled-out condition does not.
    @Test(arguments: [
        ContraindicationCase(condition: Condition(code: "I61.9", system: .icd10, status: .resolved), expectContraindicated: true),
        ContraindicationCase(condition: Condition(code: "I69.10", system: .icd10), expectContraindicated: true),
        ContraindicationCase(condition: Condition(code: "i60.7", system: .icd10), expectContraindicated: true),
        ContraindicationCase(condition: Condition(code: "I71.2", system: .icd10), expectContraindicated: true),
        ContraindicationCase(condition: Condition(code: "Q28.0"), expectContraindicated: true),
        ContraindicationCase(
            condition: Condition(category: "esketamine-contraindication", display: "Carotid aneurysm (clinician-entered)"),
            expectContraindicated: true),
        ContraindicationCase(condition: Condition(code: "I61.9", system: .icd10, status: .ruledOut), expectContraindicated: false),
        ContraindicationCase(condition: Condition(code: "I10", system: .icd10), expectContraindicated: false),
        ContraindicationCase(condition: Condition(code: "I63.9", system: .icd10), expectContraindicated: false),
    ])
    func esketamineContraindicationsComeFromTheConditionCatalogue(_ example: ContraindicationCase) throws {
        let record = PatientRecord(id: "p", conditions: [example.condition])
        let cards = checks.cards(for: [try draft("esketamine", mg: 56)], record: record, report: nil, today: Self.today)
        let critical = cards.first { $0.indicator == .critical && $0.summary.hasPrefix("Esketamine contraindicated") }
        #expect((critical != nil) == example.expectContraindicated)
        if let critical, let code = example.condition.code {
            #expect(critical.summary.contains(code.uppercased()))
        }
        // The monitoring card is there either way.
        #expect(cards.contains { $0.summary.hasPrefix("Esketamine: REMS") })
    }

    @Test func everyContraindicationCodeIsCataloguedWithItsSource() throws {
        let catalog = CDSFixtures.knowledge.conditions
        for code in ["I71", "I72", "I67.1", "Q28.2", "Q28.3", "Q28.0", "I77.0", "I61", "I69.1", "I60", "I69.0"] {
            let mapping = try #require(catalog.mapping(forCode: code, system: .icd10), "\(code)")
            #expect(mapping.category == "esketamine-contraindication")
            #expect(mapping.sources == ["project-decision-esketamine-codes"])
        }
    }

    @Test(arguments: [(25.0, true), (49.0, true), (50.0, false), (100.0, false)])
    func doseBelowTheMinimumIsNoted(mg: Double, expectCard: Bool) throws {
        let cards = checks.cards(
            for: [try draft("sertraline", mg: mg)], record: PatientRecord(id: "p"), report: nil, today: Self.today)
        #expect(cards.contains { $0.summary.contains("below the minimum adequate dose") } == expectCard)
    }

    @Test func unknownDrugsAndNonPsychiatricOrdersProduceNoCards() {
        let order = CDSDraftOrder(reference: nil, drug: nil, label: "amoxicillin 500 MG", mgPerDay: 1500)
        #expect(checks.cards(for: [order], record: PatientRecord(id: "p"), report: nil, today: Self.today).isEmpty)
    }

    @Test(arguments: [
        ("fluoxetine 20 MG Oral Capsule", 20.0), ("sertraline 50 MG Oral Tablet", 50.0), ("venlafaxine", nil),
    ] as [(String, Double?)])
    func strengthIsReadFromClinicalDrugNames(text: String, expected: Double?) {
        #expect(CDSDraftOrder.strengthMG(text) == expected)
    }

    @Test func dailyDoseMultipliesDoseByFrequency() {
        let dosage = R4.Dosage(
            timing: R4.Timing(repeat: .init(frequency: 2, period: 1, periodUnit: "d")),
            doseAndRate: [.init(doseQuantity: R4.Quantity(value: 1, unit: "tablet"))])
        #expect(CDSDraftOrder.dailyDose(dosage, strength: 37.5, perSession: false).0 == 75)
        let grams = R4.Dosage(
            timing: R4.Timing(repeat: .init(frequency: 1, period: 1, periodUnit: "d")),
            doseAndRate: [.init(doseQuantity: R4.Quantity(value: 1, unit: "g"))])
        #expect(CDSDraftOrder.dailyDose(grams, strength: nil, perSession: false).0 == nil)
    }
}

extension CDSHooksOrderCheckTests {
    @Test func orderSelectChecksOnlyTheSelectedOrderButSeesTheOtherDrafts() throws {
        let maoi = try draft("phenelzine", mg: 45)
        let ssri = try draft("sertraline", mg: 50)
        let record = PatientRecord(id: "p")
        let selectedSSRI = checks.cards(
            for: [maoi, ssri], record: record, report: nil, today: Self.today,
            selections: ["MedicationRequest/draft-sertraline"])
        #expect(selectedSSRI.first?.indicator == .critical)
        #expect(selectedSSRI.filter { $0.summary.hasPrefix("MAOI interaction") }.count == 1)
        let both = checks.cards(for: [maoi, ssri], record: record, report: nil, today: Self.today)
        #expect(both.filter { $0.summary.hasPrefix("MAOI interaction") }.count == 1)
        let onlyMAOISelectedWithoutSSRI = checks.cards(
            for: [maoi], record: record, report: nil, today: Self.today,
            selections: ["MedicationRequest/draft-phenelzine"])
        #expect(!onlyMAOISelectedWithoutSSRI.contains { $0.indicator == .critical })
        let selectedMAOI = checks.cards(
            for: [maoi, ssri], record: record, report: nil, today: Self.today,
            selections: ["MedicationRequest/draft-phenelzine"])
        let card = try #require(selectedMAOI.first)
        #expect(card.indicator == .critical)
        #expect(card.summary.contains("phenelzine and sertraline are ordered together"))
    }

    // MARK: Wording from the knowledge base

    @Test func everyOrderCheckCardTemplateUsesExactlyItsPlaceholdersAndCitesKnownSources() throws {
        let settings = CDSFixtures.knowledge.plan.safety.orderChecks
        let rules = CDSFixtures.knowledge.rules
        for (key, text) in settings.cards.all {
            let expected = try #require(OrderCheckSettings.placeholders[key], "no placeholder list for \(key)")
            let used = Set(TextTemplate.placeholders(in: text.summary) + TextTemplate.placeholders(in: text.detail))
            #expect(used == expected, "\(key) uses \(used.sorted()), expected \(expected.sorted())")
            #expect(!text.sources.isEmpty, "\(key) cites no source")
            for id in text.sources { #expect(rules.source(id) != nil, "\(key) cites unknown source \(id)") }
        }
        #expect(settings.cards.all.count == OrderCheckSettings.placeholders.count)
        #expect(CDSFixtures.knowledge.plan.safety.maoiWashoutBeforeDefaultDays.value == 14)
    }

    @Test func esketamineCardsCiteTheSpravatoLabel() throws {
        let aneurysm = PatientRecord(id: "p", conditions: [Condition(code: "I67.1", system: .icd10)])
        let cards = checks.cards(for: [try draft("esketamine", mg: 56)], record: aneurysm, report: nil, today: Self.today)
        #expect(cards.count == 2)
        for card in cards {
            #expect(card.detail?.contains("spravato-label") == true || card.detail?.contains("Spravato") == true)
        }
        let monitoring = try #require(cards.first { $0.summary.hasPrefix("Esketamine: REMS") })
        #expect(monitoring.detail?.contains("no current oral antidepressant") == true)
        let onSertraline = PatientRecord(id: "p", trials: [trial("sertraline", start: -60, end: nil)])
        let withOral = checks.cards(
            for: [try draft("esketamine", mg: 56)], record: onSertraline, report: nil, today: Self.today)
        #expect(withOral.contains { $0.summary.hasPrefix("Esketamine: REMS") })
        #expect(!withOral.contains { $0.detail?.contains("no current oral antidepressant") == true })
    }

    @Test func cardWordingComesFromTheKnowledgeFile() throws {
        var knowledge = CDSFixtures.knowledge
        var file = try KnowledgeResource.load("plan-options", as: PlanFile.self)
        file.safety.orderChecks.cards.serotonergic = CardText(
            summary: "Edited: {drug} + {drugs}", detail: "{Drug} edited detail.", sources: ["prozac-label-2013"])
        file.safety.orderChecks.cards.washoutStopped.summary = "Edited washout: {drug} from {earliest}"
        knowledge.plan = PlanCatalog(file: file)
        let edited = CDSOrderChecks(
            support: CDSCardSupport(knowledge: knowledge, makeID: { UUID().uuidString }), knowledge: knowledge)
        let onSertraline = PatientRecord(id: "p", trials: [trial("sertraline", start: -60, end: nil)])
        let cards = edited.cards(for: [try draft("venlafaxine", mg: 75)], record: onSertraline, report: nil, today: Self.today)
        let card = try #require(cards.first { $0.summary == "Edited: venlafaxine + sertraline" })
        #expect(card.detail?.hasPrefix("Venlafaxine edited detail.") == true)
        let stopped = PatientRecord(id: "p", trials: [trial("sertraline", start: -200, end: -7)])
        let washout = edited.cards(for: [try draft("phenelzine")], record: stopped, report: nil, today: Self.today)
        #expect(washout.contains { $0.summary == "Edited washout: phenelzine from \(Self.today.adding(days: 7))" })
    }

    @Test func everyOrderCheckSummaryFitsTheCDSHooksLimit() throws {
        // Long drug names on every card that names drugs: summaries stay within 140 characters.
        let record = PatientRecord(
            id: "p",
            trials: [
                trial("dextromethorphan-bupropion", start: -200, end: -3), trial("desvenlafaxine", start: -60, end: nil),
                trial("levomilnacipran", start: -60, end: nil), trial("tranylcypromine", start: -100, end: -2),
            ],
            conditions: [Condition(code: "F31.81", system: .icd10), Condition(code: "I67.1", system: .icd10)])
        let orders = [try draft("isocarboxazid"), try draft("clomipramine", mg: 10), try draft("esketamine", mg: 28)]
        let cards = checks.cards(for: orders, record: record, report: nil, today: Self.today)
        #expect(cards.count >= 5)
        for card in cards { #expect(card.summary.count <= 140, "\(card.summary.count): \(card.summary)") }
    }

    @Test func everyRuleACardNamesIsExplainable() throws {
        // Orders that raise every order-check card at once.
        let record = PatientRecord(
            id: "p",
            trials: [
                trial("sertraline", start: -60, end: nil), trial("fluoxetine", start: -200, end: -3),
                trial("tranylcypromine", start: -100, end: -2),
            ],
            conditions: [Condition(code: "F31.81", system: .icd10), Condition(code: "I67.1", system: .icd10)])
        let orders = [
            try draft("phenelzine"), try draft("venlafaxine", mg: 37.5), try draft("esketamine", mg: 28),
        ]
        let cards = checks.cards(for: orders, record: record, report: nil, today: Self.today)
        var named: Set<String> = []
        for card in cards {
            let label = card.source.label
            let rule = try #require(label.components(separatedBy: "rule ").last, "card without a rule: \(card.summary)")
            named.insert(rule)
        }
        #expect(
            named.isSuperset(of: [
                "maoi-washout", "serotonergic-combination", "bipolar-antidepressant-monotherapy",
                "esketamine-contraindications", "esketamine-monitoring", "inadequate-dose",
            ]), "\(named.sorted())")
        // The patient-view cards name these rules besides the report's own (safety flags, definitions, options).
        named.insert("pseudo-resistance")
        for rule in named {
            #expect(CDSFixtures.knowledge.rules.rules[rule] != nil, "stepwise explain \(rule) has no text")
        }
    }

    @Test func bupropionDraftedWithAnMAOIIsCritical() throws {
        let cards = checks.cards(
            for: [try draft("phenelzine"), try draft("bupropion", mg: 150)], record: PatientRecord(id: "p"), report: nil,
            today: Self.today)
        let card = try #require(cards.first { $0.summary.contains("ordered together") })
        #expect(card.indicator == .critical)
        #expect(card.summary.contains("bupropion"))
    }
}

// MARK: Linezolid and methylene blue (MAOI activity, not antidepressants)

extension CDSHooksOrderCheckTests {
    func agentDraft(_ label: String) -> CDSDraftOrder {
        CDSDraftOrder(reference: "MedicationRequest/draft-agent", drug: nil, label: label, mgPerDay: nil)
    }

    func agentCards(_ orders: [CDSDraftOrder], trials: [TreatmentTrial] = [], selections: Set<String>? = nil) -> [CDSCard] {
        checks.cards(
            for: orders, record: PatientRecord(id: "p", trials: trials), report: nil, today: Self.today,
            selections: selections
        ).filter { $0.source.label.hasSuffix("rule maoi-acting-agent") }
    }

    @Test(arguments: [
        "linezolid 600 MG Oral Tablet", "Linezolid", "ZYVOX 600 MG in 300 ML Injection", "methylene blue 50 MG/10ML",
        "Methylthioninium chloride", "ProvayBlue",
    ])
    func linezolidOrMethyleneBlueWithACurrentSSRIIsCritical(label: String) throws {
        let cards = agentCards([agentDraft(label)], trials: [trial("sertraline", start: -90, end: nil)])
        let card = try #require(cards.first)
        #expect(cards.count == 1)
        #expect(card.indicator == .critical)
        #expect(card.summary.hasPrefix("MAOI interaction: "))
        #expect(card.summary.contains("with sertraline"))
        #expect(card.detail?.contains("24 hours after the last") == true)
        #expect(card.suggestions?.isEmpty == false)
    }

    @Test(arguments: [
        // (drug, stopped days ago, expect a card): fluoxetine 35 days, sertraline 14, an MAOI 14 after it,
        // bupropion 14 (hypertensive reactions, not serotonergic).
        ("fluoxetine", 34, true), ("fluoxetine", 35, false), ("sertraline", 13, true), ("sertraline", 14, false),
        ("phenelzine", 13, true), ("phenelzine", 14, false), ("bupropion", 13, true), ("bupropion", 14, false),
        ("aripiprazole", nil, false), ("mirtazapine", 14, false),
    ] as [(String, Int?, Bool)])
    func recentlyStoppedSerotonergicDrugsCountUntilTheirWashoutEnds(drug: String, stoppedDaysAgo: Int?, expectCard: Bool) {
        let cards = agentCards(
            [agentDraft("linezolid")], trials: [trial(drug, start: -200, end: stoppedDaysAgo.map { -$0 })])
        #expect(!cards.isEmpty == expectCard)
    }

    @Test func anSSRIDraftedWithLinezolidIsCriticalFromEitherSide() throws {
        let ssri = try draft("escitalopram", mg: 10)
        let agent = agentDraft("linezolid 600 MG Oral Tablet")
        let both = agentCards([ssri, agent])
        #expect(both.count == 1)
        #expect(both.first?.summary == "MAOI interaction: linezolid with escitalopram (risk of serotonin syndrome)")
        let onlySSRISelected = agentCards([ssri, agent], selections: ["MedicationRequest/draft-escitalopram"])
        #expect(onlySSRISelected.first?.indicator == .critical)
        let onlyAgentSelected = agentCards([ssri, agent], selections: ["MedicationRequest/draft-agent"])
        #expect(onlyAgentSelected.count == 1)
    }

    @Test func linezolidWithoutASerotonergicDrugAndLookAlikeNamesGiveNoCard() {
        #expect(agentCards([agentDraft("linezolid")]).isEmpty)
        #expect(agentCards([agentDraft("linezolidine")], trials: [trial("sertraline", start: -90, end: nil)]).isEmpty)
        #expect(agentCards([agentDraft("blue dye")], trials: [trial("sertraline", start: -90, end: nil)]).isEmpty)
    }

    @Test func linezolidWithCurrentBupropionWarnsOfHypertensiveReactionsCitingTheLabel() throws {
        let cards = agentCards([agentDraft("linezolid 600 MG Oral Tablet")], trials: [trial("bupropion", start: -90, end: nil)])
        let card = try #require(cards.first)
        #expect(cards.count == 1)
        #expect(card.indicator == .critical)
        #expect(card.summary == "MAOI interaction: linezolid with bupropion (risk of hypertensive reactions)")
        #expect(card.detail?.contains("stop bupropion promptly") == true)
        #expect(card.detail?.contains("24 hours after the last linezolid dose") == true)
        #expect(card.detail?.contains("monitor for serotonin syndrome") == false)
        #expect(card.suggestions?.isEmpty == false)
        let text = CDSFixtures.knowledge.plan.safety.orderChecks.cards.maoiActingAgentHypertensive
        #expect(text.sources.contains("wellbutrin-label-2013"))
        for id in text.sources { #expect(CDSFixtures.knowledge.rules.source(id) != nil, "\(id)") }
    }

    @Test func bupropionDraftedWithMethyleneBlueIsCriticalFromEitherSide() throws {
        let bupropion = try draft("bupropion", mg: 150)
        let agent = agentDraft("methylene blue 50 MG/10ML")
        let both = agentCards([bupropion, agent])
        #expect(both.count == 1)
        #expect(both.first?.summary == "MAOI interaction: methylene blue with bupropion (risk of hypertensive reactions)")
        let onlyBupropionSelected = agentCards([bupropion, agent], selections: ["MedicationRequest/draft-bupropion"])
        #expect(onlyBupropionSelected.first?.indicator == .critical)
        #expect(onlyBupropionSelected.first?.summary.contains("hypertensive") == true)
    }

    @Test func anSSRIAndBupropionTogetherGiveOneCardForEachHazard() throws {
        let cards = agentCards(
            [agentDraft("linezolid")],
            trials: [trial("sertraline", start: -90, end: nil), trial("bupropion", start: -60, end: nil)])
        #expect(cards.map(\.summary).sorted() == [
            "MAOI interaction: linezolid with bupropion (risk of hypertensive reactions)",
            "MAOI interaction: linezolid with sertraline (risk of serotonin syndrome)",
        ])
        #expect(cards.allSatisfy { $0.indicator == .critical })
    }

    func activeAgentCards(_ orders: [CDSDraftOrder], active: [String], selections: Set<String>? = nil) -> [CDSCard] {
        checks.cards(
            for: orders, record: PatientRecord(id: "p"), report: nil, today: Self.today, selections: selections,
            activeMedicationNames: active
        ).filter { $0.source.label.hasSuffix("rule maoi-acting-agent") }
    }

    @Test(arguments: ["linezolid 600 MG Oral Tablet", "Zyvox", "methylene blue 50 MG/10ML"])
    func anSSRIOrderedWhileLinezolidOrMethyleneBlueIsActiveIsCritical(active: String) throws {
        let cards = activeAgentCards([try draft("sertraline", mg: 50)], active: ["something else", active])
        let card = try #require(cards.first)
        #expect(cards.count == 1)
        #expect(card.indicator == .critical)
        #expect(card.summary.hasPrefix("MAOI interaction: sertraline ordered while "))
        #expect(card.summary.hasSuffix("is active (risk of serotonin syndrome)"))
        #expect(card.detail?.contains("24 hours after the last") == true)
        #expect(card.suggestions?.isEmpty == false)
    }

    @Test func bupropionOrderedWhileLinezolidIsActiveWarnsOfHypertensiveReactions() throws {
        let cards = activeAgentCards([try draft("bupropion", mg: 150)], active: ["linezolid 600 MG Oral Tablet"])
        #expect(cards.map(\.summary) == ["MAOI interaction: bupropion ordered while linezolid is active (risk of hypertensive reactions)"])
        #expect(cards.first?.indicator == .critical)
    }

    @Test func activeAgentsDoNotFlagDrugsWithoutAnInteractionOrUnselectedOrders() throws {
        #expect(activeAgentCards([try draft("aripiprazole", mg: 5)], active: ["linezolid"]).isEmpty)
        #expect(activeAgentCards([try draft("sertraline", mg: 50)], active: ["amoxicillin 500 MG", "linezolidine"]).isEmpty)
        #expect(activeAgentCards([try draft("sertraline", mg: 50)], active: []).isEmpty)
        let both = [try draft("sertraline", mg: 50), try draft("aripiprazole", mg: 5)]
        #expect(activeAgentCards(both, active: ["linezolid"], selections: ["MedicationRequest/draft-aripiprazole"]).isEmpty)
        // One card per agent, however many names the prefetch gives it.
        #expect(activeAgentCards([try draft("sertraline", mg: 50)], active: ["Zyvox", "linezolid 600 MG Oral Tablet"]).count == 1)
    }

    @Test func theAgentsCiteTheFDASafetyCommunications() throws {
        let settings = CDSFixtures.knowledge.plan.safety.orderChecks
        #expect(settings.maoiActingAgent(named: "linezolid")?.sources == ["fda-dsc-linezolid-2011"])
        #expect(settings.maoiActingAgent(named: "methylene blue")?.sources == ["fda-dsc-methylene-blue-2011"])
        for agent in settings.maoiActingAgents {
            for id in agent.sources { #expect(CDSFixtures.knowledge.rules.source(id) != nil, "\(id)") }
            // Not catalogued as depression treatments: the record keeps those only.
            #expect(CDSFixtures.knowledge.drugs.drug(named: agent.name) == nil)
        }
        #expect(CDSFixtures.knowledge.rules.rules["maoi-acting-agent"] != nil)
    }
}

// MARK: Reversible MAO-A inhibitors (moclobemide, pirlindole)

extension CDSHooksOrderCheckTests {
    struct RIMACase: CustomTestStringConvertible, Sendable {
        var previous: String
        /// Days before today the previous drug stopped; `nil`: still current.
        var stoppedDaysAgo: Int?
        var ordered: String
        /// The earliest safe start, in days from today, when a critical card is expected.
        var earliestInDays: Int?
        var testDescription: String {
            "\(previous) stopped \(stoppedDaysAgo.map { "\($0) days ago" } ?? "not stopped") → \(ordered)"
        }
    }

    @Test(arguments: [
        // After moclobemide: 1 day (citalopram's and fluoxetine's Swiss labels).
        RIMACase(previous: "moclobemide", stoppedDaysAgo: nil, ordered: "sertraline", earliestInDays: nil),
        RIMACase(previous: "moclobemide", stoppedDaysAgo: 0, ordered: "citalopram", earliestInDays: 1),
        RIMACase(previous: "moclobemide", stoppedDaysAgo: 1, ordered: "citalopram", earliestInDays: nil),
        RIMACase(previous: "moclobemide", stoppedDaysAgo: nil, ordered: "bupropion", earliestInDays: nil),
        RIMACase(previous: "pirlindole", stoppedDaysAgo: 0, ordered: "fluoxetine", earliestInDays: 1),
        // Before moclobemide: the MAOI washouts (fluoxetine 35 days, others 14, project decision).
        RIMACase(previous: "sertraline", stoppedDaysAgo: 13, ordered: "moclobemide", earliestInDays: 1),
        RIMACase(previous: "sertraline", stoppedDaysAgo: 14, ordered: "moclobemide", earliestInDays: nil),
        RIMACase(previous: "fluoxetine", stoppedDaysAgo: 34, ordered: "moclobemide", earliestInDays: 1),
        RIMACase(previous: "fluoxetine", stoppedDaysAgo: 35, ordered: "moclobemide", earliestInDays: nil),
        // After an irreversible MAOI: 14 days, as before any other antidepressant.
        RIMACase(previous: "phenelzine", stoppedDaysAgo: 10, ordered: "moclobemide", earliestInDays: 4),
        RIMACase(previous: "phenelzine", stoppedDaysAgo: 14, ordered: "moclobemide", earliestInDays: nil),
    ])
    func reversibleMAOAInhibitorsAreContraindicatedWithSerotonergicDrugsInBothDirections(_ example: RIMACase) throws {
        let record = PatientRecord(
            id: "p", trials: [trial(example.previous, start: -200, end: example.stoppedDaysAgo.map { -$0 })])
        let cards = checks.cards(for: [try draft(example.ordered)], record: record, report: nil, today: Self.today)
        let critical = cards.filter { $0.indicator == .critical }
        let current = example.stoppedDaysAgo == nil
        let washedOut = !current && example.earliestInDays == nil
        #expect(critical.isEmpty == washedOut, "\(cards.map(\.summary))")
        // Never the weaker serotonergic-combination warning for a pair that involves a reversible inhibitor.
        #expect(!cards.contains { $0.summary.hasPrefix("Serotonergic combination") })
        if let days = example.earliestInDays {
            let card = try #require(critical.first)
            #expect(card.summary.contains(Self.today.adding(days: days).description), "\(card.summary)")
            #expect(card.suggestions?.first?.actions?.first?.type == "delete")
        }
        if current {
            #expect(critical.first?.summary.contains(example.previous) == true)
        }
    }

    @Test func aCurrentMoclobemideGivesTheReversibleInhibitorCardCitingTheLabels() throws {
        let record = PatientRecord(id: "p", trials: [trial("moclobemide", start: -60, end: nil)])
        let cards = checks.cards(for: [try draft("sertraline", mg: 50)], record: record, report: nil, today: Self.today)
        let card = try #require(cards.first { $0.summary.hasPrefix("Reversible MAOI interaction") })
        #expect(card.indicator == .critical)
        #expect(card.summary == "Reversible MAOI interaction: patient is on moclobemide; stop it before starting sertraline")
        #expect(card.detail?.contains("wait at least 1 day before starting sertraline") == true)
        let sources = card.detail ?? ""
        #expect(sources.contains("Citalopram Pfizer"), "\(sources)")
    }

    @Test func moclobemideDraftedWithAnSSRIIsCriticalFromEitherSideAsOneCard() throws {
        let cards = checks.cards(
            for: [try draft("moclobemide", mg: 300), try draft("escitalopram", mg: 10)], record: PatientRecord(id: "p"),
            report: nil, today: Self.today)
        let together = cards.filter { $0.summary.contains("ordered together") }
        #expect(together.count == 1)
        #expect(together.first?.indicator == .critical)
        #expect(together.first?.summary == "Reversible MAOI interaction: moclobemide and escitalopram are ordered together")
        #expect(!cards.contains { $0.summary.hasPrefix("Serotonergic combination") })
    }

    @Test func theReversibleInhibitorsAreFlaggedButNotCountedAsMAOIs() throws {
        for name in ["moclobemide", "pirlindole"] {
            let drug = try #require(CDSFixtures.knowledge.drugs.drug(named: name))
            #expect(drug.isReversibleMAOI)
            #expect(!drug.isMAOI)
        }
        #expect(CDSFixtures.knowledge.drugs.drug(named: "phenelzine")?.isReversibleMAOI == false)
        #expect(CDSFixtures.knowledge.plan.safety.reversibleMAOIWashoutAfterDays.value == 1)
        #expect(CDSFixtures.knowledge.rules.rules["rima-interaction"] != nil)
    }
}
