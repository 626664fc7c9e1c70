// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import Testing

@testable import StepwiseFHIR

/// Responses to Stepwise's own emitted Questionnaires are read back (QA F18): items without a LOINC
/// code by their `item-<n>` linkIds, answers by their `<instrument>-answer-<n>` codes in Stepwise's
/// code system; anything else about them is read as before.
@Suite struct OwnQuestionnaireResponseTests {
    static let patient = #"{"resourceType":"Patient","id":"p1","gender":"male"}"#

    static func response(_ id: String, questionnaire: String, items: [(linkId: String, code: String)]) -> String {
        let entries = items.map {
            #"{"linkId":"\#($0.linkId)","answer":[{"valueCoding":{"system":"http://stepwise.example.org/fhir/CodeSystem/stepwise","code":"\#($0.code)"}}]}"#
        }
        return #"{"resourceType":"QuestionnaireResponse","id":"\#(id)","status":"completed","authored":"2026-11-01","subject":{"reference":"Patient/p1"},"questionnaire":"\#(questionnaire)","item":[\#(entries.joined(separator: ","))]}"#
    }

    static func map(_ texts: [String]) -> FHIRMappingResult {
        TapeObservationMappingTests.decodedPath(TapeObservationMappingTests.lines(texts)).result
    }

    @Test func aPCL5ResponseToStepwisesOwnQuestionnaireIsScored() throws {
        let items = (1...20).map { (linkId: "item-\($0)", code: "pcl5-answer-\($0 % 5)") }
        let result = Self.map([
            Self.patient, Self.response("qr1", questionnaire: "http://stepwise.example.org/fhir/Questionnaire/pcl5", items: items),
        ])
        let measurement = try #require(result.records.first?.measurements.first { $0.instrument == "pcl5" })
        #expect(measurement.answers == (1...20).map { $0 % 5 })
        #expect(result.issues.isEmpty)
    }

    @Test func anAUDITCResponseWithStepwiseAnswerCodesIsScored() throws {
        let items = [("/68518-0", "audit-c-answer-2"), ("/68519-8", "audit-c-answer-2"), ("/68520-6", "audit-c-answer-2")]
        let result = Self.map([
            Self.patient,
            Self.response("qr1", questionnaire: "http://stepwise.example.org/fhir/Questionnaire/audit-c", items: items.map { ($0.0, $0.1) }),
        ])
        let measurement = try #require(result.records.first?.measurements.first { $0.instrument == "audit-c" })
        #expect(measurement.answers == [2, 2, 2])
        #expect(result.issues.isEmpty)
    }

    @Test func linkIdsAndCodesOutsideTheOwnQuestionnaireAreStillNotRead() {
        // Another questionnaire's item-<n>, an item number beyond the instrument, an answer beyond the item's range,
        // and another instrument's answer code.
        let result = Self.map([
            Self.patient,
            Self.response("qr1", questionnaire: "http://example.org/Questionnaire/pcl5", items: [("item-1", "pcl5-answer-3")]),
            Self.response(
                "qr2", questionnaire: "http://stepwise.example.org/fhir/Questionnaire/pcl5",
                items: [("item-21", "pcl5-answer-3"), ("item-1", "pcl5-answer-9"), ("item-2", "gad7-answer-1")]),
        ])
        #expect(result.records.first?.measurements.isEmpty ?? true)
        #expect(result.issues.contains { $0.resource == "QuestionnaireResponse/qr1" && $0.reason.contains("not identified by a LOINC code") })
        #expect(result.issues.contains { $0.path == "item[0].linkId" && $0.resource == "QuestionnaireResponse/qr2" })
        #expect(result.issues.filter { $0.resource == "QuestionnaireResponse/qr2" && $0.reason.contains("not a known answer") }.count == 2)
    }
}
