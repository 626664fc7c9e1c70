// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// The published MGH-ATRQ worked example (Current Psychiatry 2012; clinical-rules.md §4.1):
/// 2 of 5 trials count as failed adequate trials.
@Suite struct ATRQWorkedExampleTests {
    typealias Kit = TrialTestKit

    static func record() throws -> (PatientRecord, [ScoredMeasurement]) {
        let d = Kit.date
        let trials = [
            TreatmentTrial(
                id: "sertraline", kind: .medication, agent: "sertraline", start: try d("2023-02-01"),
                end: try d("2023-05-02"), doses: [DoseStep(from: try d("2023-02-01"), mgPerDay: 100)],
                stopReason: .nonResponse),
            TreatmentTrial(
                id: "citalopram", kind: .medication, agent: "citalopram", start: try d("2023-05-10"),
                end: try d("2023-06-09"), doses: [DoseStep(from: try d("2023-05-10"), mgPerDay: 20)],
                stopReason: .nonResponse),
            TreatmentTrial(
                id: "venlafaxine", kind: .medication, agent: "venlafaxine", start: try d("2023-06-15"),
                end: try d("2023-08-03"), doses: [DoseStep(from: try d("2023-06-15"), mgPerDay: 75)],
                stopReason: .partialResponse),
            TreatmentTrial(
                id: "duloxetine", kind: .medication, agent: "duloxetine", start: try d("2023-08-10"),
                end: try d("2025-08-10"),
                doses: [DoseStep(from: try d("2023-08-10"), mgPerDay: 60), DoseStep(from: try d("2023-10-01"), mgPerDay: 90)],
                stopReason: .other),
            TreatmentTrial(
                id: "duloxetine+aripiprazole", kind: .medication, agent: "aripiprazole", role: .augmentation,
                augments: "duloxetine", start: try d("2025-08-10"), end: try d("2025-09-07"),
                doses: [DoseStep(from: try d("2025-08-10"), mgPerDay: 10)], stopReason: .nonResponse),
        ]
        let scores = [
            ("2023-02-01", 20), ("2023-05-01", 20), ("2023-06-08", 20), ("2023-08-01", 14), ("2023-08-10", 20),
            ("2024-01-10", 4), ("2025-08-01", 13), ("2025-09-05", 13),
        ].compactMap { entry in
            LocalDate(entry.0).map { ScoredMeasurement(instrument: "phq9", date: $0, total: entry.1, band: nil, basis: "items") }
        }
        let episode = Episode(onset: try d("2023-01-01"), diagnosis: Diagnosis(code: "F33.1", system: .icd10))
        return (PatientRecord(id: "atrq", episode: episode, trials: trials), scores)
    }

    static func run() throws -> (trials: [TrialAssessment], trd: [TRDVerdict], staging: StagingResult) {
        let (record, scores) = try record()
        let context = try Kit.context()
        let knowledge = try Kit.knowledge()
        let trials = TrialEvaluation.evaluate(record, measurements: scores, context: context, knowledge: knowledge)
        let trd = TRDDefinitions.evaluate(trials, record: record, context: context, knowledge: knowledge)
        let staging = StagingModels.evaluate(
            trials, measurements: scores, record: record, context: context, knowledge: knowledge)
        return (trials, trd, staging)
    }

    @Test func eachTrialGetsThePublishedVerdict() throws {
        let trials = try Self.run().trials
        let byID = Dictionary(uniqueKeysWithValues: trials.map { ($0.id, $0) })
        let sertraline = try #require(byID["sertraline"])
        #expect(sertraline.adequacy.verdict == "adequate")
        #expect(sertraline.outcome.class == "non-response")
        #expect(sertraline.outcome.percentChange == 0)
        #expect(byID["citalopram"]?.adequacy.reasons.contains("inadequate-duration") == true)
        #expect(byID["venlafaxine"]?.adequacy.reasons.contains("inadequate-dose") == true)
        #expect(byID["venlafaxine"]?.outcome.percentChange == -30)
        let duloxetine = try #require(byID["duloxetine"])
        #expect(duloxetine.adequacy.verdict == "adequate")
        #expect(duloxetine.outcome.lostResponse == true)
        #expect(duloxetine.outcome.peakPercentChange == -80)
        let augmented = try #require(byID["duloxetine+aripiprazole"])
        #expect(augmented.adequacy.verdict == "adequate")
        #expect(augmented.outcome.class == "non-response")
    }

    @Test func twoOfFiveTrialsAreFailedAdequateTrials() throws {
        let (record, _) = try Self.record()
        let result = try Self.run()
        let paired = TrialOrder.pair(result.trials, record: record)
        let context = try Kit.context()
        let failed = zip(result.trials, paired).filter { TrialFailure.failedAdequate($0, trial: $1, context: context) }
        #expect(failed.map(\.0.id) == ["sertraline", "duloxetine+aripiprazole"])
        // The report carries the same judgement for downstream readers.
        #expect(result.trials.filter { $0.failedAdequate == true }.map(\.id) == ["sertraline", "duloxetine+aripiprazole"])
        #expect(result.trials.first?.stopReason == "non-response")
    }

    @Test func stagingFollowsFromTheTwoFailures() throws {
        let staging = try Self.run().staging
        #expect(staging.thaseRush.stage == 1)
        #expect(staging.mgh.score == 1.5)
        #expect(staging.maudsley.antidepressants == 1)
        #expect(staging.maudsley.augmentation == 1)
    }

    @Test func theDefinitionsDisagreeOnThisPatient() throws {
        let trd = Dictionary(uniqueKeysWithValues: try Self.run().trd.map { ($0.definition, $0) })
        // FDA counts only oral antidepressant trials: sertraline alone.
        #expect(trd["fda"]?.met == false)
        #expect(trd["fda"]?.countedTrials == ["sertraline"])
        // EU-PEARL counts 4 weeks at adequate dose: citalopram 20 mg for 30 days counts too.
        #expect(trd["eu-pearl-2022"]?.met == true)
        #expect(trd["eu-pearl-2022"]?.countedTrials == ["sertraline", "citalopram", "duloxetine+aripiprazole"])
        #expect(trd["canadian-2021"]?.countedTrials == ["sertraline", "duloxetine+aripiprazole"])
        #expect(trd["canadian-2021"]?.met == true)
        // Karolinska: every trial of more than 28 days; the 28-day augmentation does not count.
        #expect(trd["karolinska-register"]?.countedTrials == ["sertraline", "citalopram", "venlafaxine", "duloxetine"])
        #expect(trd["karolinska-register"]?.met == true)
        let fda = try #require(trd["fda"])
        #expect(fda.explanation.contains("citalopram [citalopram] adequacy inadequate"))
        #expect(fda.explanation.contains("aripiprazole [duloxetine+aripiprazole] not an antidepressant"))
        #expect(fda.explanation.contains("response later lost"))
    }
}
