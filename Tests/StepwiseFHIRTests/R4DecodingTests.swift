// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import StepwiseFHIR
import Testing

@Suite struct R4DecodingTests {
    @Test func syntheaTransactionBundleDecodesEveryEntry() throws {
        let resource = try FHIRJSON.decodeResource(MappingFixtures.data("synthea-bundle.json"))
        guard case .bundle(let bundle) = resource else {
            Issue.record("expected a Bundle")
            return
        }
        #expect(bundle.type == "transaction")
        let entries = try #require(bundle.entry)
        #expect(entries.count == 30)
        #expect(entries.allSatisfy { $0.problem == nil && $0.resource != nil })
        #expect(entries.first?.request?.method == "POST")
    }

    @Test func unknownResourceTypesAreKeptAsOther() throws {
        let resource = try FHIRJSON.decodeResource(MappingFixtures.data("synthea-bundle.json"))
        guard case .bundle(let bundle) = resource else { return }
        let types = (bundle.entry ?? []).compactMap(\.resource).filter { if case .other = $0 { true } else { false } }.map(\.resourceType)
        #expect(types == ["Claim", "ExplanationOfBenefit"])
    }

    @Test func unknownElementsAreIgnored() throws {
        let json = #"{"resourceType":"Patient","id":"p1","gender":"female","name":[{"family":"X"}],"madeUp":{"a":[1,2]}}"#
        let resource = try FHIRJSON.decodeResource(Data(json.utf8))
        guard case .patient(let patient) = resource else {
            Issue.record("expected a Patient")
            return
        }
        #expect(patient.gender == "female")
    }

    @Test func aBrokenEntryKeepsItsPlaceAndTheRestDecodes() throws {
        let resource = try FHIRJSON.decodeResource(MappingFixtures.data("unmappable-bundle.json"))
        guard case .bundle(let bundle) = resource else { return }
        let entries = try #require(bundle.entry)
        let broken = entries.enumerated().filter { $0.element.problem != nil }
        #expect(broken.count == 1)
        let problem = try #require(broken.first?.element.problem)
        #expect(problem.path.hasSuffix("resource.status"))
        #expect(entries.filter { $0.resource != nil }.count == entries.count - 1)
    }

    @Test func encodingAndDecodingAgainKeepsEveryResource() throws {
        let first = try FHIRJSON.decodeResource(MappingFixtures.data("synthea-bundle.json"))
        let encoded = try FHIRJSON.encode(first)
        let second = try FHIRJSON.decodeResource(encoded)
        #expect(first == second)
        #expect(try FHIRJSON.encode(second) == encoded)
    }

    @Test func malformedJSONNamesTheLineAndColumn() throws {
        let json = "{\n  \"resourceType\": \"Bundle\",\n  \"type\": \"collection\",\n  \"entry\": [ {\"resource\": } ]\n}"
        #expect {
            try FHIRJSON.decodeResource(Data(json.utf8))
        } throws: { error in
            guard let error = error as? StepwiseError else { return false }
            return error.code == .invalidInput && (error.location ?? "").hasPrefix("line 4, column 27")
        }
    }

    @Test func missingResourceTypeIsAClearError() throws {
        #expect {
            try FHIRJSON.decodeResource(Data(#"{"type":"collection"}"#.utf8))
        } throws: { error in
            (error as? StepwiseError)?.message.contains("resourceType") ?? false
        }
    }

    @Test(arguments: [
        (#"{"resourceType":"Bundle","type":"collection"}"#, true),
        (#"  {"id":"p1","resourceType":"Patient"}"#, true),
        (#"{"id":"p1","measurements":[{"resourceType":"Observation"}]}"#, false),
        (#"{"resourceType":"#, false),
        ("[1,2]", false),
    ])
    func fhirIsDetectedByATopLevelResourceType(json: String, expected: Bool) {
        #expect(FHIRRecordMapper.looksLikeFHIR(Data(json.utf8)) == expected)
    }
}
