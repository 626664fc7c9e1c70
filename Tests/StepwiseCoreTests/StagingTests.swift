// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

@Suite struct StagingTests {
    typealias Kit = TrialTestKit

    /// A failed adequate trial: 90 days at the given dose, clinician-rated 10 % improvement.
    static func failed(_ id: String, _ agent: String, mg: Double, start: String, role: TreatmentTrial.Role? = nil)
        throws -> TreatmentTrial
    {
        try Kit.trial(id, agent, mg: mg, start: start, days: 90, role: role, improvement: 10)
    }

    static func failedECT(_ id: String, laterality: ECTLaterality?, start: String) throws -> TreatmentTrial {
        let from = try Kit.date(start)
        return TreatmentTrial(
            id: id, kind: .neuromodulation, agent: "ect", start: from, end: from.adding(days: 30),
            stopReason: .nonResponse, sessions: 9, laterality: laterality, clinicianRatedImprovement: 5)
    }

    static func stage(
        _ trials: [TreatmentTrial], onset: String? = "2026-01-01", diagnosis: Diagnosis? = nil,
        measurements: [ScoredMeasurement] = [], asOf: String = "2026-11-21"
    ) throws -> StagingResult {
        let episode = Episode(onset: try onset.map(Kit.date), diagnosis: diagnosis)
        let record = PatientRecord(id: "p", episode: episode, trials: trials)
        let context = try Kit.context(asOf: asOf)
        let knowledge = try Kit.knowledge()
        let assessed = TrialEvaluation.evaluate(record, measurements: measurements, context: context, knowledge: knowledge)
        return StagingModels.evaluate(
            assessed, measurements: measurements, record: record, context: context, knowledge: knowledge)
    }

    static let agents: [(String, Double)] = [
        ("sertraline", 100), ("venlafaxine", 150), ("bupropion", 300), ("mirtazapine", 30), ("escitalopram", 10),
        ("duloxetine", 60), ("vortioxetine", 10), ("fluoxetine", 20), ("citalopram", 20), ("desvenlafaxine", 50),
        ("paroxetine", 20), ("trazodone", 300),
    ]

    static func failures(_ count: Int, from year: Int = 2019, month first: Int = 1) throws -> [TreatmentTrial] {
        try (0..<count).map { index in
            let (agent, mg) = agents[index % agents.count]
            let offset = first - 1 + index
            let month = offset % 12 + 1
            let start = "\(year + offset / 12)-\(month < 10 ? "0" : "")\(month)-01"
            return try failed("ad\(index)", agent, mg: mg, start: start)
        }
    }

    // MARK: Maudsley

    @Test func maudsleyCaseAScoresFiveMild() throws {
        // 8 months, moderate, 2 failed antidepressants, no augmentation, no ECT.
        let result = try Self.stage(
            try Self.failures(2, from: 2026, month: 4), onset: "2026-03-21",
            diagnosis: Diagnosis(code: "F33.1", system: .icd10)
        ).maudsley
        #expect([result.duration, result.severity, result.antidepressants, result.augmentation, result.ect] == [1, 3, 1, 0, 0])
        #expect(result.total == 5)
        #expect(result.band == "mild")
    }

    @Test func maudsleyCaseBScoresNineModerate() throws {
        // 18 months, severe without psychosis, 4 failed antidepressants, augmentation.
        var trials = try Self.failures(4, from: 2025, month: 6)
        trials.append(try Self.failed("aug", "aripiprazole", mg: 5, start: "2026-06-01", role: .augmentation))
        let result = try Self.stage(
            trials, onset: "2025-05-21", diagnosis: Diagnosis(code: "F33.2", system: .icd10)
        ).maudsley
        #expect([result.duration, result.severity, result.antidepressants, result.augmentation, result.ect] == [2, 4, 2, 1, 0])
        #expect(result.total == 9)
        #expect(result.band == "moderate")
    }

    @Test func maudsleyCaseCScoresFourteenSevere() throws {
        // 30 months, severe with psychosis, 8 failed antidepressants, augmentation, ECT.
        var trials = try Self.failures(8, from: 2024, month: 6)
        trials.append(try Self.failed("aug", "lithium", mg: 900, start: "2026-01-01", role: .augmentation))
        trials.append(try Self.failedECT("ect", laterality: .rightUnilateral, start: "2026-06-01"))
        let result = try Self.stage(
            trials, onset: "2024-05-21", diagnosis: Diagnosis(code: "28475009", system: .snomed)
        ).maudsley
        #expect([result.duration, result.severity, result.antidepressants, result.augmentation, result.ect] == [3, 5, 4, 1, 1])
        #expect(result.total == 14)
        #expect(result.band == "severe")
    }

    @Test(arguments: [
        ("2025-11-21", 1), ("2025-11-20", 1), ("2025-10-22", 1), ("2025-10-21", 2), ("2024-11-21", 2),
        ("2024-11-20", 2), ("2024-10-21", 3),
    ])
    func durationUsesCompletedMonthsWithTwelveAndTwentyFourInclusive(onset: String, points: Int) throws {
        // As of 2026-11-21: 2025-11-21 is exactly 12 months, 2024-11-21 exactly 24 months.
        #expect(try Self.stage([], onset: onset).maudsley.duration == points)
    }

    @Test(arguments: [
        (1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (6, 3), (7, 4), (10, 4), (11, 5),
    ])
    func antidepressantFailureLevels(count: Int, points: Int) throws {
        #expect(try Self.stage(try Self.failures(count), onset: "2019-01-01").maudsley.antidepressants == points)
    }

    @Test func repeatedTrialsOfOneDrugCountAsOneFailedMedication() throws {
        let trials = [
            try Self.failed("a", "sertraline", mg: 100, start: "2025-01-01"),
            try Self.failed("b", "sertraline", mg: 200, start: "2025-05-01"),
            try Self.failed("c", "sertraline", mg: 150, start: "2025-09-01"),
        ]
        let result = try Self.stage(trials, onset: "2024-06-01")
        #expect(result.maudsley.explanation.contains("(1 failed)"))
        #expect(result.thaseRush.stage == 1)
        // MGH-s scores trials, not medications.
        #expect(result.mgh.score == 3)
    }

    @Test func noFailureIsRatedOneAndListedAsAnAssumption() throws {
        let result = try Self.stage([], diagnosis: Diagnosis(severity: .moderate)).maudsley
        #expect(result.antidepressants == 1)
        #expect(result.assumptions.contains { $0.contains("No failed adequate antidepressant") })
        #expect(result.total == 5)
    }

    @Test(arguments: [
        ("phq9", 22, 4), ("phq9", 17, 3), ("phq9", 12, 3), ("phq9", 7, 2), ("phq9", 3, 1), ("qids-sr16", 16, 4),
        ("hamd17", 24, 4), ("hamd17", 23, 3), ("madrs", 35, 4),
    ])
    func severityFallsBackToTheFirstScoreOfTheEpisode(instrument: String, total: Int, points: Int) throws {
        let scores = [try Kit.score(instrument, "2026-02-01", total), try Kit.score(instrument, "2026-06-01", 2)]
        let result = try Self.stage([], measurements: scores).maudsley
        #expect(result.severity == points)
        #expect(result.assumptions.contains { $0.contains("project decision") })
    }

    @Test func codedSeverityWinsOverTheCodeAndTheScale() throws {
        let scores = [try Kit.score("phq9", "2026-02-01", 25)]
        let coded = try Self.stage(
            [], diagnosis: Diagnosis(code: "F33.2", system: .icd10, severity: .mild), measurements: scores)
        #expect(coded.maudsley.severity == 2)
        let fromCode = try Self.stage([], diagnosis: Diagnosis(code: "F32.0", system: .icd10), measurements: scores)
        #expect(fromCode.maudsley.severity == 2)
    }

    @Test(arguments: [
        ("f33.2", CodeSystem?.some(.icd10), 4), ("F332", nil, 4), ("F32.0", nil, 2), ("36474008", nil, 4),
        ("28475009", CodeSystem?.some(.snomed), 5), ("F33.9", nil, 1), ("F33.2", CodeSystem?.some(.snomed), 1),
    ])
    func diagnosisCodesCarrySeverity(code: String, system: CodeSystem?, points: Int) throws {
        #expect(try Self.stage([], diagnosis: Diagnosis(code: code, system: system)).maudsley.severity == points)
    }

    @Test func psychoticFeaturesAreRatedFive() throws {
        let result = try Self.stage([], diagnosis: Diagnosis(severity: .moderate, psychoticFeatures: true)).maudsley
        #expect(result.severity == 5)
        #expect(result.assumptions.contains { $0.contains("Psychotic features") })
        #expect(try Self.stage([], diagnosis: Diagnosis(code: "F33.3", system: .icd10)).maudsley.severity == 5)
    }

    @Test func missingOnsetAndSeverityAreAssumptions() throws {
        let result = try Self.stage(try Self.failures(1, from: 2026), onset: nil).maudsley
        #expect(result.severity == 1)
        #expect(result.duration == 1)
        #expect(result.assumptions.contains { $0.contains("onset not recorded") })
        #expect(result.assumptions.contains { $0.contains("Severity not recorded") })
    }

    // MARK: Thase–Rush

    @Test(arguments: [
        ([String](), 0), (["sertraline"], 1), (["sertraline", "citalopram"], 1), (["sertraline", "venlafaxine"], 2),
        (["sertraline", "nortriptyline"], 2), (["sertraline", "venlafaxine", "nortriptyline"], 3),
        (["sertraline", "nortriptyline", "phenelzine"], 2),
        (["sertraline", "venlafaxine", "nortriptyline", "phenelzine"], 4),
    ])
    func thaseRushStagesAreCumulative(agents: [String], stage: Int) throws {
        let doses: [String: Double] = [
            "sertraline": 100, "citalopram": 20, "venlafaxine": 150, "nortriptyline": 75, "phenelzine": 45,
        ]
        let trials = try agents.enumerated().map { index, agent in
            try Self.failed("t\(index)", agent, mg: doses[agent] ?? 0, start: "2025-0\(index + 1)-01")
        }
        #expect(try Self.stage(trials, onset: "2024-01-01").thaseRush.stage == stage)
    }

    @Test(arguments: [
        (ECTLaterality.bitemporal, 5), (.bifrontal, 5), (.bilateral, 5), (.rightUnilateral, 4), (.unknown, 4),
    ])
    func stageFiveNeedsBilateralECT(laterality: ECTLaterality, stage: Int) throws {
        let trials = [
            try Self.failed("a", "sertraline", mg: 100, start: "2025-01-01"),
            try Self.failed("b", "venlafaxine", mg: 150, start: "2025-04-01"),
            try Self.failed("c", "nortriptyline", mg: 75, start: "2025-07-01"),
            try Self.failed("d", "phenelzine", mg: 45, start: "2025-10-01"),
            try Self.failedECT("e", laterality: laterality, start: "2026-02-01"),
        ]
        let result = try Self.stage(trials, onset: "2024-01-01").thaseRush
        #expect(result.stage == stage)
        if laterality == .unknown { #expect(result.explanation.contains("unknown electrode placement")) }
    }

    @Test func inadequateAndRespondingTrialsDoNotStage() throws {
        let trials = [
            try Kit.trial("short", "sertraline", mg: 100, days: 20, improvement: 0),
            try Kit.trial("responded", "venlafaxine", mg: 150, start: "2026-03-01", days: 90, improvement: 60),
            try Kit.trial("unknown", "duloxetine", mg: 60, start: "2026-07-01", days: 90, stop: .other),
            try Kit.trial("earlier", "citalopram", mg: 20, start: "2020-01-01", days: 90, improvement: 0,
                currentEpisode: false),
        ]
        let result = try Self.stage(trials)
        #expect(result.thaseRush.stage == 0)
        #expect(result.mgh.score == 0)
    }

    // MARK: MGH-s

    @Test func mghAddsOptimisationAugmentationAndECT() throws {
        let start = try Kit.date("2025-01-01")
        let optimised = TreatmentTrial(
            id: "opt", kind: .medication, agent: "sertraline", start: start, end: start.adding(days: 120),
            doses: [DoseStep(from: start, mgPerDay: 50), DoseStep(from: start.adding(days: 42), mgPerDay: 150)],
            adherence: Adherence(percentDaysCovered: 95), stopReason: .nonResponse, clinicianRatedImprovement: 10)
        let trials = [
            optimised,
            try Self.failed("plain", "venlafaxine", mg: 150, start: "2025-06-01"),
            try Self.failed("aug", "aripiprazole", mg: 5, start: "2025-10-01", role: .augmentation),
            try Self.failedECT("ect", laterality: .rightUnilateral, start: "2026-03-01"),
        ]
        let result = try Self.stage(trials, onset: "2024-06-01").mgh
        #expect(result.score == 1.5 + 1 + 0.5 + 3)
        #expect(result.explanation.contains("optimised"))
    }

    @Test func raisingADoseThatWasBelowTheMinimumIsNotOptimisation() throws {
        let start = try Kit.date("2025-01-01")
        let titrated = TreatmentTrial(
            id: "t", kind: .medication, agent: "sertraline", start: start, end: start.adding(days: 120),
            doses: [DoseStep(from: start, mgPerDay: 25), DoseStep(from: start.adding(days: 14), mgPerDay: 50)],
            stopReason: .nonResponse, clinicianRatedImprovement: 10)
        #expect(try Self.stage([titrated], onset: "2024-06-01").mgh.score == 1)
    }
}
