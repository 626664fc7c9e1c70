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

    @Test func spaceSeparatedSourcesAreTheSplitPieces() {
        var texts = [
            "", " ", "  ", "a", "a b", " a", "a ", "  a  b  ", "canmat-2023 star-d", "é e\u{301} 👍🏽", "a\tb c\nd",
            "\u{301} x", "x \u{301}", String(repeating: "long-source-id ", count: 20),
        ]
        // Random texts over a small alphabet heavy in spaces and multi-byte characters.
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Character] = [" ", " ", "a", "-", "é", "\u{301}", "👍", "\t", "1"]
        for _ in 0..<2_000 {
            texts.append(String((0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        for text in texts {
            var pieces = ["kept"]
            CDSPatientViewCards.appendSpaceSeparated(text, to: &pieces)
            let split = text.utf8.split(separator: UInt8(ascii: " ")).map { String(Substring($0)) }
            #expect(pieces == ["kept"] + split, "text \(text.unicodeScalars.map(\.value))")
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

    /// Lists of source ids: known ones, unknown ones, repeats, and lists of the same lengths (the
    /// rendered sections are keyed by the ids' lengths, so these share hash values).
    static func idLists() -> [[String]] {
        let known = CDSFixtures.knowledge.rules.sources.keys.sorted()
        var lists: [[String]] = [[], ["no-such-source"], ["no-such-source", "no-such-source"]]
        for (index, id) in known.enumerated() {
            lists.append([id])
            lists.append([id, known[(index + 1) % known.count], id])
            lists.append([known[(index + 2) % known.count], "no-such-source", id])
        }
        lists.append(known)
        lists.append(known.reversed())
        // Same lengths, different ids.
        lists.append(["aaaa", "bb"])
        lists.append(["cccc", "dd"])
        return lists
    }

    @Test func aRenderedSourcesSectionIsTheSectionRenderedAnew() {
        let support = CDSCardSupport(knowledge: CDSFixtures.knowledge, makeID: { "id" })
        let fresh = CDSCardSupport(knowledge: CDSFixtures.knowledge, makeID: { "id" })
        // Twice over: the first pass renders and remembers, the second copies what was remembered.
        for pass in 0..<2 {
            for ids in Self.idLists() {
                var expected = "Detail."
                let url = fresh.renderSourcesFindingURL(ids, to: &expected)
                let card = support.card(summary: "S", detail: "Detail.", indicator: .info, sources: ids, rule: "r")
                #expect(card.detail == expected, "pass \(pass), ids \(ids)")
                #expect(card.source.url == url)
                #expect(card.source == support.source(sources: ids, rule: "r"))
                #expect(support.sourcesMarkdown(ids) == String(expected.dropFirst("Detail.".count)))
            }
        }
    }

    @Test func renderedSourcesKeepAtMostTheirCapacityAndStayCorrectBeyondIt() {
        let support = CDSCardSupport(knowledge: CDSFixtures.knowledge, makeID: { "id" })
        let known = CDSFixtures.knowledge.rules.sources.keys.sorted()
        let lists = (0..<(RenderedSources.capacity + 40)).map { [known[$0 % known.count], "unknown-\($0)"] }
        for ids in lists + lists {
            var expected = ""
            _ = support.renderSourcesFindingURL(ids, to: &expected)
            #expect(support.sourcesMarkdown(ids) == expected)
        }
        let rendered = RenderedSources()
        for ids in lists { rendered.remember(ids, RenderedSources.Section(text: ids.joined(), url: nil)) }
        #expect(rendered.count == RenderedSources.capacity)
        #expect(rendered.section(for: lists[0])?.text == lists[0].joined())
        #expect(rendered.section(for: lists[RenderedSources.capacity]) == nil)
    }

    /// The TRD card's summary and table as the card interpolated them before they were appended in place.
    static func interpolatedTRDText(_ report: AssessmentReport) -> (summary: String, table: String) {
        let met = report.trd.filter(\.met)
        let roman = ["0", "I", "II", "III", "IV", "V"][min(max(report.staging.thaseRush.stage, 0), 5)]
        let msm = report.staging.maudsley
        let verdict =
            met.isEmpty ? "TRD criteria not met" : "TRD met (\(met.map(\.definition).joined(separator: ", ")))"
        var table = "| Definition | Met | Counted trials |\n|---|---|---|\n"
        for verdict in report.trd {
            table += "| \(verdict.title) | \(verdict.met ? "yes" : "no") | \(verdict.countedTrials.count) |\n"
        }
        return ("\(verdict); Thase–Rush \(roman); Maudsley \(msm.total) (\(msm.band))", table)
    }

    @Test(arguments: [[], [false], [true], [false, true, false], [true, true, true]] as [[Bool]], [0, 2, 5, 7])
    func theTRDCardsTextIsTheTextItInterpolatedBefore(met: [Bool], stage: Int) throws {
        let support = CDSCardSupport(knowledge: CDSFixtures.knowledge, makeID: { "id" })
        var report = AssessmentReport(
            assessedOn: CDSFixtures.today, profile: "test", knowledgeVersion: "test", patient: PatientSummary(id: "p"))
        report.trd = met.enumerated().map { index, isMet in
            TRDVerdict(
                definition: "def-\(index)", title: "Definition é \(index)", met: isMet,
                countedTrials: Array(repeating: "trial", count: index + 1), explanation: "Because \(index).",
                sources: [])
        }
        report.staging.thaseRush.stage = stage
        report.staging.maudsley.total = 9 + stage
        report.staging.maudsley.band = "moderate"
        let card = CDSPatientViewCards(support: support).trdCard(report)
        if met.isEmpty && stage == 0 {
            #expect(card == nil)
            return
        }
        let expected = Self.interpolatedTRDText(report)
        let text = try #require(card)
        #expect(text.summary == CDSCard.limitSummary(expected.summary))
        #expect(text.detail?.hasPrefix(expected.table + "\n") == true)
        #expect(text.source.label == "Stepwise · rule \(met.firstIndex(of: true).map { "def-\($0)" } ?? "def-0")" || met.isEmpty)
    }
}
