// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import Testing

@testable import StepwiseFHIR

/// Mapping issues name elements and codes, never free text (QA F16): a medication, condition,
/// observation or procedure named in text or a display (which may hold a name, a record number or
/// an address) is not quoted in any issue, on either mapping path.
@Suite struct MappingIssuePrivacyTests {
    static let lines = [
        #"{"resourceType":"Patient","id":"p1"}"#,
        #"{"resourceType":"Condition","id":"c1","subject":{"reference":"Patient/p1"},"code":{"text":"JANE DOE MRN 123456 bipolar per sister"}}"#,
        #"{"resourceType":"MedicationStatement","id":"m1","status":"active","subject":{"reference":"Patient/p1"},"effectiveDateTime":"2026-01-01","medicationCodeableConcept":{"text":"JANE DOE special compound 5 MG"}}"#,
        #"{"resourceType":"MedicationStatement","id":"m2","status":"active","subject":{"reference":"Patient/p1"},"effectiveDateTime":"2026-01-01","medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"999999","display":"JANE DOE compound"}]}}"#,
        #"{"resourceType":"Observation","id":"o1","status":"final","subject":{"reference":"Patient/p1"},"effectiveDateTime":"2026-01-01","code":{"coding":[{"system":"http://loinc.org","code":"8480-6","display":"JANE DOE note"}]},"valueQuantity":{"value":120}}"#,
        #"{"resourceType":"Observation","id":"o2","status":"final","subject":{"reference":"Patient/p1"},"effectiveDateTime":"2026-01-01","code":{"text":"JANE DOE free note"},"valueString":"JANE DOE"}"#,
        #"{"resourceType":"Procedure","id":"pr1","status":"completed","subject":{"reference":"Patient/p1"},"performedDateTime":"2026-01-01","code":{"text":"JANE DOE electroconvulsive therapy at home address 12 Main St"}}"#,
    ]

    @Test func noIssueQuotesFreeTextOnEitherPath() {
        let lines = TapeObservationMappingTests.lines(Self.lines)
        let decoded = TapeObservationMappingTests.decodedPath(lines).result
        let (tape, _) = TapeObservationMappingTests.tapePath(lines)
        for result in [decoded, tape.result] {
            #expect(!result.issues.isEmpty)
            for issue in result.issues {
                let text = "\(issue.resource) \(issue.path) \(issue.reason)"
                #expect(!text.contains("JANE"), "\(issue.path)")
                #expect(!text.contains("123456"))
                #expect(!text.contains("Main St"))
            }
        }
        #expect(decoded.issues.contains { $0.reason.hasPrefix("RxNorm 999999 is not an antidepressant") })
        #expect(decoded.issues.contains { $0.reason.hasPrefix("the medication (named in free text only, 30 characters, no RxNorm code)") })
        #expect(decoded.issues.contains { $0.reason.hasPrefix("LOINC 8480-6 is not an instrument") })
    }
}
