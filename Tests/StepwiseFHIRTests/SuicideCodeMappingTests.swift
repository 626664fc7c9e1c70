// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import StepwiseFHIR
import Testing

/// Suicide-related Conditions as Synthea and EHRs write them reach the suicide-risk signal through the
/// FHIR mapper: a resolved SNOMED CT attempt as history, an ICD-10-CM self-harm poisoning by its intent
/// character, a refuted one not at all.
@Suite struct SuicideCodeMappingTests {
    static func condition(_ id: String, system: String, code: String, display: String, clinical: String, verification: String = "confirmed") -> String {
        """
        {"fullUrl": "urn:uuid:\(id)", "resource": {"resourceType": "Condition", "id": "\(id)",
          "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "\(clinical)"}]},
          "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "\(verification)"}]},
          "code": {"coding": [{"system": "\(system)", "code": "\(code)", "display": "\(display)"}]},
          "subject": {"reference": "urn:uuid:p1"}, "onsetDateTime": "2019-03-02T10:00:00-05:00"}}
        """
    }

    static func bundle(_ conditions: [String]) -> Data {
        let patient = #"{"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1980-04-12"}}"#
        return Data(#"{"resourceType": "Bundle", "type": "collection", "entry": [\#(([patient] + conditions).joined(separator: ","))]}"#.utf8)
    }

    static func signal(_ conditions: [String]) throws -> SafetyFlag? {
        let result = try FHIRRecordMapper(knowledge: MappingFixtures.knowledge).map(bundleData: bundle(conditions))
        let record = try #require(result.records.first)
        let report = try Assessor(knowledge: MappingFixtures.knowledge).assess(record, asOf: MappingFixtures.day("2026-11-21"))
        return report.safety.first { $0.id == "suicide-risk" }
    }

    static let snomed = "http://snomed.info/sct"
    static let icd10 = "http://hl7.org/fhir/sid/icd-10-cm"

    @Test func aResolvedSyntheaAttemptRaisesTheSignalAsHistory() throws {
        let flag = try #require(
            try Self.signal([
                Self.condition("c1", system: Self.snomed, code: "287182007", display: "Attempted suicide by suffocation", clinical: "resolved")
            ]))
        #expect(flag.level == "high")
        #expect(flag.evidence == ["History (resolved): Attempted suicide by suffocation (287182007) on 2019-03-02"])
    }

    @Test func anICD10SelfHarmPoisoningRaisesTheSignal() throws {
        let flag = try #require(
            try Self.signal([
                Self.condition(
                    "c2", system: Self.icd10, code: "T43.222A",
                    display: "Poisoning by selective serotonin reuptake inhibitors, intentional self-harm, initial encounter",
                    clinical: "active")
            ]))
        #expect(flag.evidence.first?.hasPrefix("Active diagnosis: Poisoning by selective serotonin") == true)
    }

    @Test func aRefutedAttemptAndAnAccidentalPoisoningDoNot() throws {
        #expect(
            try Self.signal([
                Self.condition("c3", system: Self.snomed, code: "82313006", display: "Suicide attempt", clinical: "active", verification: "refuted"),
                Self.condition(
                    "c4", system: Self.icd10, code: "T43.221A",
                    display: "Poisoning by selective serotonin reuptake inhibitors, accidental (unintentional), initial encounter",
                    clinical: "active"),
            ]) == nil)
    }
}
