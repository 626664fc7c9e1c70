// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import JWTKit
import NIOCore
import StepwiseCore
import StepwiseFHIR
import Testing

@testable import StepwiseServer

@Suite struct CDSHooksCardTests {
    @Test(arguments: [0, 1, 138, 139, 140, 141, 500])
    func summaryNeverExceeds139Characters(length: Int) {
        let text = String((0..<length).map { $0 % 7 == 6 ? " " : "a" })
        let card = CDSCard(uuid: nil, summary: text, indicator: .info, source: CDSSource(label: "Stepwise"))
        #expect(card.summary.count <= CDSCard.maximumSummaryLength)
        if length <= 139 {
            #expect(card.summary == text)
        } else {
            #expect(card.summary.hasSuffix("…"))
        }
    }

    @Test(arguments: [69, 70, 139, 140])
    func summaryLengthCountsCharactersNotBytes(length: Int) {
        // "é" and "–" take two and three bytes: under 140 characters stays whole even past 139 bytes.
        let text = String((0..<length).map { $0 % 7 == 6 ? " " : $0 % 2 == 0 ? "é" : "–" })
        let card = CDSCard(uuid: nil, summary: text, indicator: .info, source: CDSSource(label: "Stepwise"))
        #expect(text.utf8.count > CDSCard.maximumSummaryLength)
        if length <= 139 {
            #expect(card.summary == text)
        } else {
            #expect(card.summary.count <= CDSCard.maximumSummaryLength)
            #expect(card.summary.hasSuffix("…"))
        }
    }

    @Test func summaryWithoutSpacesIsStillCut() {
        let card = CDSCard(
            uuid: nil, summary: String(repeating: "x", count: 400), indicator: .info, source: CDSSource(label: "S"))
        #expect(card.summary.count == 139)
    }

    @Test func cardEncodesTheCDSHooksFieldNames() throws {
        let card = CDSCard(
            uuid: "u1", summary: "s", detail: "d", indicator: .critical, source: CDSSource(label: "L", url: "https://x"),
            suggestions: [CDSSuggestion(label: "do", uuid: "s1")], overrideReasons: [CDSCoding(code: "c", display: "C")],
            links: [CDSLink(label: "l", url: "https://y")])
        let json = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(card)) as? [String: Any])
        #expect(json["indicator"] as? String == "critical")
        #expect(json["selectionBehavior"] as? String == "at-most-one")
        #expect((json["source"] as? [String: Any])?["label"] as? String == "L")
        #expect((json["links"] as? [[String: Any]])?.first?["type"] as? String == "absolute")
        #expect((json["overrideReasons"] as? [[String: Any]])?.first?["code"] as? String == "c")
    }

    @Test func sourcesAreAppendedToTheDetailOncePerSourceInFirstCitedOrder() throws {
        let support = CDSCardSupport(knowledge: CDSFixtures.knowledge, makeID: { "id" })
        let known = CDSFixtures.knowledge.rules.sources.keys.sorted()
        let first = try #require(known.first)
        let second = try #require(known.last)
        let ids = [second, "no-such-source", first, second, "no-such-source"]
        // Spelt out independently of the implementation: a blank line, the heading, one line per source.
        func line(_ id: String) -> String {
            guard let citation = CDSFixtures.knowledge.rules.source(id) else { return "- `\(id)`" }
            return "- \(citation.citation) (\(citation.status.rawValue))" + (citation.url.map { " <\($0)>" } ?? "")
        }
        let expected = "Detail.\n\n**Sources**\n\n" + [second, "no-such-source", first].map(line).joined(separator: "\n")
        let card = support.card(summary: "S", detail: "Detail.", indicator: .info, sources: ids, rule: "r")
        #expect(card.detail == expected)
        #expect(support.sourcesMarkdown(ids) == String(expected.dropFirst("Detail.".count)))
        #expect(support.card(summary: "S", detail: "Detail.", indicator: .info, sources: [], rule: nil).detail == "Detail.")
        #expect(support.sourcesMarkdown([]) == "")
    }

    @Test func aCardsSourceIsTheOneSourceForItsIdsPicks() {
        // The card finds its source's address with the look-ups of its "Sources" section; the answer must
        // be what `source(sources:rule:)` picks: the first confirmed source with an address, else the first
        // address, whatever the order, the repeats and the unknown ids.
        let support = CDSCardSupport(knowledge: CDSFixtures.knowledge, makeID: { "id" })
        let sources = CDSFixtures.knowledge.rules.sources
        let confirmed = sources.keys.sorted().filter { sources[$0]?.status == .confirmed && sources[$0]?.url != nil }
        let secondary = sources.keys.sorted().filter { sources[$0]?.status != .confirmed && sources[$0]?.url != nil }
        let noURL = sources.keys.sorted().filter { sources[$0]?.url == nil }
        #expect(!confirmed.isEmpty && !secondary.isEmpty)
        let pool = Array(confirmed.prefix(3)) + Array(secondary.prefix(3)) + Array(noURL.prefix(2)) + ["no-such-source"]
        var generator = SystemRandomNumberGenerator()
        var lists: [[String]] = [[], ["no-such-source"], Array(secondary.prefix(2)), Array(noURL.prefix(1))]
        for _ in 0..<200 {
            let count = Int.random(in: 1...8, using: &generator)
            lists.append((0..<count).map { _ in pool.randomElement(using: &generator)! })
        }
        for ids in lists {
            for rule in ["r", nil] as [String?] {
                let card = support.card(summary: "S", detail: "D", indicator: .info, sources: ids, rule: rule)
                #expect(card.source == support.source(sources: ids, rule: rule), "\(ids)")
            }
        }
    }

    @Test func cardsAreOrderedByUrgencyKeepingTheBuildOrderWithinEachLevel() {
        let levels: [CDSIndicator] = [.info, .critical, .warning, .info, .warning, .critical, .info, .critical]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<50 {
            let shuffled = round == 0 ? levels : levels.shuffled(using: &generator)
            let cards = shuffled.enumerated().map { number, level in
                CDSCard(uuid: "\(number)", summary: "card \(number)", indicator: level, source: CDSSource(label: "t"))
            }
            // The sort it replaces: by urgency, ties by position.
            let expected = cards.enumerated().sorted {
                $0.element.indicator != $1.element.indicator
                    ? $0.element.indicator > $1.element.indicator : $0.offset < $1.offset
            }.map(\.element)
            #expect(CDSPatientViewCards.byUrgency(cards) == expected)
        }
        #expect(CDSPatientViewCards.byUrgency([]).isEmpty)
    }

    @Test func engineSafetyFlagsBecomeCriticalCardsAheadOfEverythingElse() {
        let support = CDSCardSupport(knowledge: CDSFixtures.knowledge, makeID: { UUID().uuidString })
        var report = AssessmentReport(
            assessedOn: CDSFixtures.today, profile: "test", knowledgeVersion: "test", patient: PatientSummary(id: "p"))
        report.monitoring = [
            MonitoringItem(id: "treat-to-target", level: "alert", message: "No response after 10 weeks", evidence: [],
                           rule: "treat-to-target", sources: [])
        ]
        report.safety = [
            SafetyFlag(id: "suicide-risk", level: "moderate", title: "Suicide risk", evidence: ["PHQ-9 item 9 = 1"],
                       action: "Assess today", rule: "suicide-risk", sources: [])
        ]
        let cards = CDSPatientViewCards(support: support).cards(
            for: report, record: PatientRecord(id: "p"), mappingIssues: 0)
        #expect(cards.first?.indicator == .critical)
        #expect(cards.first?.summary.hasPrefix("Suicide risk") == true)
        #expect(cards.filter { $0.summary.lowercased().contains("suicid") }.count == 1)
    }

    @Test func blockedOptionsAreNeverOfferedAsTheNextStep() throws {
        let support = CDSCardSupport(knowledge: CDSFixtures.knowledge, makeID: { "id" })
        var report = AssessmentReport(
            assessedOn: CDSFixtures.today, profile: "test", knowledgeVersion: "test", patient: PatientSummary(id: "p"))
        func option(_ id: String, rank: Int, blocked: Bool) -> PlanOption {
            PlanOption(
                id: id, title: "Option \(id)", category: "switch", rank: rank, rationale: "Because.",
                evidence: PlanEvidence(guideline: "CANMAT 2023"), cautions: blocked ? ["Blocking: contraindicated"] : [],
                sources: [], rule: "plan-\(id)", blocked: blocked)
        }
        report.plan = [
            option("a", rank: 1, blocked: true), option("b", rank: 2, blocked: false), option("c", rank: 3, blocked: true),
            option("d", rank: 4, blocked: false),
        ]
        let views = CDSPatientViewCards(support: support)
        let card = try #require(views.planCard(report))
        #expect(card.summary == "Next step to consider: Option b (+1 more)")
        #expect(card.detail?.contains("Option a") == false)
        #expect(card.detail?.contains("Option c") == false)
        #expect(card.detail?.contains("2. **Option d**") == true)
        report.plan = [option("a", rank: 1, blocked: true)]
        #expect(views.planCard(report) == nil)
    }

    @Test func positiveItem9InTheRecordYieldsACardEvenIfTheEngineReportsNone() {
        let support = CDSCardSupport(knowledge: CDSFixtures.knowledge, makeID: { UUID().uuidString })
        let report = AssessmentReport(
            assessedOn: CDSFixtures.today, profile: "test", knowledgeVersion: "test", patient: PatientSummary(id: "p"))
        let record = PatientRecord(
            id: "p", measurements: [Measurement(instrument: "phq9", date: CDSFixtures.today, items: ["9": 1])])
        let cards = CDSPatientViewCards(support: support).cards(for: report, record: record, mappingIssues: 0)
        #expect(cards.first?.indicator == .critical)
        #expect(cards.first?.detail?.contains("PHQ-9 item 9 = 1") == true)
    }
}

@Suite struct CDSRandomIDTests {
    @Test func idsAreLowerCaseVersion4UUIDs() throws {
        for _ in 0..<200 {
            let id = CDSRandomID.make()
            let uuid = try #require(UUID(uuidString: id))
            #expect(uuid.uuidString.lowercased() == id)
            #expect(uuid.uuid.6 >> 4 == 4)
            #expect(uuid.uuid.8 >> 6 == 0b10)
        }
    }

    @Test func bitsAreSpeltInOrderWithVersionAndVariantSet() {
        #expect(
            CDSRandomID.make(high: 0x0123_4567_89AB_CDEF, low: 0xFEDC_BA98_7654_3210)
                == "01234567-89ab-4def-bedc-ba9876543210")
        #expect(CDSRandomID.make(high: 0, low: 0) == "00000000-0000-4000-8000-000000000000")
    }

    @Test func idsDoNotRepeat() {
        let ids = (0..<2_000).map { _ in CDSRandomID.make() }
        #expect(Set(ids).count == ids.count)
    }

    @Test(arguments: [
        "", ".", ")", "a", "a.", "a)", "a.b", "end.", "(see x)", "é.", "é)", "日本.", "x\u{600}.", "\u{600})",
        ".\u{301}", ")\u{301}", "a.\u{301}", "🙂.", "🙂", "\u{1F1FA}\u{1F1F8}.", "\r\n.", ".\r\n", "a\u{200D}.",
    ])
    func aSentenceEndIsFoundAsHasSuffixFindsIt(text: String) {
        #expect(CDSPatientViewCards.endsSentence(text) == (text.hasSuffix(".") || text.hasSuffix(")")))
    }
}
