// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import StepwiseFHIR
import Testing

@testable import StepwiseServer

/// The patient-view cards build their text in place (no joined or interpolated strings first) and their
/// order suggestions from templates built once; these tests compare each with the text or value it replaces.
@Suite struct CDSCardTextTests {
    static let awkwardLines: [[String]] = [
        [], [""], ["", ""], ["one"], ["one", "two"], ["ends.", "also ends."], ["(bracket)"], ["é"], ["é."],
        ["e\u{301}."], [".\u{301}"], ["👍🏽"], ["line\nbreak", "tab\there"], ["a", "", "b"], [" "], ["—"],
    ]

    @Test(arguments: awkwardLines)
    func bulletsAreTheLinesMappedAndJoined(lines: [String]) {
        for prefix in ["", "Message\n\n", "é"] {
            var text = prefix
            CDSPatientViewCards.appendBullets(lines, to: &text)
            #expect(text == prefix + lines.map { "- \($0)" }.joined(separator: "\n"))
        }
    }

    @Test(arguments: awkwardLines)
    func evidenceEndsASentenceInTheDetailAsItDoesOnItsOwn(lines: [String]) {
        // The card used to test " — " + the joined lines on their own; it now tests the detail they end.
        guard !lines.isEmpty else { return }
        let evidence = " — " + lines.joined(separator: "; ")
        for prefix in ["", "- **Title** (present)", "é", "e\u{301}", "👍", "\u{301}", "."] {
            #expect(
                CDSPatientViewCards.endsSentence(prefix + evidence) == CDSPatientViewCards.endsSentence(evidence),
                "prefix \(prefix.unicodeScalars.map(\.value)), lines \(lines)")
        }
    }

    @Test(arguments: [nil, "p-1"] as [String?])
    func anOrderSuggestionFromItsTemplateIsTheOneBuiltInFull(patientID: String?) {
        let support = CDSCardSupport(knowledge: CDSFixtures.knowledge, makeID: { "id" })
        // Spelt out independently of the template: the draft ServiceRequest as the suggestion carried it before.
        var resource: [String: CDSJSON] = [
            "resourceType": .string("ServiceRequest"), "status": .string("draft"), "intent": .string("proposal"),
            "code": .object([
                "coding": .array([
                    .object([
                        "system": .string("http://loinc.org"), "code": .string("2986-8"), "display": .string("Testosterone"),
                    ])
                ])
            ]),
        ]
        if let patientID { resource["subject"] = .object(["reference": .string("Patient/\(patientID)")]) }
        let expected = CDSSuggestion(
            label: "Order it", uuid: "id", isRecommended: true,
            actions: [CDSAction(type: "create", description: "Order it", resource: .object(resource))])
        let template = CDSCardSupport.orderTemplate(label: "Order it", loinc: "2986-8", display: "Testosterone")
        #expect(support.orderSuggestion(template, patientID: patientID) == expected)
        #expect(
            support.orderSuggestion(label: "Order it", loinc: "2986-8", display: "Testosterone", patientID: patientID)
                == expected)
        // The template is not changed by a patient's suggestion.
        _ = support.orderSuggestion(template, patientID: "other")
        #expect(template.resource["subject"] == nil)
    }

    @Test func theOverdueMeasureSuggestionIsThePHQ9Panel() {
        let views = CDSPatientViewCards(support: CDSCardSupport(knowledge: CDSFixtures.knowledge, makeID: { "id" }))
        #expect(views.phq9Order.label == "Ask the patient to complete a PHQ-9")
        let coding = views.phq9Order.resource["code"]?["coding"]
        #expect(coding == .array([.object(["system": .string("http://loinc.org"), "code": .string("44249-1"),
            "display": .string("PHQ-9 quick depression assessment panel")])]))
    }
}
