// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// The seventh engine round's shortcuts give what the code they replace gave: adequacy reasons read
/// from a table built once, the C-SSRS name test without lower-casing, and the checklist evidence
/// emptied element by element.
@Suite struct EngineRoundSevenTests {
    static let codes: [ReasonList.Code] = [
        .inadequateDose, .inadequateDuration, .nonAdherence, .stoppedForIntolerance, .doseUnknown, .durationUnknown,
        .agentUnknown, .adherenceNotVerified, .ongoing, .tooFewSessions,
    ]

    static func list(_ codes: [ReasonList.Code]) -> ReasonList {
        var list = ReasonList()
        for code in codes { list.append(code) }
        return list
    }

    @Test func everyListOfUpToThreeReasonsReadsAsItsCodesInOrder() {
        #expect(ReasonList().strings.isEmpty)
        var checked = 0
        for a in Self.codes {
            #expect(Self.list([a]).strings == [a.text])
            for b in Self.codes {
                #expect(Self.list([a, b]).strings == [a.text, b.text])
                for c in Self.codes {
                    #expect(Self.list([a, b, c]).strings == [a.text, b.text, c.text])
                    checked += 1
                }
            }
        }
        #expect(checked == 1_000)
    }

    @Test func longerListsOfReasonsReadAsTheirCodesInOrder() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let codes = (0..<Int.random(in: 4...16, using: &generator)).map { _ in
                Self.codes.randomElement(using: &generator)!
            }
            // Read twice: built, then shared.
            #expect(Self.list(codes).strings == codes.map(\.text))
            #expect(Self.list(codes).strings == codes.map(\.text))
        }
        // At most 16 reasons are kept, as before.
        let seventeen = [ReasonList.Code](repeating: .ongoing, count: 17)
        #expect(Self.list(seventeen).strings.count == 16)
    }

    @Test(arguments: [
        "cssrs", "CSSRS", "c-ssrs", "C-SSRS", "cssrs-screener", "C-SSRS screener", "cssr", "c-ssr", "c-ssrx", "cssrx",
        "css", "c", "", "phq9", "cSsRs", "c-SsRs-since-last-visit", "cssrs\u{301}", "c-ssrs\u{301}", "cssr\u{17F}",
        "c\u{301}ssrs", "cssrsé", "c-ssrs é", "CSSRS\r\n", "cssrs\0", "c-\u{212A}", "ç-ssrs", "c-ssrſ",
    ])
    func cssrsNamesAreRecognisedAsByLowerCasing(_ name: String) {
        #expect(SuicideRiskScreen.isCSSRSName(name) == SuicideRiskScreen.isCSSRSNameByLowercasing(name))
    }

    @Test func randomNamesAreRecognisedAsByLowerCasing() {
        let pieces = [
            "c", "C", "s", "S", "r", "R", "-", "x", " ", "\0", "1", "é", "\u{301}", "\u{17F}", "\u{212A}", "\r", "\n",
            "İ", "ß", "cssrs", "c-ssrs", "CSSRS",
        ]
        var generator = SystemRandomNumberGenerator()
        var positive = 0
        for _ in 0..<20_000 {
            let name = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
                .joined()
            let expected = SuicideRiskScreen.isCSSRSNameByLowercasing(name)
            #expect(SuicideRiskScreen.isCSSRSName(name) == expected)
            if expected { positive += 1 }
        }
        #expect(positive > 500)
    }

    @Test func clearedEvidenceIsEmptyAndResolvesAsNew() {
        let asOf = LocalDate(year: 2026, month: 11, day: 21)!
        var evidence = CheckEvidence(rendering: true)
        for round in 0..<5 {
            evidence.clear()
            #expect(evidence.diagnosisCount == 0 && evidence.diagnoses.isEmpty && evidence.judgements.isEmpty)
            #expect(evidence.results.isEmpty && evidence.notes.isEmpty)
            #expect(evidence.resolve(asOf: asOf, windowMonths: 12).status == .notAssessed)
            for step in 0..<round {
                evidence.addDiagnosis("diagnosis \(step)")
                evidence.judgements.append(.init(date: asOf, present: step.isMultiple(of: 2), text: "judgement"))
                evidence.results.append(.init(date: asOf, positive: false, text: "result", source: "s"))
                evidence.addNote("note")
            }
            #expect(evidence.diagnosisCount == round && evidence.results.count == round)
        }
    }
}
