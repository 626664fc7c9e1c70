// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

@Suite struct ConditionCatalogTests {
    let catalog = SafetyPlanFixtures.knowledge.conditions

    @Test(arguments: [
        ("F31.81", CodeSystem.icd10, "bipolar"), ("f3181", .icd10, "bipolar"), ("F90.0", .icd10, "adhd"),
        ("F43.12", .icd10, "ptsd"), ("F41.1", .icd10, "anxiety"), ("F60.3", .icd10, "personality-disorder"),
        ("E03.9", .icd10, "hypothyroidism"), ("E89.0", .icd10, "hypothyroidism"), ("G47.33", .icd10, "sleep-apnea"),
        ("E55.9", .icd10, "vitamin-d-deficiency"), ("F10.20", .icd10, "alcohol-use"), ("F12.10", .icd10, "substance-use"),
        ("F33.2", .icd10, "mdd"), ("F34.1", .icd10, "dysthymia"), ("F20.9", .icd10, "psychotic-disorder"),
        ("R45.851", .icd10, "suicide-risk"), ("t14.91xa", .icd10, "suicide-risk"), ("F33.2 ", .icd10, "mdd"),
        ("I71.4", .icd10, "esketamine-contraindication"), ("13746004", .snomed, "bipolar"), ("47505003", .snomed, "ptsd"),
        ("40930008", .snomed, "hypothyroidism"), ("78275009", .snomed, "sleep-apnea"), ("36474008", .snomed, "mdd"),
    ])
    func codesMapToCategories(code: String, system: CodeSystem, category: String) {
        #expect(catalog.category(forCode: code, system: system) == category)
    }

    @Test func theSystemIsInferredWhenNotGiven() {
        #expect(catalog.category(forCode: " F31.81 ", system: nil) == "bipolar")
        #expect(catalog.category(forCode: "13746004", system: nil) == "bipolar")
    }

    @Test func unknownCodesAndSystemsGiveNil() {
        #expect(catalog.category(forCode: "Z00.00", system: .icd10) == nil)
        #expect(catalog.category(forCode: "", system: nil) == nil)
        #expect(catalog.category(forCode: "F31.81", system: .loinc) == nil)
        #expect(catalog.category(forCode: "999999", system: .snomed) == nil)
        #expect(catalog.category(forCode: "13746004x", system: .snomed) == nil)
        #expect(catalog.category(forCode: "1234567890123456789012", system: .snomed) == nil)
    }

    @Test func psychoticFeaturesCodesAreRecognised() {
        #expect(catalog.indicatesPsychoticFeatures(code: "F33.3", system: .icd10))
        #expect(catalog.indicatesPsychoticFeatures(code: "28475009", system: .snomed))
        #expect(!catalog.indicatesPsychoticFeatures(code: "F33.2", system: .icd10))
    }

    @Test(arguments: [("3016-3", "tsh"), ("11579-0", "tsh"), ("11580-8", "tsh"), ("TSH", "tsh"), ("62292-8", "vitamin-d-25oh")])
    func labCodesMapToTests(code: String, test: String) {
        #expect(catalog.labTest(forCode: code) == test)
    }

    @Test func unknownLabIsNil() {
        #expect(catalog.labTest(forCode: "2345-7") == nil)
    }

    @Test(arguments: [
        (4.5, "mIU/L", LabReading.Status.normal), (4.51, "mIU/L", .high), (0.45, "mIU/L", .normal), (0.44, "uIU/mL", .low),
    ])
    func tshIsHighOnlyAboveTheRange(value: Double, unit: String, status: LabReading.Status) throws {
        let reading = try #require(catalog.interpret(LabResult(test: "tsh", value: value, unit: unit, date: SafetyPlanFixtures.asOf)))
        #expect(reading.status == status)
    }

    @Test func tshWithoutAUnitIsReadInMilliunits() throws {
        let reading = try #require(catalog.interpret(LabResult(test: "3016-3", value: 7, date: SafetyPlanFixtures.asOf)))
        #expect(reading.status == .high)
        #expect(reading.note != nil)
    }

    @Test(arguments: [
        (20.0, "ng/mL", LabReading.Status.normal), (19.9, "ng/mL", .low), (49.0, "nmol/L", .low), (50.0, "nmol/L", .normal),
    ])
    func vitaminDIsDeficientBelowTwentyNanogramsOrFiftyNanomoles(value: Double, unit: String, status: LabReading.Status) throws {
        let reading = try #require(
            catalog.interpret(LabResult(test: "62292-8", value: value, unit: unit, date: SafetyPlanFixtures.asOf)))
        #expect(reading.status == status)
    }

    @Test func vitaminDWithoutAUnitIsNotGuessed() throws {
        let reading = try #require(catalog.interpret(LabResult(test: "vitamin-d-25oh", value: 40, date: SafetyPlanFixtures.asOf)))
        #expect(reading.status == .unitUnknown)
        let odd = try #require(
            catalog.interpret(LabResult(test: "vitamin-d-25oh", value: 40, unit: "furlongs", date: SafetyPlanFixtures.asOf)))
        #expect(odd.status == .unitUnknown)
    }
}
