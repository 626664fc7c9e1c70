// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import StepwiseCore

/// The sixth engine round's shortcuts give what the code they replace gave: the safety findings'
/// sources merged with the option's as they are cited, the checklist's latest screen positions
/// held inline, and the episode diagnosis fields the shared record keeps.
@Suite struct EngineRoundSixTests {
    /// The former merge: the option's sources, then each cited id not yet listed.
    static func formerMerge(own: [String], cited: [String]) -> [String] {
        var sources = own
        for id in cited where !sources.contains(id) { sources.append(id) }
        return sources
    }

    @Test func citedSourcesMergeAsTheFormerMergeDid() {
        let pool = ["a", "b", "c", "prozac-label-2013", "project-decision-serotonergic", "fda-2011", "d"]
        var generator = SystemRandomNumberGenerator()
        var changed = 0
        var unchanged = 0
        for _ in 0..<3_000 {
            let own = (0..<Int.random(in: 0...4, using: &generator)).map { _ in pool.randomElement(using: &generator)! }
            var findings = PlanSafety.Findings()
            var cited: [String] = []
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                let group = (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                    pool.randomElement(using: &generator)!
                }
                cited += group
                if Bool.random(using: &generator) {
                    findings.cite(group, own: own)
                } else {
                    for id in group { findings.cite(CollectionOfOne(id), own: own) }
                }
            }
            let expected = Self.formerMerge(own: own, cited: cited)
            if expected.count == own.count {
                // Nothing new: the option keeps its own list.
                #expect(findings.sources.isEmpty)
                unchanged += 1
            } else {
                #expect(findings.sources == expected)
                changed += 1
            }
        }
        #expect(changed > 500 && unchanged > 500)
    }

    @Test(arguments: [0, 1, 6, 8, 9, 20])
    func screenPositionsReadAsAnArrayWould(_ count: Int) {
        var positions = ScreenPositions(count: count)
        var array = [Int](repeating: -1, count: count)
        for slot in 0..<count { #expect(positions[slot] == -1) }
        var generator = SystemRandomNumberGenerator()
        for step in 0..<200 where count > 0 {
            let slot = Int.random(in: 0..<count, using: &generator)
            positions[slot] = step
            array[slot] = step
            for check in 0..<count { #expect(positions[check] == array[check]) }
        }
    }

    @Test(arguments: ["F32.3", "F31.1", "F33.1", "F43.10", "Z00", ""])
    func sharedDiagnosisFieldsAreTheMappingsFields(_ code: String) throws {
        let knowledge = try TrialTestKit.knowledge()
        let record = PatientRecord(
            id: "dx", episode: Episode(onset: LocalDate(year: 2026, month: 1, day: 1)!, diagnosis: Diagnosis(code: code)))
        let shared = SharedRecord(record, conditions: knowledge.conditions)
        let mapping = SharedRecord.diagnosisMapping(record, catalog: knowledge.conditions)
        #expect(shared.diagnosisCategory == mapping?.category)
        #expect(shared.diagnosisPsychotic == (mapping?.psychoticFeatures ?? false))
        // The checklist built on the shared record equals the one that looks the code up itself.
        let scored = MeasurementScoring.score(record, catalog: knowledge.instruments).measurements
        let context = try TrialTestKit.context()
        let viaShared = PseudoResistanceChecklist.evaluate(
            shared, measurements: scored, trials: [], context: context, knowledge: knowledge)
        let alone = PseudoResistanceChecklist.evaluate(
            record, measurements: scored, trials: [], context: context, knowledge: knowledge)
        #expect(viaShared == alone)
        #expect(viaShared.map(\.evidence) == alone.map(\.evidence))
    }

    static func describe(_ series: [TrialScoreSeries]) -> [String] {
        series.map { s in
            "\(s.instrument) \(s.remissionMax.map(String.init) ?? "-") "
                + s.points.map { "\($0.date)=\($0.score)" }.joined(separator: ",")
        }
    }

    /// Random records of catalogued instruments, aliases, unknown names and non-depression
    /// instruments, entered totals, out-of-order and equal dates.
    static func randomMeasurements(_ generator: inout some RandomNumberGenerator) -> [StepwiseCore.Measurement] {
        let names = [
            "phq9", "madrs", "gad7", "PHQ-9", "qids", "hamd17", "isi", "madrs10", "qids-sr16", "PHQ9", "unknown",
            "wsas", "hamd", "qids-c16",
        ]
        return (0..<Int.random(in: 0...40, using: &generator)).map { _ in
            StepwiseCore.Measurement(
                instrument: names.randomElement(using: &generator)!,
                date: InstrumentFixtures.date.adding(days: Int.random(in: -60...60, using: &generator)),
                total: Int.random(in: 0...27, using: &generator))
        }
    }

    @Test func outcomeSeriesFromTheDepressionSeriesEqualTheSeriesFromTheMeasurements() throws {
        let knowledge = try TrialTestKit.knowledge()
        let catalog = knowledge.instruments
        let bundled = try #require(knowledge.drugs.tables?.outcomeInstruments.value)
        // The bundled preference, a reversed one, one with repeats, an alias and an unknown id, none.
        let preferences = [
            bundled, bundled.reversed(), bundled + bundled, ["PHQ-9", "phq9", "gad7", "nothing"] + bundled, [],
        ]
        var generator = SystemRandomNumberGenerator()
        var nonEmpty = 0
        for _ in 0..<600 {
            let record = PatientRecord(id: "p", measurements: Self.randomMeasurements(&generator))
            let scored = MeasurementScoring.score(record, catalog: catalog).measurements
            let depression = ScoreSeries.depressionSeries(scored, knowledge: knowledge)
            for preference in preferences {
                let walked = TrialScoreSeries.build(scored, preference: preference, instruments: catalog)
                let shared = TrialScoreSeries.build(depression: depression, preference: preference, instruments: catalog)
                #expect(Self.describe(shared) == Self.describe(walked))
                if !walked.isEmpty { nonEmpty += 1 }
            }
        }
        #expect(nonEmpty > 1_000)
    }

    @Test func theAssessorsTrialsAndMonitoringEqualTheStepsOwn() throws {
        let knowledge = try TrialTestKit.knowledge()
        let context = try TrialTestKit.context()
        var generator = SystemRandomNumberGenerator()
        let agents = ["sertraline", "venlafaxine", "bupropion", "aripiprazole", "lithium", "escitalopram"]
        let starts = ["2026-07-15", "2026-08-20", "2026-09-10", "2026-10-01"]
        let first = try TrialTestKit.date("2026-07-01")
        var withOutcome = 0
        for index in 0..<300 {
            var trials: [TreatmentTrial] = []
            for number in 0..<Int.random(in: 0...4, using: &generator) {
                trials.append(
                    try TrialTestKit.trial(
                        "t\(number)", agents.randomElement(using: &generator)!,
                        mg: Double(Int.random(in: 0...4, using: &generator) * 50),
                        start: starts.randomElement(using: &generator)!, days: Int.random(in: 10...120, using: &generator)))
            }
            var measurements = Self.randomMeasurements(&generator)
            for position in measurements.indices {
                measurements[position].date = first.adding(days: Int.random(in: 0...140, using: &generator))
            }
            let record = PatientRecord(id: "p\(index)", measurements: measurements, trials: trials)
            let report = Assessor(knowledge: knowledge).assess(record, context: context)
            let scored = MeasurementScoring.score(record, catalog: knowledge.instruments).measurements
            let alone = TrialEvaluation.evaluate(record, measurements: scored, context: context, knowledge: knowledge)
            #expect(report.trials == alone)
            withOutcome += alone.filter { $0.outcome.instrument != nil }.count
            let monitoring = MonitoringRules.evaluate(
                record, measurements: scored, trials: alone, context: context, knowledge: knowledge)
            #expect(report.monitoring == monitoring)
            #expect(report.monitoring.map(\.evidence) == monitoring.map(\.evidence))
            #expect(report.monitoring.map(\.message) == monitoring.map(\.message))
        }
        #expect(withOutcome > 100)
    }

    @Test func conditionCodesMapAsTheDictionariesMappedThem() throws {
        let file = try KnowledgeResource.load("conditions", as: ConditionFile.self)
        let catalog = ConditionCatalog(file: file)
        var codes: [String] = []
        for mapping in file.icd10 + file.snomed {
            let code = mapping.code
            codes += [code, code.lowercased(), " " + code + " ", code + "9", code + ".1", code + "A", code + "1X", code + "22A"]
            codes.append(String(code.dropLast()))
            codes.append(code.replacingOccurrences(of: ".", with: ""))
        }
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("FZRXTOC0123456789.. a")
        for _ in 0..<20_000 {
            codes.append(String((0..<Int.random(in: 0...11, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        codes += ["", " ", ".", "0", "00", "F", "\u{0}F32", "123456789012345678", "1234567890123456789", "12 34"]
        var hits = 0
        for code in codes {
            for system in [nil, CodeSystem.icd10, .snomed, .loinc] {
                let expected = catalog.mappingByDictionary(forCode: code, system: system)
                #expect(catalog.mapping(forCode: code, system: system) == expected, "\(code)")
                if expected != nil { hits += 1 }
            }
        }
        #expect(hits > 1_000)
    }

    @Test func packedKeyTablesFindEveryKeyAndNothingElse() {
        var generator = SystemRandomNumberGenerator()
        for count in [0, 1, 2, 7, 8, 9, 100, 1_000] {
            var keys = Set<UInt64>()
            while keys.count < count {
                keys.insert(Bool.random(using: &generator) ? UInt64.random(in: 0...64, using: &generator) : .random(in: .min ... .max, using: &generator))
            }
            let list = Array(keys)
            let table = PackedKeyTable(list)
            for (position, key) in list.enumerated() { #expect(table.position(of: key) == position) }
            for _ in 0..<2_000 {
                let probe = UInt64.random(in: 0...200, using: &generator)
                #expect(table.position(of: probe) == list.firstIndex(of: probe))
            }
        }
    }

    @Test func severityCodesAreFoundAsTheStringKeyFoundThem() throws {
        let tables = try TreatmentTables.bundled()
        var codes: [String] = []
        for entry in tables.severityCodes {
            let code = entry.code
            codes += [code, code.lowercased(), " " + code, code + " ", code + ".", code + "0", "." + code, String(code.dropLast())]
            codes.append(code.replacingOccurrences(of: ".", with: ""))
            codes.append(code.replacingOccurrences(of: ".", with: " "))
        }
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("F3F32.0123456789 a\u{0}é")
        for _ in 0..<20_000 {
            codes.append(String((0..<Int.random(in: 0...10, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        codes += ["", " ", ".", "F33.12345678", "F3312345", "F33123456", "ＦＦ33.2"]
        var hits = 0
        for code in codes {
            for system in [nil, CodeSystem.icd10, .snomed, .loinc] {
                let expected = tables.severityByKey(code: code, system: system)
                #expect(tables.severity(code: code, system: system) == expected, "\(code)")
                if expected != nil { hits += 1 }
            }
        }
        #expect(hits > 100)
    }

    /// The TRD log finds a repeated agent among the first eight counted trials inline and walks the
    /// log beyond that: either way each definition counts an agent once, at its first trial, and the
    /// repeat names that trial.
    @Test(arguments: [3, 8, 9, 12, 16])
    func aRepeatedAgentCountsOnceAtItsFirstTrial(_ count: Int) throws {
        _ = try TrialTestKit.knowledge()
        let pool = [
            "sertraline", "escitalopram", "citalopram", "fluoxetine", "paroxetine", "venlafaxine", "duloxetine",
            "bupropion", "mirtazapine", "vortioxetine", "desvenlafaxine", "fluvoxamine",
        ]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<40 {
            // Distinct agents first in some rounds (more than eight counted before any repeat).
            let agents = (0..<count).map { index in
                round % 2 == 0 && index < pool.count ? pool[index] : pool.randomElement(using: &generator)!
            }
            let trials = try agents.enumerated().map { index, agent in
                try TrialTestKit.trial("t\(index)", agent, mg: 400, days: 60)
            }
            let report = try TrialTestKit.assess(PatientRecord(id: "many", trials: trials))
            var firstByAgent: [String: String] = [:]
            var expected: [String] = []
            for trial in report.trials where firstByAgent[trial.agent] == nil {
                firstByAgent[trial.agent] = trial.id
                expected.append(trial.id)
            }
            let karolinska = try #require(report.trd.first { $0.definition == "karolinska-register" })
            #expect(karolinska.countedTrials == expected)
            for verdict in report.trd {
                #expect(Set(verdict.countedTrials).count == verdict.countedTrials.count)
            }
            for trial in report.trials where firstByAgent[trial.agent] != trial.id {
                let first = try #require(firstByAgent[trial.agent])
                #expect(karolinska.explanation.contains("was already counted [" + first + "]"))
            }
        }
    }

    @Test func asciiUnitsTrimAndLowerAsTheStringFunctionsDo() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("mIU/L µnmol/LMGdLpg\t -.AZaz09%^~\u{0}é")
        var fast = 0
        var units = ["", " ", "\t", " mIU/L ", "MIU/L", "ng/mL\t", "\t \tNMOL/L \t", "µIU/mL", "mg/dL", String(repeating: "a", count: 64),
            String(repeating: "a", count: 65), " " + String(repeating: "B", count: 63)]
        for _ in 0..<20_000 {
            units.append(String((0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        for unit in units {
            guard let quick = ConditionCatalog.asciiLowercasedTrimmed(unit) else {
                #expect(unit.utf8.count > 64 || unit.utf8.contains { $0 >= 0x80 })
                continue
            }
            fast += 1
            #expect(quick == ConditionCatalog.lowercasedTrimmed(unit), "\(unit)")
        }
        #expect(fast > 5_000)
    }
}
