// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

@Suite struct TRDDefinitionTests {
    typealias Kit = TrialTestKit

    static func verdicts(
        _ trials: [TreatmentTrial], conditions: [Condition] = [], profile: String = "mgh-atrq"
    ) throws -> [String: TRDVerdict] {
        let record = PatientRecord(id: "p", episode: Episode(onset: try Kit.date("2025-01-01")), trials: trials, conditions: conditions)
        let context = try Kit.context(profile: profile)
        let knowledge = try Kit.knowledge()
        let assessed = TrialEvaluation.evaluate(record, measurements: [], context: context, knowledge: knowledge)
        let verdicts = TRDDefinitions.evaluate(assessed, record: record, context: context, knowledge: knowledge)
        return Dictionary(uniqueKeysWithValues: verdicts.map { ($0.definition, $0) })
    }

    @Test func allFourDefinitionsAreReportedInOrder() throws {
        let record = PatientRecord(id: "p")
        let knowledge = try Kit.knowledge()
        let verdicts = TRDDefinitions.evaluate([], record: record, context: try Kit.context(), knowledge: knowledge)
        #expect(verdicts.map(\.definition) == ["fda", "eu-pearl-2022", "canadian-2021", "karolinska-register"])
        #expect(verdicts.allSatisfy { !$0.met && $0.countedTrials.isEmpty && !$0.sources.isEmpty })
    }

    @Test func twoAdequateOralFailuresMeetEveryDefinition() throws {
        let trd = try Self.verdicts([
            try Kit.trial("a", "sertraline", mg: 100, start: "2025-02-01", days: 60, improvement: 10),
            try Kit.trial("b", "venlafaxine", mg: 150, start: "2025-05-01", days: 60, improvement: 20),
            try Kit.trial("c", "mirtazapine", mg: 30, start: "2025-08-01", days: 60, improvement: 0),
        ])
        for definition in ["fda", "eu-pearl-2022", "canadian-2021", "karolinska-register"] {
            #expect(trd[definition]?.met == true, "\(definition)")
        }
        #expect(trd["fda"]?.countedTrials == ["a", "b", "c"])
    }

    @Test func partialResponseSplitsTheDefinitions() throws {
        // 30 % improvement: a failure below 50 % (FDA, Canadian) but not below 25 % (EU-PEARL).
        let trd = try Self.verdicts([
            try Kit.trial("a", "sertraline", mg: 100, start: "2025-02-01", days: 60, improvement: 30),
            try Kit.trial("b", "venlafaxine", mg: 150, start: "2025-05-01", days: 60, improvement: 30),
        ])
        #expect(trd["fda"]?.met == true)
        #expect(trd["canadian-2021"]?.met == true)
        #expect(trd["eu-pearl-2022"]?.met == false)
        #expect(trd["eu-pearl-2022"]?.explanation.contains("30 % improvement (≥ 25 %)") == true)
    }

    @Test(arguments: [(25.0, false), (24.0, true)])
    func euPearlFailureIsBelowTwentyFivePercent(improvement: Double, counted: Bool) throws {
        let trd = try Self.verdicts([
            try Kit.trial("a", "sertraline", mg: 100, start: "2025-02-01", days: 60, improvement: improvement),
        ])
        #expect(trd["eu-pearl-2022"]?.countedTrials == (counted ? ["a"] : []))
    }

    @Test(arguments: [(50.0, false), (49.0, true)])
    func fdaAndCanadianFailureIsBelowFiftyPercent(improvement: Double, counted: Bool) throws {
        let trd = try Self.verdicts([
            try Kit.trial("a", "sertraline", mg: 100, start: "2025-02-01", days: 60, improvement: improvement),
        ])
        #expect(trd["fda"]?.countedTrials == (counted ? ["a"] : []))
        #expect(trd["canadian-2021"]?.countedTrials == (counted ? ["a"] : []))
    }

    @Test func stoppingBeforeWeekFourIsNotAnEUPEARLFailure() throws {
        let trd = try Self.verdicts([
            try Kit.trial("a", "sertraline", mg: 100, start: "2025-02-01", days: 27, improvement: 0),
            try Kit.trial("b", "venlafaxine", mg: 150, start: "2025-05-01", days: 28, improvement: 0),
        ])
        #expect(trd["eu-pearl-2022"]?.countedTrials == ["b"])
        #expect(trd["eu-pearl-2022"]?.explanation.contains("stopped before completing week 4") == true)
        // The 6-week profile judges both inadequate for FDA.
        #expect(trd["fda"]?.countedTrials == [])
    }

    @Test func bipolarDepressionIsExcludedFromEUPEARLOnly() throws {
        let trials = [
            try Kit.trial("a", "sertraline", mg: 100, start: "2025-02-01", days: 60, improvement: 0),
            try Kit.trial("b", "venlafaxine", mg: 150, start: "2025-05-01", days: 60, improvement: 0),
        ]
        let bipolar = Condition(code: "F31.81", system: .icd10, category: "bipolar")
        let trd = try Self.verdicts(trials, conditions: [bipolar])
        #expect(trd["eu-pearl-2022"]?.met == false)
        #expect(trd["eu-pearl-2022"]?.explanation.contains("bipolar") == true)
        #expect(trd["fda"]?.met == true)
        var ruledOut = bipolar
        ruledOut.status = .ruledOut
        #expect(try Self.verdicts(trials, conditions: [ruledOut])["eu-pearl-2022"]?.met == true)
    }

    @Test func aStopForNonResponseWithoutScoresCountsAsFailure() throws {
        let trd = try Self.verdicts([
            try Kit.trial("a", "sertraline", mg: 100, start: "2025-02-01", days: 60, stop: .nonResponse),
            try Kit.trial("b", "venlafaxine", mg: 150, start: "2025-05-01", days: 60, stop: .partialResponse),
            try Kit.trial("c", "duloxetine", mg: 60, start: "2025-08-01", days: 60, stop: .patientChoice),
        ])
        #expect(trd["fda"]?.countedTrials == ["a", "b"])
        #expect(trd["eu-pearl-2022"]?.countedTrials == ["a"])
        #expect(trd["fda"]?.explanation.contains("duloxetine [c] outcome unknown") == true)
    }

    @Test func fdaCountsOnlyOralAntidepressants() throws {
        let trd = try Self.verdicts([
            try Kit.trial("a", "sertraline", mg: 100, start: "2025-02-01", days: 60, improvement: 0),
            try Kit.trial("b", "aripiprazole", mg: 5, start: "2025-04-01", days: 60, role: .augmentation, improvement: 0),
            try Kit.trial("c", "esketamine", mg: 56, start: "2025-07-01", days: 60, role: .augmentation, improvement: 0),
        ])
        #expect(trd["fda"]?.countedTrials == ["a"])
        #expect(trd["fda"]?.met == false)
        #expect(trd["fda"]?.explanation.contains("not oral (intranasal)") == true)
        #expect(trd["eu-pearl-2022"]?.countedTrials == ["a", "b", "c"])
    }

    @Test func earlierEpisodesAndNonAdherentTrialsNeverCount() throws {
        let trd = try Self.verdicts([
            try Kit.trial("old", "sertraline", mg: 100, start: "2019-02-01", days: 60, improvement: 0, currentEpisode: false),
            try Kit.trial("poor", "venlafaxine", mg: 150, start: "2025-05-01", days: 60, adherence: 50, improvement: 0),
        ])
        for verdict in trd.values where verdict.definition != "karolinska-register" {
            #expect(verdict.countedTrials.isEmpty, "\(verdict.definition)")
        }
        // The register model ignores adherence but not the episode.
        #expect(trd["karolinska-register"]?.countedTrials == ["poor"])
        #expect(trd["eu-pearl-2022"]?.explanation.contains("venlafaxine [poor] non-adherence") == true)
        #expect(trd["fda"]?.explanation.contains("sertraline [old] earlier episode") == true)
    }

    @Test func karolinskaNeedsAThirdTrialOfMoreThanTwentyEightDays() throws {
        let three = [
            try Kit.trial("a", "sertraline", mg: 25, start: "2025-02-01", days: 29, improvement: 80),
            try Kit.trial("b", "venlafaxine", mg: 37.5, start: "2025-04-01", days: 29),
            try Kit.trial("c", "mirtazapine", mg: 15, start: "2025-06-01", days: 29),
        ]
        #expect(try Self.verdicts(three)["karolinska-register"]?.met == true)
        var short = three
        short[2] = try Kit.trial("c", "mirtazapine", mg: 15, start: "2025-06-01", days: 28)
        let verdict = try Self.verdicts(short)["karolinska-register"]
        #expect(verdict?.met == false)
        #expect(verdict?.countedTrials == ["a", "b"])
    }

    @Test func aRepeatedTrialOfTheSameDrugCountsOnce() throws {
        let trd = try Self.verdicts([
            try Kit.trial("a", "sertraline", mg: 100, start: "2025-02-01", days: 60, improvement: 0),
            try Kit.trial("b", "Zoloft", mg: 150, start: "2025-05-01", days: 60, improvement: 0),
            try Kit.trial("c", "sertraline", mg: 200, start: "2025-08-01", days: 60, improvement: 0),
        ])
        for verdict in trd.values {
            #expect(verdict.countedTrials == ["a"], "\(verdict.definition)")
            #expect(!verdict.met)
        }
        #expect(trd["fda"]?.explanation.contains("sertraline was already counted [a]") == true)
    }

    @Test func lostResponseIsNotAFailure() throws {
        let start = try Kit.date("2025-02-01")
        let trial = try Kit.trial("a", "sertraline", mg: 100, start: "2025-02-01", days: 120, improvement: nil)
        let record = PatientRecord(id: "p", trials: [trial])
        let scores = [
            ScoredMeasurement(instrument: "phq9", date: start, total: 20, band: nil, basis: "items"),
            ScoredMeasurement(instrument: "phq9", date: start.adding(days: 50), total: 8, band: nil, basis: "items"),
            ScoredMeasurement(instrument: "phq9", date: start.adding(days: 110), total: 18, band: nil, basis: "items"),
        ]
        let context = try Kit.context()
        let knowledge = try Kit.knowledge()
        let assessed = TrialEvaluation.evaluate(record, measurements: scores, context: context, knowledge: knowledge)
        let trd = TRDDefinitions.evaluate(assessed, record: record, context: context, knowledge: knowledge)
        #expect(trd.allSatisfy { $0.definition == "karolinska-register" || $0.countedTrials.isEmpty })
    }
}
