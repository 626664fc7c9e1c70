// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import StepwiseFHIR

/// A resource and its patient land in the same partition whatever spaces surround the reference.
@Suite struct BulkPartitionKeyTests {
    static func key(_ json: String, type: String) -> String? {
        let bytes = Array(json.utf8)
        return bytes.withUnsafeBytes { buffer -> String? in
            var tape = JSONTape()
            do throws(JSONSyntaxError) { try tape.parse(buffer) } catch { return nil }
            return BulkResourceDecoder.patientKey(tape, root: 0, type: type).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    @Test(arguments: [
        "Patient/x", "  Patient/x ", " Patient/x/_history/2", "http://example.org/fhir/Patient/x", "urn:uuid:x ", "x",
    ])
    func aReferenceGivesThePatientsOwnKey(reference: String) {
        let observation = #"{"resourceType":"Observation","subject":{"reference":"\#(reference)"}}"#
        #expect(Self.key(observation, type: "Observation") == "x")
        #expect(Self.key(#"{"resourceType":"Patient","id":"x"}"#, type: "Patient") == "x")
    }

    @Test func aBlankReferenceHasNoKey() {
        #expect(Self.key(#"{"resourceType":"Observation","subject":{"reference":"   "}}"#, type: "Observation") == nil)
        #expect(Self.key(#"{"resourceType":"Observation"}"#, type: "Observation") == nil)
    }
}
