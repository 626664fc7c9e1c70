// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import StepwiseFHIR
import Testing

@Suite struct ScoreCodeVariantTests {
    let mapper = FHIRRecordMapper(knowledge: MappingFixtures.knowledge)

    func observation(system: String, code: String, value: R4.Quantity? = nil, integer: Int? = nil) -> R4.Resource {
        var observation = R4.Observation(
            id: "o1", status: "final", code: R4.CodeableConcept(coding: [R4.Coding(system: system, code: code)]),
            subject: R4.Reference(reference: "Patient/p1"))
        observation.effectiveDateTime = "2024-02-01T08:00:00Z"
        observation.valueQuantity = value
        observation.valueInteger = integer
        return .observation(observation)
    }

    @Test(arguments: [("44249-1", "phq9"), ("55757-9", "phq2")])
    func aTotalWrittenOnThePanelCodeIsReadAndReported(panel: String, instrument: String) throws {
        let result = mapper.map(resources: [observation(system: FHIRSystem.loinc, code: panel, value: R4.Quantity(value: 2, unit: "{score}"))])
        let measurement = try #require(result.records.first?.measurements.first)
        #expect(measurement.instrument == instrument)
        #expect(measurement.total == 2)
        #expect(result.issues.contains { $0.path == "code" && $0.reason.contains("panel code") })
    }

    @Test func aPanelWithoutAValueIsSkippedSilently() {
        let result = mapper.map(resources: [observation(system: FHIRSystem.loinc, code: "44249-1")])
        #expect(result.records.first?.measurements.isEmpty ?? true)
        #expect(result.issues.isEmpty)
    }

    @Test func theSnomedPhq9TotalIsReadWithACaveat() throws {
        let result = mapper.map(resources: [observation(system: FHIRSystem.snomed, code: "720433000", integer: 11)])
        let measurement = try #require(result.records.first?.measurements.first)
        #expect(measurement.instrument == "phq9")
        #expect(measurement.total == 11)
        #expect(result.issues.contains { $0.reason.contains("720433000") })
    }

    @Test func item9AloneIsKeptAsAnItemByNumber() throws {
        var item = R4.Observation(
            id: "o9", status: "final", code: R4.CodeableConcept(coding: [R4.Coding(system: FHIRSystem.loinc, code: "44260-8")]),
            subject: R4.Reference(reference: "Patient/p1"))
        item.effectiveDateTime = "2024-02-01"
        item.valueCodeableConcept = R4.CodeableConcept(coding: [R4.Coding(system: FHIRSystem.loinc, code: "LA6571-9")])
        let result = mapper.map(resources: [.observation(item)])
        let measurement = try #require(result.records.first?.measurements.first)
        #expect(measurement.instrument == "phq9")
        #expect(measurement.items == ["9": 3])
        #expect(measurement.answers == nil)
    }

    @Test func aFrequencyRangeLeavesTheDoseUnknown() throws {
        var repeatRule = R4.Timing.Repeat(frequency: 1, period: 1, periodUnit: "d")
        repeatRule.frequencyMax = 2
        var statement = R4.MedicationStatement(
            id: "m1", status: "active",
            medicationCodeableConcept: R4.CodeableConcept(coding: [R4.Coding(system: FHIRSystem.rxnorm, display: "sertraline 50 MG Oral Tablet")]),
            subject: R4.Reference(reference: "Patient/p1"))
        statement.effectiveDateTime = "2024-01-01"
        statement.dosage = [R4.Dosage(timing: R4.Timing(repeat: repeatRule), doseAndRate: [R4.Dosage.DoseAndRate(doseQuantity: R4.Quantity(value: 1))])]
        let result = mapper.map(resources: [.medicationStatement(statement)])
        #expect(result.records.first?.trials.first?.doses.isEmpty == true)
        #expect(result.issues.contains { $0.path.hasSuffix("frequencyMax") })
    }
}
