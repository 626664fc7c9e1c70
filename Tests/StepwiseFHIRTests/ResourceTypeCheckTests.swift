// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import StepwiseFHIR

/// The bulk decoder recognises the resource types the mapper reads by comparing the tape's bytes
/// with their names, and reads and checks any other `resourceType` as before. These tests compare
/// it with the former check (read the string, look it up among all FHIR R4 types) on every R4 type
/// and on awkward values.
@Suite struct ResourceTypeCheckTests {
    /// The former check, step by step.
    static func formerCheck(_ tape: JSONTape, expectedType: String?) -> Result<String, BulkResourceDecoder.Failure> {
        guard tape.kind(0) == .object else {
            return .failure(.init(reason: .notAnObject, message: "expected a JSON object (one FHIR resource)"))
        }
        var typeToken: Int?
        tape.forEachMember(0) { k, v in
            if tape.string(k, is: "resourceType") { typeToken = v }
        }
        guard let typeToken, let type = tape.string(typeToken), !type.isEmpty else {
            return .failure(.init(reason: .missingResourceType, message: "resourceType is missing or not a string"))
        }
        guard FHIRResourceTypes.all.contains(type) else {
            return .failure(.init(reason: .wrongResourceType, message: "resourceType is not a FHIR R4 resource type"))
        }
        if let expectedType, type != expectedType {
            return .failure(.init(reason: .wrongResourceType, message: "resourceType \(type) in a file of \(expectedType) resources"))
        }
        return .success(type)
    }

    static func check(_ json: String, expectedType: String?) throws -> (new: Result<String, BulkResourceDecoder.Failure>, old: Result<String, BulkResourceDecoder.Failure>) {
        var tape = JSONTape()
        let bytes = Array(json.utf8)
        return try bytes.withUnsafeBytes { raw in
            try tape.parse(raw)
            let new: Result<String, BulkResourceDecoder.Failure>
            do throws(BulkResourceDecoder.Failure) {
                new = .success(try BulkResourceDecoder.resourceType(tape, root: 0, expectedType: expectedType))
            } catch {
                new = .failure(error)
            }
            return (new, formerCheck(tape, expectedType: expectedType))
        }
    }

    static let awkward = [
        #""resourceType":"""#, #""resourceType":"observation""#, #""resourceType":"Observation ""#,
        #""resourceType":"Observ\u0061tion""#, #""resourceType":"Patient\/x""#, #""resourceType":5"#,
        #""resourceType":null"#, #""resourceType":["Patient"]"#, #""id":"x""#,
        #""resourceType":"Patient","resourceType":"Observation""#, #""resourceType":"Medication","id":"m""#,
        #""resourceType":"MedicationRequests""#, #""resourceType":"Medicatio""#, #""resourceType":"Bundle""#,
    ]

    @Test func everyFHIRTypeAndAwkwardValueGivesTheSameTypeOrFailure() throws {
        let members = FHIRResourceTypes.all.sorted().map { "\"resourceType\":\"\($0)\"" } + Self.awkward
        for member in members {
            for expected in [nil, "Observation", "Patient", "Medication"] as [String?] {
                let (new, old) = try Self.check("{\(member),\"status\":\"final\"}", expectedType: expected)
                #expect(new == old, "\(member) expected \(expected ?? "-")")
            }
        }
    }

    @Test func theMappedTypesAreFHIRTypesAndTheirBytesAreTheirNames() {
        #expect(BulkResourceDecoder.mappedTypeNames.count == 9)
        for entry in BulkResourceDecoder.mappedTypeNames {
            #expect(entry.bytes.description == entry.name)
            #expect(FHIRResourceTypes.all.contains(entry.name))
        }
        for type in FHIRResourceTypes.all.sorted() + ["", "observation", "Medications"] {
            #expect(BulkResourceDecoder.isMappedType(type) == BulkResourceDecoder.mappedTypes.contains(type))
        }
    }
}
