// SPDX-License-Identifier: Apache-2.0
import PropertyBased
import Testing

@testable import StepwiseCore

/// An entered total with only some items given by number (an EHR's PHQ-9 total plus a separate
/// item-9 observation) takes a fast path; it scores exactly as the full rule does, and anything
/// the fast path does not decide (odd keys, answers out of range, the difficulty question, items
/// enough to total) still reaches the full path and its errors.
@Suite struct PartialAnswerScoringTests {
    /// Random items-by-number for `definition`: mostly plain numbers with answers in range, sometimes
    /// an out-of-range answer, a number past the last item, a zero-padded or signed key.
    static func randomItems(_ definition: InstrumentDefinition, dice: inout Xoshiro) -> [String: Int] {
        let count = definition.items.count
        var items: [String: Int] = [:]
        for _ in 0..<dice.int(0...min(count + 1, 6)) {
            let number = dice.int(1...(count + 2))
            let item = definition.item(number) ?? definition.difficultyItem
            let low = item?.minimum ?? 0
            let high = item?.maximum ?? 3
            let value = dice.int(0...19) == 0 ? high + 1 : dice.int(low...high)
            let key: String
            switch dice.int(0...29) {
            case 0: key = "0\(number)"
            case 1: key = "+\(number)"
            case 2: key = "x"
            case 3: key = "0"
            default: key = String(number)
            }
            items[key] = value
        }
        // The usual EHR case: the safety items, often positive.
        for number in definition.safetyItems where dice.int(0...1) == 0 {
            let item = definition.item(number)
            items[String(number)] = dice.int((item?.minimum ?? 0)...(item?.maximum ?? 3))
        }
        return items
    }

    @Test func partialAnswersScoreAsTheFullRuleForEveryInstrument() throws {
        let catalog = try InstrumentFixtures.catalog()
        var dice = Xoshiro(seed: (20_261_121, 0x9E37_79B9_7F4A_7C15, 1, 2))
        var fastCount = 0
        for definition in catalog.all {
            let plan = try #require(catalog.plan(definition.id))
            let low = definition.minimumTotal ?? 0
            let high = definition.maximumTotal ?? 10
            for _ in 0..<400 {
                let items = Self.randomItems(definition, dice: &dice)
                let total = dice.int((low - 1)...(high + 1))
                let measurement = Measurement(instrument: definition.id, date: InstrumentFixtures.date, total: total, items: items)
                for sex in [nil, Sex.female, Sex.male] {
                    var output: [ScoredMeasurement] = []
                    let fast = plan.quickPartial(
                        items: items, total: total, date: measurement.date, sex: sex, into: &output)
                    let full = Result { try InstrumentScorer.score(measurement, definition: definition, sex: sex) }
                    guard fast else {
                        #expect(output.isEmpty)
                        continue
                    }
                    fastCount += 1
                    // The fast path answers only where the full path scores without error.
                    let expected = try #require(try? full.get(), "\(definition.id) \(items) total \(total)")
                    #expect(output == [expected], "\(definition.id) \(items) total \(total)")
                    #expect(output.first?.instrumentPosition == plan.position)
                }
            }
        }
        // The property is only worth something if the fast path was taken often.
        #expect(fastCount > 1_000)
    }

    @Test func anEHRTotalWithItemNineTakesTheFastPath() throws {
        let catalog = try InstrumentFixtures.catalog()
        let plan = try #require(catalog.plan("phq9"))
        for answer in 0...3 {
            var output: [ScoredMeasurement] = []
            #expect(plan.quickPartial(items: ["9": answer], total: 14, date: InstrumentFixtures.date, sex: nil, into: &output))
            let full = try InstrumentFixtures.score("phq9", total: 14, items: ["9": answer])
            #expect(output == [full])
            #expect(output.first?.flags.contains("suicide-item-positive") == (answer > 0))
            #expect(output.first?.details["safetyItem"] == (answer > 0 ? Double(answer) : nil))
        }
    }

    /// The record-level scorer gives the same measurements and the same issues as scoring each
    /// administration by the full path (a positive safety item on an unusable one included).
    @Test func recordsWithPartialAnswersScoreAsEachAdministrationAlone() throws {
        let catalog = try InstrumentFixtures.catalog()
        var dice = Xoshiro(seed: (42, 0x9E37_79B9_7F4A_7C15, 1, 2))
        let definitions = ["phq9", "gad7", "qids-sr16", "madrs", "pcl5", "audit-c", "wsas", "hamd17"].compactMap {
            catalog.instrument($0)
        }
        #expect(definitions.count == 8)
        for _ in 0..<300 {
            var measurements: [Measurement] = []
            for day in 0..<12 {
                let definition = definitions[dice.int(0...(definitions.count - 1))]
                let low = definition.minimumTotal ?? 0
                let high = definition.maximumTotal ?? 10
                let total: Int? = dice.int(0...9) == 0 ? nil : dice.int((low - 1)...(high + 1))
                measurements.append(
                    Measurement(
                        instrument: definition.id, date: InstrumentFixtures.date.adding(days: day), total: total,
                        items: Self.randomItems(definition, dice: &dice)))
            }
            let sex: Sex? = [nil, Sex.female, Sex.male][dice.int(0...2)]
            let scored = MeasurementScoring.score(PatientRecord(id: "p", sex: sex, measurements: measurements), catalog: catalog)
            var expected: [ScoredMeasurement] = []
            var issues: [String] = []
            for (index, measurement) in measurements.enumerated() {
                let definition = try #require(catalog.instrument(measurement.instrument))
                do {
                    let result = try InstrumentScorer.score(measurement, definition: definition, sex: sex)
                    if let entered = result.details["enteredTotal"], let total = result.total {
                        issues.append(
                            "$.measurements[\(index)].total \(definition.id): entered total \(Int(entered)) differs from the item answers' total \(total); the item total is used"
                        )
                    }
                    expected.append(result)
                } catch let error as StepwiseError {
                    issues.append(
                        MeasurementScoring.join("$.measurements[\(index)]", error.location) + " " + error.message)
                    if let partial = InstrumentScorer.safetySignal(measurement, definition: definition) {
                        expected.append(partial)
                    }
                }
            }
            #expect(scored.measurements == expected)
            #expect(scored.issues.map { $0.path + " " + $0.message } == issues)
        }
    }

    /// Reading an item from a short map (searched without hashing) answers as the dictionary does,
    /// for plain, zero-padded, signed, spaced and non-ASCII keys and any item number.
    @Test func itemAnswersFromShortMapsEqualTheDictionaryLookUp() {
        var dice = Xoshiro(seed: (7, 0x9E37_79B9_7F4A_7C15, 1, 2))
        let odd = ["09", "+9", "-1", " 9", "9 ", "", "0", "00", "１", "x9", "99999999999999999999", "123"]
        for _ in 0..<5_000 {
            var items: [String: Int] = [:]
            for _ in 0..<dice.int(0...6) {
                let key = dice.int(0...3) == 0 ? odd[dice.int(0...(odd.count - 1))] : String(dice.int(-2...130))
                items[key] = dice.int(-1...9)
            }
            let measurement = Measurement(instrument: "phq9", date: InstrumentFixtures.date, items: items)
            for number in [-3, -1, 0, 1, 9, 10, 12, 99, 100, 123, Int.max, dice.int(0...130)] {
                #expect(measurement.answer(item: number) == items[String(number)], "\(items) item \(number)")
            }
        }
    }
}

/// Deterministic draws from the property-testing library's seeded generator (every run checks the same cases).
extension Xoshiro {
    fileprivate mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
}
