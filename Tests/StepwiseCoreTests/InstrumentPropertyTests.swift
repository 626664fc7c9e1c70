// SPDX-License-Identifier: Apache-2.0
import PropertyBased
import Testing

@testable import StepwiseCore

/// Random valid answers always score inside the instrument's range, with a band where bands exist.
@Suite struct InstrumentPropertyTests {
    static let ids = [
        "phq9", "phq2", "gad7", "qids-sr16", "hamd17", "madrs", "wsas", "mdq", "audit-c", "pcl5", "asrs-screener",
        "stop-bang", "isi", "qles-q-sf",
    ]

    @Test(arguments: ids)
    func randomValidAnswersScoreWithinRange(id: String) async throws {
        let definition = try #require(try InstrumentFixtures.catalog().instrument(id))
        let low = try #require(definition.minimumTotal)
        let high = try #require(definition.maximumTotal)
        let count = definition.items.count
        await propertyCheck(input: Gen.int(in: 0...1_000).array(of: count), Gen.int(in: 0...2)) { raw, sexIndex in
            let answers: [Int?] = zip(definition.items, raw).map { item, r in
                item.minimum + r % (item.maximum - item.minimum + 1)
            }
            let sex: Sex? = [Sex.female, Sex.male, nil][sexIndex]
            let scored = try InstrumentScorer.score(
                Measurement(instrument: id, date: InstrumentFixtures.date, answers: answers), definition: definition,
                sex: sex)
            let total = try #require(scored.total)
            #expect(total >= low && total <= high)
            if !definition.bands.isEmpty || definition.scoring.screen?.setsBand == true || definition.scoring.mdq != nil {
                #expect(scored.band != nil)
            }
            // The suicide item flag appears exactly when a safety item is above zero.
            let positive = definition.safetyItems.contains { (answers[$0 - 1] ?? 0) > 0 }
            #expect(scored.flags.contains("suicide-item-positive") == positive)
        }
    }

    @Test func randomCSSRSAnswersAlwaysTriage() async throws {
        let definition = try #require(try InstrumentFixtures.catalog().instrument("cssrs-screener"))
        await propertyCheck(input: Gen.int(in: 0...1).array(of: 7)) { answers in
            var layout: [Int?] = answers
            if answers[1] == 0 { layout[2] = nil; layout[3] = nil; layout[4] = nil }
            if answers[5] == 0 { layout[6] = nil }
            let scored = try InstrumentScorer.score(
                Measurement(instrument: "cssrs", date: InstrumentFixtures.date, answers: layout), definition: definition,
                sex: nil)
            #expect(["none", "low", "moderate", "high"].contains(scored.band ?? ""))
            #expect(scored.flags.count == (scored.band == "none" ? 0 : 1))
            if answers[3] == 1 && answers[1] == 1 { #expect(scored.band == "high") }
        }
    }
}

extension InstrumentPropertyTests {
    /// The flattened fast path used for long histories gives exactly what the full rule gives,
    /// including the cut-off screens (GAD-7, and AUDIT-C with its sex-specific cut-offs).
    @Test(arguments: ["phq9", "qids-sr16", "hamd17", "madrs", "isi", "wsas", "gad7", "pcl5", "audit-c"])
    func fastPathAgreesWithTheFullRule(id: String) async throws {
        let catalog = try InstrumentFixtures.catalog()
        let definition = try #require(catalog.instrument(id))
        await propertyCheck(input: Gen.int(in: 0...1_000).array(of: definition.items.count)) { raw in
            let answers: [Int?] = zip(definition.items, raw).map { item, r in
                item.minimum + r % (item.maximum - item.minimum + 1)
            }
            let measurement = Measurement(instrument: id, date: InstrumentFixtures.date, answers: answers)
            for sex in [nil, Sex.female, Sex.male] {
                let full = try InstrumentScorer.score(measurement, definition: definition, sex: sex)
                let viaRecord = MeasurementScoring.score(
                    PatientRecord(id: "p", sex: sex, measurements: [measurement]), catalog: catalog)
                #expect(viaRecord.measurements == [full])
                #expect(viaRecord.issues.isEmpty)
            }
        }
    }

    /// An entered total without item answers (how EHRs export most scores) takes a fast path
    /// too; it gives what the full rule gives, and a total out of range still reaches the full
    /// path's error.
    @Test(arguments: ["phq9", "qids-sr16", "hamd17", "madrs", "isi", "wsas", "gad7", "pcl5", "audit-c"])
    func enteredTotalsScoreAsTheFullRuleDoes(id: String) throws {
        let catalog = try InstrumentFixtures.catalog()
        let definition = try #require(catalog.instrument(id))
        let low = try #require(definition.minimumTotal)
        let high = try #require(definition.maximumTotal)
        for total in (low - 2)...(high + 2) {
            let measurement = Measurement(instrument: id, date: InstrumentFixtures.date, total: total)
            for sex in [nil, Sex.female, Sex.male] {
                let viaRecord = MeasurementScoring.score(
                    PatientRecord(id: "p", sex: sex, measurements: [measurement]), catalog: catalog)
                if (low...high).contains(total) {
                    let full = try InstrumentScorer.score(measurement, definition: definition, sex: sex)
                    #expect(viaRecord.measurements == [full], "\(id) total \(total)")
                    #expect(viaRecord.issues.isEmpty)
                } else {
                    #expect(viaRecord.measurements.isEmpty)
                    #expect(viaRecord.issues.count == 1)
                    #expect(viaRecord.issues.first?.message.contains("outside") == true)
                }
            }
        }
    }
}

extension InstrumentPropertyTests {
    /// A history that switches between instruments and their aliases (the scorer remembers the
    /// last two instruments by the name as written) scores every administration exactly as the
    /// full rule scores it alone, suicide items above zero included.
    @Test func mixedHistoryWithAliasesScoresEachAdministrationAsTheFullRule() async throws {
        let catalog = try InstrumentFixtures.catalog()
        let names = ["phq9", "PHQ-9", "gad7", "gad-7", "qids", "phq9", "hamd", "madrs10", "phq 9", "qids-sr16"]
        let definitions = try names.map { try #require(catalog.instrument($0)) }
        let counts = definitions.map(\.items.count)
        await propertyCheck(input: Gen.int(in: 0...1_000).array(of: counts.reduce(0, +)), Gen.int(in: 0...2)) {
            raw, sexIndex in
            let sex: Sex? = [Sex.female, Sex.male, nil][sexIndex]
            var offset = 0
            var measurements: [Measurement] = []
            for (name, definition) in zip(names, definitions) {
                let answers: [Int?] = definition.items.enumerated().map { index, item in
                    item.minimum + raw[offset + index] % (item.maximum - item.minimum + 1)
                }
                offset += definition.items.count
                let day = measurements.count + 1
                measurements.append(
                    Measurement(instrument: name, date: InstrumentFixtures.date.adding(days: day), answers: answers))
            }
            let scored = MeasurementScoring.score(PatientRecord(id: "p", sex: sex, measurements: measurements), catalog: catalog)
            let alone = try zip(measurements, definitions).map { m, definition in
                try InstrumentScorer.score(m, definition: definition, sex: sex)
            }
            #expect(scored.measurements == alone)
            #expect(scored.issues.isEmpty)
        }
    }
}
