// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// The seventh engine round's shortcuts give what the code they replace gave: adequacy reasons read
/// from a table built once, the C-SSRS name test without lower-casing, and the checklist evidence
/// emptied element by element.
@Suite struct EngineRoundSevenTests {
    static let codes: [ReasonList.Code] = [
        .inadequateDose, .inadequateDuration, .nonAdherence, .stoppedForIntolerance, .doseUnknown, .durationUnknown,
        .agentUnknown, .adherenceNotVerified, .ongoing, .tooFewSessions, .sessionsUnknown,
    ]

    static func list(_ codes: [ReasonList.Code]) -> ReasonList {
        var list = ReasonList()
        for code in codes { list.append(code) }
        return list
    }

    @Test func everyCodeIsListed() {
        #expect(Self.codes.count == 11)
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
        #expect(checked == Self.codes.count * Self.codes.count * Self.codes.count)
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

    /// Random records of PHQ-9s (answer lists, totals, item maps), ISIs, aliases, other and unknown
    /// instruments, with out-of-order and equal dates.
    static func randomRecord(_ generator: inout some RandomNumberGenerator) -> PatientRecord {
        let names = ["phq9", "PHQ-9", "PHQ9", "isi", "ISI", "gad7", "madrs", "qids-sr16", "unknown", "hamd17", "wsas"]
        let measurements = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
            let name = names.randomElement(using: &generator)!
            let date = InstrumentFixtures.date.adding(days: Int.random(in: -60...60, using: &generator))
            switch Int.random(in: 0...3, using: &generator) {
            case 0 where name.lowercased().hasPrefix("phq"):
                return StepwiseCore.Measurement(
                    instrument: name, date: date,
                    answers: (0..<9).map { _ in Int.random(in: 0...3, using: &generator) })
            case 1 where name.lowercased().hasPrefix("phq"):
                return StepwiseCore.Measurement(
                    instrument: name, date: date, total: Int.random(in: 0...27, using: &generator),
                    items: ["3": Int.random(in: 0...3, using: &generator)])
            default:
                return StepwiseCore.Measurement(
                    instrument: name, date: date, total: Int.random(in: 0...27, using: &generator))
            }
        }
        return PatientRecord(id: "p", measurements: measurements)
    }

    static func describe(_ insomnia: PlanFacts.Insomnia?) -> String { insomnia?.text ?? "none" }

    @Test func insomniaByPositionEqualsInsomniaByName() throws {
        let knowledge = try TrialTestKit.knowledge()
        let lookups = knowledge.plan.memo.lookups(knowledge, keyed: knowledge.plan.keyed)
        var generator = SystemRandomNumberGenerator()
        var found = 0
        for _ in 0..<1_000 {
            let record = Self.randomRecord(&generator)
            let byName = Self.describe(
                PlanFacts.insomnia(
                    record,
                    measurements: MeasurementScoring.score(record, catalog: knowledge.instruments).measurements))
            withUnsafeTemporaryAllocation(of: MeasurementTable.Row.self, capacity: record.measurements.count) { rows in
                let table = MeasurementTable(rows: rows)
                let scored = MeasurementScoring.score(record, catalog: knowledge.instruments, table: table).measurements
                #expect(
                    Self.describe(PlanFacts.insomnia(record, measurements: scored, lookups: lookups, table: table))
                        == byName)
                // Scored measurements without positions (a report decoded from JSON) take the names.
                var plain = scored
                for index in plain.indices { plain[index].instrumentPosition = nil }
                #expect(
                    Self.describe(PlanFacts.insomnia(record, measurements: plain, lookups: lookups, table: table))
                        == byName)
            }
            if byName != "none" { found += 1 }
        }
        #expect(found > 200)
    }

    @Test func latestDepressionScoreByPositionEqualsTheLookUpsAnswer() throws {
        let knowledge = try TrialTestKit.knowledge()
        let lookups = knowledge.plan.memo.lookups(knowledge, keyed: knowledge.plan.keyed)
        var generator = SystemRandomNumberGenerator()
        var found = 0
        for _ in 0..<1_000 {
            let record = Self.randomRecord(&generator)
            let scored = MeasurementScoring.score(record, catalog: knowledge.instruments).measurements
            var plain = scored
            for index in plain.indices { plain[index].instrumentPosition = nil }
            let byPosition = PlanFacts.latestDepressionScore(scored, lookups: lookups)
            let byName = PlanFacts.latestDepressionScore(plain, lookups: lookups)
            #expect(byPosition?.score == byName?.score && byPosition?.remissionMax == byName?.remissionMax)
            #expect((byPosition == nil) == (byName == nil))
            if byName != nil { found += 1 }
        }
        #expect(found > 500)
        // Every catalogue entry's measure by position is the look-up's by id.
        for (position, definition) in knowledge.instruments.all.enumerated() {
            let expected = lookups.measure(definition.id)
            #expect(lookups.measuresByPosition[position]?.isDepressionMeasure == expected?.isDepressionMeasure)
            #expect(lookups.measuresByPosition[position]?.remissionMax == expected?.remissionMax)
            #expect(lookups.isISI[position] == (definition.id == "isi"))
        }
    }
}
