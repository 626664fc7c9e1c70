// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import StepwiseFHIR
import Testing

/// A positive safety item reaches the EHR as a coded answer, and a partial administration's missing
/// total is "unknown", not "not applicable" (QA F15).
@Suite struct SafetyItemExportTests {
    static func bundle(_ measurements: [StepwiseCore.Measurement]) throws -> R4.Bundle {
        let record = PatientRecord(id: "p-safety", measurements: measurements)
        let report = try Assessor(knowledge: MappingFixtures.knowledge).assess(record, asOf: MappingFixtures.day("2026-11-21"))
        return FHIRReportExporter(knowledge: MappingFixtures.knowledge).bundle(report: report, record: record)
    }

    static func scoreObservations(_ bundle: R4.Bundle) -> [R4.Observation] {
        (bundle.entry ?? []).compactMap {
            guard case .observation(let observation) = $0.resource,
                observation.code.coding?.contains(where: { $0.code == "score-phq9" }) == true
            else { return nil }
            return observation
        }
    }

    @Test func aPHQ9ItemNineGivenAloneExportsAnUnknownTotalAndTheCodedAnswer() throws {
        var partial = StepwiseCore.Measurement(instrument: "phq9", date: MappingFixtures.day("2026-11-01"))
        partial.items = ["9": 2]
        let observation = try #require(Self.scoreObservations(try Self.bundle([partial])).first)
        #expect(observation.valueInteger == nil)
        #expect(observation.dataAbsentReason?.coding?.first?.code == "unknown")
        let component = try #require(observation.component?.first)
        let codes: [String] = (component.code.coding ?? []).compactMap { $0.code }
        #expect(codes == ["44260-8", "phq9-item-9"])
        #expect(component.valueCodeableConcept?.coding?.first?.code == "LA6570-1")  // "More than half the days" = 2
    }

    @Test func aCompleteAdministrationCarriesItsPositiveItemAndANegativeOneCarriesNone() throws {
        let positive = StepwiseCore.Measurement(
            instrument: "phq9", date: MappingFixtures.day("2026-11-01"), answers: [1, 1, 1, 1, 1, 1, 1, 1, 3])
        let negative = StepwiseCore.Measurement(
            instrument: "phq9", date: MappingFixtures.day("2026-11-08"), answers: [1, 1, 1, 1, 1, 1, 1, 1, 0])
        let observations = Self.scoreObservations(try Self.bundle([positive, negative]))
        #expect(observations.count == 2)
        let withItem = try #require(observations.first { $0.effectiveDateTime == "2026-11-01" })
        #expect(withItem.valueInteger == 11)
        #expect(withItem.component?.first?.valueCodeableConcept?.coding?.first?.code == "LA6571-9")  // "Nearly every day" = 3
        let without = try #require(observations.first { $0.effectiveDateTime == "2026-11-08" })
        #expect(without.component == nil)
    }

    @Test(.enabled(if: FHIRPythonValidator.isAvailable, "python3 with fhir.resources is not installed: \(FHIRPythonValidator.pipLine)"))
    func theExportWithASafetyComponentIsValidR4B() throws {
        var partial = StepwiseCore.Measurement(instrument: "phq9", date: MappingFixtures.day("2026-11-01"))
        partial.items = ["9": 1]
        let bundle = try Self.bundle([partial])
        #expect(try FHIRPythonValidator.problems(in: FHIRJSON.encode(bundle)) == nil)
    }
}
