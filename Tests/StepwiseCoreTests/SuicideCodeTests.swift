// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// Which diagnosis codes raise the suicide-risk signal: ICD-10-CM intent characters (T36–T65, T71),
/// SNOMED CT suicide concepts, and resolved attempts as a history of suicidal behaviour.
@Suite struct SuicideCodeTests {
    typealias F = SafetyPlanFixtures
    let catalog = SafetyPlanFixtures.knowledge.conditions

    static func signal(_ conditions: [Condition]) -> SafetyFlag? {
        let record = PatientRecord(id: "p", conditions: conditions)
        return SafetyScreen.evaluate(record, measurements: [], context: F.context(), knowledge: F.knowledge)
            .first { $0.id == "suicide-risk" }
    }

    // MARK: ICD-10-CM intent character

    @Test(arguments: [
        "T43.012A",  // tricyclic antidepressants, intentional self-harm (6th character)
        "T43.222A",  // SSRIs, intentional self-harm
        "t42.4x2a",  // benzodiazepines, lower case
        "T39.1X2D",  // 4-aminophenol derivatives, placeholder X in the 5th position, subsequent encounter
        "T36.0X2",  // no 7th character
        "T36.92XA",  // NHSR 108's exception list: T36.9 reads the 5th character
        "T43.92XA",
        "T58.02XA",  // carbon monoxide from motor vehicle exhaust: 5th character, then the placeholder
        "T65.92XA",  // the last category of the range
        "T50.A12A",  // vaccines: letter in the 4th position
        "T71.162A",  // hanging, intentional self-harm
    ])
    func intentionalSelfHarmPoisoningAndAsphyxiationCodesAreSuicideRisk(code: String) {
        #expect(catalog.category(forCode: code, system: .icd10) == "suicide-risk")
        #expect(Self.signal([Condition(code: code, system: .icd10)]) != nil)
    }

    @Test(arguments: [
        "T43.011A",  // accidental
        "T43.013A",  // assault
        "T43.014A",  // undetermined
        "T43.015A",  // adverse effect
        "T43.016A",  // underdosing
        "T43.02",  // a heading without an intent character
        "T43",
        "T58.01XA",  // accidental, 5th character
        "T35.0X2A",  // below the range (not a real code; the range starts at T36)
        "T66.XXXA",  // radiation sickness, above the range
        "T70.22XA",  // outside T36–T65 and T71
        "T71.9XXA",  // asphyxiation, unspecified cause
        "T71.161A",
        "S61.412A",  // an injury code whose 6th character is 2 (laterality), not an intent
    ])
    func otherIntentsAndOtherFamiliesAreNotSuicideRisk(code: String) {
        #expect(catalog.category(forCode: code, system: .icd10) != "suicide-risk")
    }

    @Test func theIntentRuleNamesItsSources() throws {
        let mapping = try #require(catalog.mapping(forCode: "T43.222A", system: .icd10))
        #expect(mapping.code == "T36–T65")
        #expect(mapping.sources.contains("icd10cm-intent-character"))
        #expect(mapping.sources.contains("nhsr-108-self-harm-codes"))
        #expect(mapping.countsWhenResolved == true)
    }

    // MARK: SNOMED CT

    @Test(arguments: [
        "6471006", "225444004", "247650009", "304594002", "425104003", "82313006", "23233009", "86849004",
        "287182007", "287185009", "248062006", "276853009",
    ])
    func snomedSuicideConceptsAreSuicideRisk(code: String) {
        #expect(catalog.category(forCode: code, system: .snomed) == "suicide-risk")
        #expect(Self.signal([Condition(code: code, system: .snomed)])?.level == "high")
    }

    @Test func aCompletedSuicideConceptIsNotCatalogued() {
        // 44301001 "Suicide" records a death; a living patient's record with it is a data error.
        #expect(catalog.category(forCode: "44301001", system: .snomed) == nil)
    }

    // MARK: Clinical status

    @Test func aResolvedSuicideAttemptStillRaisesTheSignalAsHistory() throws {
        let attempt = Condition(
            code: "287182007", system: .snomed, display: "Attempted suicide by suffocation", status: .resolved,
            date: F.day("2019-03-02"))
        let flag = try #require(Self.signal([attempt]))
        #expect(flag.level == "high")
        #expect(flag.evidence == ["History (resolved): Attempted suicide by suffocation (287182007) on 2019-03-02"])
        for code in ["T14.91XA", "X78.1XXA", "T43.222A", "Z91.51"] {
            #expect(Self.signal([Condition(code: code, system: .icd10, status: .resolved)]) != nil, "\(code)")
        }
    }

    @Test func resolvedIdeationAndRuledOutCodesDoNotRaiseTheSignal() {
        #expect(Self.signal([Condition(code: "R45.851", system: .icd10, status: .resolved)]) == nil)
        #expect(Self.signal([Condition(code: "6471006", system: .snomed, status: .resolved)]) == nil)
        #expect(Self.signal([Condition(code: "82313006", system: .snomed, status: .ruledOut)]) == nil)
        #expect(Self.signal([Condition(code: "T43.222A", system: .icd10, status: .ruledOut)]) == nil)
    }

    @Test func anActiveCodeKeepsItsActiveWording() throws {
        let flag = try #require(Self.signal([Condition(code: "R45.851", system: .icd10, display: "Suicidal ideations")]))
        #expect(flag.evidence == ["Active diagnosis: Suicidal ideations (R45.851)"])
    }

    @Test func aCodeWithoutADisplayIsNamedByTheCataloguesLabel() throws {
        let flag = try #require(Self.signal([Condition(code: "T43.222A", system: .icd10)]))
        #expect(flag.evidence == ["Active diagnosis: Poisoning or toxic effect, intentional self-harm (T43.222A)"])
        let unlabelled = try #require(Self.signal([Condition(category: "suicide-risk")]))
        #expect(unlabelled.evidence == ["Active diagnosis: suicide risk"])
    }

    @Test func aResolvedAttemptDoesNotLowerACriticalItemAnswer() throws {
        let record = PatientRecord(
            id: "p", conditions: [Condition(code: "82313006", system: .snomed, status: .resolved)])
        let answers = [F.scored("cssrs-screener", "2026-11-10", total: nil, flags: ["cssrs-high-risk"])]
        let flag = try #require(
            SafetyScreen.evaluate(record, measurements: answers, context: F.context(), knowledge: F.knowledge).first)
        #expect(flag.id == "suicide-risk")
        #expect(flag.level == "critical")
    }
}
