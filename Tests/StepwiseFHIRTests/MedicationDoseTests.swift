// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import StepwiseFHIR
import Testing

@Suite struct MedicationDoseTests {
    let mapper = FHIRRecordMapper(knowledge: MappingFixtures.knowledge)
    static let rxnorm = FHIRSystem.rxnorm

    func statement(
        _ display: String, code: String? = nil, dose: Double, unit: String?, frequency: Int = 1, period: Double = 1,
        periodUnit: String = "d"
    ) -> R4.Resource {
        var repeatRule = R4.Timing.Repeat(frequency: frequency, period: period, periodUnit: periodUnit)
        repeatRule.periodMax = nil
        let dosage = R4.Dosage(
            timing: R4.Timing(repeat: repeatRule),
            doseAndRate: [R4.Dosage.DoseAndRate(doseQuantity: R4.Quantity(value: dose, unit: unit))])
        var resource = R4.MedicationStatement(
            id: "m1", status: "active",
            medicationCodeableConcept: R4.CodeableConcept(coding: [R4.Coding(system: Self.rxnorm, code: code, display: display)]),
            subject: R4.Reference(reference: "Patient/p1"))
        resource.effectiveDateTime = "2024-01-01"
        resource.dosage = [dosage]
        return .medicationStatement(resource)
    }

    func dose(_ resource: R4.Resource) -> Double? {
        mapper.map(resources: [resource]).records.first?.trials.first?.doses.first?.mgPerDay
    }

    @Test(arguments: [
        // (display, dose, unit, frequency, period, periodUnit, expected mg/day)
        ("sertraline 50 MG Oral Tablet", 2.0, nil as String?, 1, 1.0, "d", 100.0),
        ("sertraline 50 MG Oral Tablet", 1.0, "{tbl}", 2, 1.0, "d", 100.0),
        ("venlafaxine 37.5 MG Oral Tablet", 1.0, "TAB", 1, 8.0, "h", 112.5),
        ("fluoxetine 20 MG Oral Capsule", 3.0, nil, 1, 1.0, "wk", 60.0 / 7),
        ("sertraline 20 MG/ML Oral Solution", 2.5, "mL", 1, 1.0, "d", 50.0),
        ("liothyronine sodium 0.025 MG Oral Tablet", 25.0, "ug", 1, 1.0, "d", 0.025),
        ("bupropion hydrochloride 150 MG Extended Release Oral Tablet", 1.0, nil, 2, 1.0, "d", 300.0),
        ("escitalopram", 10.0, "mg", 1, 2.0, "d", 5.0),
    ])
    func dailyDoseIsStrengthTimesQuantityTimesFrequency(
        display: String, amount: Double, unit: String?, frequency: Int, period: Double, periodUnit: String, expected: Double
    ) throws {
        let mg = try #require(dose(statement(display, dose: amount, unit: unit, frequency: frequency, period: period, periodUnit: periodUnit)))
        #expect(abs(mg - expected) < 1e-9)
    }

    @Test(arguments: [
        ("fluoxetine", 2.0, nil as String?, "d"),  // ingredient only: tablets of unknown strength
        ("fluoxetine 20 MG Oral Capsule", 5.0, "mL", "d"),  // mL of a capsule
        ("fluoxetine 20 MG Oral Capsule", 20.0, "mmol", "d"),  // not mg
        ("fluoxetine 20 MG Oral Capsule", 1.0, nil, "mo"),  // monthly period unit not read
    ])
    func unreadableDosesAreUnknownAndReported(display: String, amount: Double, unit: String?, periodUnit: String) throws {
        let result = mapper.map(resources: [statement(display, dose: amount, unit: unit, periodUnit: periodUnit)])
        let trial = try #require(result.records.first?.trials.first)
        #expect(trial.agent == "fluoxetine")
        #expect(trial.doses.isEmpty)
        #expect(result.issues.contains { $0.resource == "MedicationStatement/m1" && $0.reason.contains("unknown") })
    }

    @Test func aMedicationReferenceIsResolvedInTheSameInput() throws {
        var request = R4.MedicationRequest(id: "r1", status: "active", subject: R4.Reference(reference: "Patient/p1"))
        request.medicationReference = R4.Reference(reference: "Medication/med1")
        request.authoredOn = "2024-03-01"
        request.dosageInstruction = [
            R4.Dosage(
                timing: R4.Timing(repeat: R4.Timing.Repeat(frequency: 1, period: 1, periodUnit: "d")),
                doseAndRate: [R4.Dosage.DoseAndRate(doseQuantity: R4.Quantity(value: 1))])
        ]
        let medication = R4.Medication(
            id: "med1",
            code: R4.CodeableConcept(coding: [R4.Coding(system: Self.rxnorm, code: "313581", display: "24 HR venlafaxine 150 MG Extended Release Oral Capsule")]))
        let result = mapper.map(resources: [.medicationRequest(request), .medication(medication)])
        let trial = try #require(result.records.first?.trials.first)
        #expect(trial.agent == "venlafaxine")
        #expect(trial.doses.first?.mgPerDay == 150)
    }

    @Test func aProposedOrderIsNotATrial() {
        var request = R4.MedicationRequest(
            id: "r2", status: "active", intent: "proposal",
            medicationCodeableConcept: R4.CodeableConcept(coding: [R4.Coding(system: Self.rxnorm, code: "36437", display: "sertraline")]),
            subject: R4.Reference(reference: "Patient/p1"))
        request.authoredOn = "2024-03-01"
        let result = mapper.map(resources: [.medicationRequest(request)])
        #expect(result.records.isEmpty)
        #expect(result.issues.first?.path == "intent")
    }

    @Test func ordersMoreThan30DaysAfterADocumentedEndStartANewTrial() throws {
        func course(_ id: String, _ start: String, _ end: String) -> R4.Resource {
            guard case .medicationStatement(var statement) = self.statement("sertraline 50 MG Oral Tablet", dose: 1, unit: nil) else {
                return .other("none")
            }
            statement.id = id
            statement.status = "completed"
            statement.effectiveDateTime = nil
            statement.effectivePeriod = R4.Period(start: start, end: end)
            return .medicationStatement(statement)
        }
        let joined = mapper.map(resources: [course("a", "2024-01-01", "2024-02-01"), course("b", "2024-03-02", "2024-04-01")])
        #expect(joined.records.first?.trials.count == 1)
        let split = mapper.map(resources: [course("a", "2024-01-01", "2024-02-01"), course("b", "2024-03-03", "2024-04-01")])
        #expect(split.records.first?.trials.count == 2)
    }
}

@Suite struct ValidatorSanityTests {
    @Test(.enabled(if: FHIRPythonValidator.isAvailable, "python3 with fhir.resources is not installed: \(FHIRPythonValidator.pipLine)"))
    func theExternalValidatorRejectsAnInvalidResource() throws {
        let missingStatus = #"{"resourceType":"Observation","code":{"text":"x"},"valueInteger":1,"valueString":"two"}"#
        #expect(try FHIRPythonValidator.problems(in: Data(missingStatus.utf8)) != nil)
    }
}
