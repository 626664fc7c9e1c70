// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import StepwiseFHIR

/// The tape decoder must extract the same values as Foundation's `JSONDecoder` with the R4
/// `Codable` types, for every element the mapping reads.
@Suite struct BulkImportDecoderTests {
    /// Every line of the fixture export, decoded both ways.
    static func fixtureLines() throws -> [String] {
        let folder = try BulkFixtures.path("export")
        var lines: [String] = []
        for name in ["Patient", "Observation", "MedicationRequest", "Condition"] {
            let text = try String(contentsOfFile: "\(folder)/\(name).ndjson", encoding: .utf8)
            lines += text.split(separator: "\n").map(String.init)
        }
        return lines + handWritten
    }

    /// Shapes the generator does not write: statements, dispenses, components with integers,
    /// periods, escapes in strings, nulls for absent elements.
    static let handWritten = [
        #"{"resourceType":"MedicationStatement","id":"ms1","status":"stopped","statusReason":[{"text":"Side effects","coding":[{"system":"http://snomed.info/sct","code":"281647001","display":"Adverse reaction"}]}],"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"4493","display":"fluoxetine 20 MG Oral Capsule"}]},"subject":{"reference":"Patient/p\u00e9"},"effectivePeriod":{"start":"2023-01-05","end":"2023-03-01"},"dosage":[{"sequence":1,"asNeededBoolean":false,"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","boundsDuration":{"value":8,"unit":"wk","code":"wk"}}},"doseAndRate":[{"doseQuantity":{"value":20,"unit":"mg"}}]}]}"#,
        #"{"resourceType":"MedicationDispense","id":"md1","status":"completed","medicationReference":{"reference":"Medication/m1"},"subject":{"reference":"Patient/p1"},"daysSupply":{"value":30,"unit":"d"},"quantity":{"value":30},"whenHandedOver":"2023-02-01T10:00:00Z","authorizingPrescription":[{"reference":"MedicationRequest/r1"}]}"#,
        #"{"resourceType":"Observation","id":"panel","status":"amended","code":{"coding":[{"system":"http://loinc.org","code":"44249-1"}]},"subject":{"reference":"Patient/p1"},"effectivePeriod":{"start":"2023-04-01"},"component":[{"code":{"coding":[{"system":"http://loinc.org","code":"44250-9"}]},"valueInteger":2},{"code":{"coding":[{"system":"http://loinc.org","code":"44260-8"}]},"valueCodeableConcept":{"coding":[{"system":"http://loinc.org","code":"LA6570-1"}]}}],"hasMember":[{"reference":"Observation/x"}],"derivedFrom":[{"reference":"QuestionnaireResponse/q"}],"valueString":"line\nbreak \"quoted\""}"#,
        #"{"resourceType":"Condition","id":"c1","subject":{"reference":"Patient/p1"},"code":{"text":"MDD","coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"F33.2","display":"Major depressive disorder, recurrent severe without psychotic features"}]},"severity":null,"onsetPeriod":{"start":"2020"},"abatementDateTime":"2021-01-01","verificationStatus":{"coding":[{"code":"confirmed"}]}}"#,
        #"{"resourceType":"Patient","id":"p1","active":true,"gender":"other","birthDate":"1970","deceasedBoolean":false}"#,
    ]

    @Test func decodesEveryFixtureLineToTheSameValuesAsJSONDecoder() throws {
        let lines = try Self.fixtureLines()
        #expect(lines.count > 50)
        for line in lines {
            let foundation = try JSONDecoder().decode(R4.Resource.self, from: Data(line.utf8))
            let fast = try Self.decode(line)
            #expect(Self.essentials(fast) == Self.essentials(foundation), "\(fast.resourceType)/\(fast.id ?? "-")")
        }
    }

    static func decode(_ line: String) throws -> R4.Resource {
        let bytes = Array(line.utf8)
        return try bytes.withUnsafeBytes { buffer in
            var tape = JSONTape()
            try tape.parse(buffer)
            return try BulkResourceDecoder.decode(tape, root: 0, expectedType: nil)
        }
    }

    /// The elements the mapping reads, so values the tape decoder skips on purpose (narrative,
    /// identifiers, Observation code display) do not count.
    static func essentials(_ resource: R4.Resource) -> R4.Resource {
        switch resource {
        case .observation(var o):
            o.meta = nil
            o.text = nil
            o.identifier = nil
            o.encounter = nil
            o.performer = nil
            o.interpretation = nil
            o.note = nil
            o.method = nil
            o.code = stripDisplay(o.code)
            o.category = nil  // checked for shape, not kept (nothing reads it)
            o.issued = nil  // likewise
            o.valueCodeableConcept = o.valueCodeableConcept.map(stripDisplay)
            o.dataAbsentReason = o.dataAbsentReason.map(stripDisplay)
            o.subject = o.subject.map { R4.Reference(reference: $0.reference, type: $0.type) }
            o.hasMember = o.hasMember?.map { R4.Reference(reference: $0.reference, type: $0.type) }
            o.derivedFrom = o.derivedFrom?.map { R4.Reference(reference: $0.reference, type: $0.type) }
            o.component = o.component?.map { component in
                var c = component
                c.code = stripDisplay(c.code)
                c.valueCodeableConcept = c.valueCodeableConcept.map(stripDisplay)
                c.dataAbsentReason = c.dataAbsentReason.map(stripDisplay)
                return c
            }
            return .observation(o)
        case .patient(var p):
            p.meta = nil
            p.identifier = nil
            return .patient(p)
        case .condition(var c):
            c.meta = nil
            c.encounter = nil
            c.note = nil
            c.clinicalStatus = c.clinicalStatus.map(stripDisplay)
            c.verificationStatus = c.verificationStatus.map(stripDisplay)
            c.category = c.category?.map(stripDisplay)
            c.subject = c.subject.map { R4.Reference(reference: $0.reference, type: $0.type) }
            return .condition(c)
        case .medicationRequest(var r):
            r.meta = nil
            r.encounter = nil
            r.requester = nil
            r.note = nil
            r.reasonCode = r.reasonCode?.map(stripDisplay)
            r.subject = r.subject.map { R4.Reference(reference: $0.reference, type: $0.type) }
            r.medicationReference = r.medicationReference.map { R4.Reference(reference: $0.reference, type: $0.type) }
            r.dosageInstruction = r.dosageInstruction?.map(essentials)
            return .medicationRequest(r)
        case .medicationStatement(var s):
            s.meta = nil
            s.note = nil
            s.reasonCode = s.reasonCode?.map(stripDisplay)
            s.subject = s.subject.map { R4.Reference(reference: $0.reference, type: $0.type) }
            s.dosage = s.dosage?.map(essentials)
            return .medicationStatement(s)
        case .medicationDispense(var d):
            d.meta = nil
            d.subject = d.subject.map { R4.Reference(reference: $0.reference, type: $0.type) }
            d.medicationReference = d.medicationReference.map { R4.Reference(reference: $0.reference, type: $0.type) }
            d.authorizingPrescription = d.authorizingPrescription?.map { R4.Reference(reference: $0.reference, type: $0.type) }
            d.dosageInstruction = d.dosageInstruction?.map(essentials)
            return .medicationDispense(d)
        default:
            return resource
        }
    }

    static func stripDisplay(_ concept: R4.CodeableConcept) -> R4.CodeableConcept {
        R4.CodeableConcept(coding: concept.coding?.map { R4.Coding(system: $0.system, code: $0.code) }, text: nil)
    }

    static func essentials(_ dosage: R4.Dosage) -> R4.Dosage {
        var d = dosage
        d.route = nil
        d.timing?.event = nil
        d.timing?.repeat?.dayOfWeek = nil
        d.timing?.repeat?.timeOfDay = nil
        d.timing?.repeat?.when = nil
        if let code = d.timing?.code { d.timing?.code = stripDisplay(code) }
        d.doseAndRate = d.doseAndRate?.map { R4.Dosage.DoseAndRate(doseQuantity: $0.doseQuantity) }
        return d
    }

    static let rejected: [(String, BulkRejectReason, String)] = [
        (#"[1]"#, .notAnObject, "JSON object"),
        (#"{"id":"x"}"#, .missingResourceType, "resourceType"),
        (#"{"resourceType":7}"#, .missingResourceType, "resourceType"),
        (#"{"resourceType":"Obsrvation"}"#, .wrongResourceType, "not a FHIR R4 resource type"),
        (#"{"resourceType":"Observation","code":{"coding":[]},"subject":{"reference":"Patient/1"}}"#, .missingRequiredElement, "Observation.status"),
        (#"{"resourceType":"Observation","status":"final","subject":{"reference":"Patient/1"}}"#, .missingRequiredElement, "Observation.code"),
        (#"{"resourceType":"Observation","status":"final","code":{}}"#, .missingRequiredElement, "Observation.subject.reference"),
        (#"{"resourceType":"Observation","status":true,"code":{}}"#, .wrongElementType, "Observation.status: expected a string"),
        (#"{"resourceType":"Observation","status":"final","code":{"coding":{"code":"x"}}}"#, .wrongElementType, "Observation.code.coding: expected a list"),
        (#"{"resourceType":"Observation","status":"final","code":{"coding":[{"code":5}]}}"#, .wrongElementType, "Observation.code.coding[0].code"),
        (#"{"resourceType":"Observation","status":"final","code":{},"valueInteger":2.5}"#, .wrongElementType, "Observation.valueInteger: expected a whole number"),
        // An Observation's category and issued are not kept, but a wrong shape is still refused as before.
        (#"{"resourceType":"Observation","status":"final","code":{},"category":"survey"}"#, .wrongElementType, "Observation.category: expected a list"),
        (#"{"resourceType":"Observation","status":"final","code":{},"category":["survey"]}"#, .wrongElementType, "Observation.category[0]: expected an object"),
        (#"{"resourceType":"Observation","status":"final","code":{},"category":[{"coding":{}}]}"#, .wrongElementType, "Observation.category[0].coding: expected a list"),
        (#"{"resourceType":"Observation","status":"final","code":{},"category":[{"coding":[7]}]}"#, .wrongElementType, "Observation.category[0].coding[0]: expected an object"),
        (#"{"resourceType":"Observation","status":"final","code":{},"category":[null,{"coding":[{"code":"x"},{"system":5}]}]}"#, .wrongElementType, "Observation.category[1].coding[1].system: expected a string"),
        (#"{"resourceType":"Observation","status":"final","code":{},"category":[{"coding":[{"code":false}]}]}"#, .wrongElementType, "Observation.category[0].coding[0].code: expected a string"),
        (#"{"resourceType":"Observation","status":"final","code":{},"issued":20240101}"#, .wrongElementType, "Observation.issued: expected a string"),
        (#"{"resourceType":"Observation","status":"final","code":{},"category":{},"issued":1}"#, .wrongElementType, "Observation.category: expected a list"),
        (#"{"resourceType":"Observation","status":"final","code":{},"issued":1,"category":{}}"#, .wrongElementType, "Observation.issued: expected a string"),
        (#"{"resourceType":"MedicationRequest","status":"active","subject":{"reference":"Patient/1"}}"#, .missingRequiredElement, "MedicationRequest.intent"),
        (#"{"resourceType":"MedicationRequest","status":"active","intent":"order","subject":{"reference":"Patient/1"},"dosageInstruction":[{"doseAndRate":[{"doseQuantity":{"value":"20"}}]}]}"#, .wrongElementType, "MedicationRequest.dosageInstruction[0].doseAndRate[0].doseQuantity.value: expected a number"),
        (#"{"resourceType":"Procedure","subject":{"reference":"Patient/1"}}"#, .missingRequiredElement, "status"),
    ]

    @Test(arguments: rejected)
    func rejectsBadResourcesWithAReasonAndPath(_ line: String, _ reason: BulkRejectReason, _ message: String) throws {
        #expect {
            _ = try Self.decode(line)
        } throws: { error in
            guard let failure = error as? BulkResourceDecoder.Failure else { return false }
            return failure.reason == reason && failure.message.contains(message)
        }
    }

    @Test func neverEchoesValuesInItsErrors() throws {
        let line = #"{"resourceType":"Observation","status":"final","code":{"coding":[{"code":"SECRET-NAME"}]},"subject":{"reference":"Patient/1"},"valueInteger":"Jane Doe"}"#
        do {
            _ = try Self.decode(line)
            Issue.record("a string valueInteger was accepted")
        } catch let failure as BulkResourceDecoder.Failure {
            #expect(!failure.message.contains("Jane"))
            #expect(!failure.message.contains("SECRET"))
        }
    }

    @Test func rejectsAResourceTypeThatDiffersFromTheFile() throws {
        let bytes = Array(#"{"resourceType":"Patient","id":"p"}"#.utf8)
        try bytes.withUnsafeBytes { buffer in
            var tape = JSONTape()
            try tape.parse(buffer)
            #expect(throws: BulkResourceDecoder.Failure.self) {
                _ = try BulkResourceDecoder.decode(tape, root: 0, expectedType: "Observation")
            }
            #expect(try BulkResourceDecoder.decode(tape, root: 0, expectedType: "Patient").resourceType == "Patient")
        }
    }

    @Test func countsTypesStepwiseDoesNotUseWithoutDecodingThem() throws {
        let resource = try Self.decode(#"{"resourceType":"Claim","id":"c","anything":{"deep":[1,2,3]}}"#)
        #expect(resource == .other("Claim"))
    }

    @Test func namesTheResourceTypeOfABulkDataFile() {
        #expect(FHIRResourceTypes.declared(byFileName: "Observation.ndjson") == "Observation")
        #expect(FHIRResourceTypes.declared(byFileName: "Observation.000.ndjson.gz") == "Observation")
        #expect(FHIRResourceTypes.declared(byFileName: "1.MedicationRequest.ndjson") == "MedicationRequest")
        #expect(FHIRResourceTypes.declared(byFileName: "export.ndjson") == nil)
    }
}
