// SPDX-License-Identifier: Apache-2.0
import PropertyBased
import Testing

@testable import StepwiseCore

/// The scoring pass fills a measurement table (catalogue position and raw safety answer per record
/// measurement) that the suicide screen reads instead of the record; the table must hold exactly
/// what reading the record gives, and the screen must decide the same level from it.
@Suite struct MeasurementTableTests {
    /// Names as records spell them: canonical ids, aliases and spellings the catalogue tolerates,
    /// instruments without safety items, and names it does not know.
    static let names = [
        "phq9", "qids-sr16", "hamd17", "madrs", "gad7", "PHQ-9", "PHQ9", " phq9 ", "QIDS SR16", "HAM-D17", "isi",
        "audit-c", "no-such-scale", "",
    ]

    /// A random record: measurements in random date order, with answer lists (complete, short, long,
    /// out of range, negative, omitted items), entered totals, items by number, or nothing.
    static func randomRecord(_ index: Int, catalog: InstrumentCatalog, dice: inout Xoshiro) -> PatientRecord {
        var measurements: [Measurement] = []
        let sex: Sex? = [nil, Sex.female, Sex.male][dice.roll(0...2)]
        for _ in 0..<dice.roll(0...24) {
            let name = names[dice.roll(0...(names.count - 1))]
            let count = catalog.instrument(name)?.items.count ?? 9
            let date = LocalDate(dayNumber: 20_400 + dice.roll(0...420))
            var answers: [Int?]?
            var total: Int?
            var items: [String: Int]?
            switch dice.roll(0...9) {
            case 0...4:
                answers = (0..<count).map { _ in dice.roll(0...3) }
            case 5:
                let length = max(0, count + dice.roll(-3...2))
                answers = (0..<length).map { _ in
                    switch dice.roll(0...9) {
                    case 0: nil
                    case 1: dice.roll(-2...9)
                    default: dice.roll(0...3)
                    }
                }
            case 6:
                total = dice.roll(-1...30)
            case 7:
                total = dice.roll(0...27)
                items = [String(dice.roll(1...12)): dice.roll(-1...4)]
            case 8:
                answers = (0..<count).map { _ in dice.roll(0...3) }
                items = ["9": dice.roll(0...3), "12": dice.roll(0...3)]
            default:
                break
            }
            measurements.append(Measurement(instrument: name, date: date, answers: answers, total: total, items: items))
        }
        return PatientRecord(id: "table-\(index)", sex: sex, measurements: measurements)
    }

    @Test func tableRowsHoldWhatTheRecordGivesAndScoringIsUnchanged() throws {
        let knowledge = try TrialTestKit.knowledge()
        let catalog = knowledge.instruments
        var dice = Xoshiro(seed: (20_261_121, 0x5EED_7AB1_E000_0001, 3, 4))
        var answered = 0
        for index in 0..<1_500 {
            let record = Self.randomRecord(index, catalog: catalog, dice: &dice)
            let plain = MeasurementScoring.score(record, catalog: catalog)
            try withUnsafeTemporaryAllocation(of: MeasurementTable.Row.self, capacity: record.measurements.count) {
                rows in
                let withTable = MeasurementScoring.score(record, catalog: catalog, table: MeasurementTable(rows: rows))
                #expect(withTable.measurements == plain.measurements)
                #expect(withTable.issues == plain.issues)
                for (position, measurement) in record.measurements.enumerated() {
                    let row = rows[position]
                    let found = catalog.position(measurement.instrument)
                    #expect(Int(row.position) == (found ?? -1))
                    guard let found else { continue }
                    let safetyItems = catalog.all[found].safetyItems
                    switch safetyItems.count {
                    case 0:
                        #expect(row.safety == MeasurementTable.Safety.none)
                    case 1:
                        #expect(row.safety == MeasurementTable.Safety.one)
                        let raw = measurement.answer(item: try #require(safetyItems.first))
                        #expect(row.safetyAnswer == raw)
                        if raw != nil { answered += 1 }
                    default:
                        #expect(row.safety == MeasurementTable.Safety.several)
                    }
                }
            }
        }
        // The table did hold answers (the check above compared something).
        #expect(answered > 1_000)
    }

    @Test func suicideLevelFromTheTableEqualsTheLevelFromTheRecord() throws {
        let knowledge = try TrialTestKit.knowledge()
        let catalog = knowledge.instruments
        var dice = Xoshiro(seed: (20_261_121, 0x5EED_7AB1_E000_0002, 5, 6))
        var levels: [String: Int] = [:]
        for index in 0..<2_000 {
            let record = Self.randomRecord(index, catalog: catalog, dice: &dice)
            try withUnsafeTemporaryAllocation(of: MeasurementTable.Row.self, capacity: record.measurements.count) {
                rows in
                let table = MeasurementTable(rows: rows)
                let scored = MeasurementScoring.score(record, catalog: catalog, table: table).measurements
                for (asOf, lookback) in [(20_700, 90), (20_900, 30), (20_500, 365), (21_500, 0)] {
                    let date = LocalDate(dayNumber: asOf)
                    let expected = SuicideRiskScreen.itemLevel(
                        record, measurements: scored, knowledge: knowledge, asOf: date, lookback: lookback)
                    let fromTable = try #require(
                        SuicideRiskScreen.itemLevel(
                            table, record: record, measurements: scored, knowledge: knowledge, asOf: date,
                            lookback: lookback), "the table decides for scoring's own measurements")
                    #expect(fromTable == expected)
                    levels[expected ?? "none", default: 0] += 1
                }
            }
        }
        // Every outcome occurred, so the comparison covered each of them.
        #expect(levels["critical", default: 0] > 100)
        #expect(levels["high", default: 0] > 100)
        #expect(levels["none", default: 0] > 100)
    }

    @Test func theAssessorsSuicideFlagIsTheFlagOfTheRecordReader() throws {
        let knowledge = try TrialTestKit.knowledge()
        let context = try TrialTestKit.context()
        var dice = Xoshiro(seed: (20_261_121, 0x5EED_7AB1_E000_0003, 7, 8))
        for index in 0..<300 {
            let record = Self.randomRecord(index, catalog: knowledge.instruments, dice: &dice)
            let report = Assessor(knowledge: knowledge).assess(record, context: context)
            let alone = SafetyScreen.evaluate(
                record, measurements: report.measurements, context: context, knowledge: knowledge)
            #expect(report.safety == alone)
        }
    }
}

extension Xoshiro {
    fileprivate mutating func roll(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
}
