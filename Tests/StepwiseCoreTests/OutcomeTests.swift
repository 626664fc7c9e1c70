// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

@Suite struct OutcomeTests {
    typealias Kit = TrialTestKit

    func outcome(_ scores: [ScoredMeasurement], trial: TreatmentTrial? = nil) throws -> TrialOutcome {
        let trial = try trial ?? Kit.trial("t", "sertraline", mg: 100, start: "2026-01-01", days: 56)
        return try #require(try Kit.evaluate([trial], measurements: scores).first).outcome
    }

    @Test(arguments: [
        (20, 10, "response", -50.0), (20, 11, "partial-response", -45.0), (20, 15, "partial-response", -25.0),
        (20, 16, "non-response", -20.0), (20, 24, "non-response", 20.0), (20, 4, "remission", -80.0),
        (20, 5, "response", -75.0),
    ])
    func phq9BoundariesClassifyAsTheSourcesWriteThem(baseline: Int, end: Int, expected: String, change: Double) throws {
        let result = try outcome([
            try Kit.score("phq9", "2025-12-20", baseline), try Kit.score("phq9", "2026-02-20", end),
        ])
        #expect(result.class == expected)
        #expect(result.percentChange == change)
        #expect(result.basis == "scores")
        #expect(result.instrument == "phq9")
    }

    @Test func baselineIsTheLastScoreOnOrBeforeStartAndEndTheLastDuringTheTrial() throws {
        let result = try outcome([
            try Kit.score("phq9", "2025-11-01", 27), try Kit.score("phq9", "2026-01-01", 20),
            try Kit.score("phq9", "2026-01-20", 18), try Kit.score("phq9", "2026-02-26", 16),
            try Kit.score("phq9", "2026-03-10", 2),  // after the trial ended
        ])
        #expect(result.baseline == ScorePoint(date: try Kit.date("2026-01-01"), score: 20))
        #expect(result.endpoint == ScorePoint(date: try Kit.date("2026-02-26"), score: 16))
        #expect(result.class == "non-response")
    }

    @Test func clinicianRatedScalesArePreferred() throws {
        let result = try outcome([
            try Kit.score("phq9", "2025-12-30", 20), try Kit.score("hamd17", "2025-12-30", 24),
            try Kit.score("phq9", "2026-02-20", 8), try Kit.score("hamd17", "2026-02-20", 20),
        ])
        #expect(result.instrument == "hamd17")
        #expect(result.class == "non-response")
    }

    @Test func anInstrumentWithoutABaselineIsSkipped() throws {
        let result = try outcome([
            try Kit.score("hamd17", "2026-02-20", 20), try Kit.score("qids-sr16", "2025-12-30", 16),
            try Kit.score("qids-sr16", "2026-02-20", 5),
        ])
        #expect(result.instrument == "qids-sr16")
        #expect(result.class == "remission")
    }

    @Test func aZeroBaselineIsUnknown() throws {
        let result = try outcome([try Kit.score("phq9", "2025-12-30", 0), try Kit.score("phq9", "2026-02-20", 3)])
        #expect(result.class == "unknown")
        #expect(result.percentChange == nil)
    }

    @Test func responseThenRelapseIsRecordedAsLostResponse() throws {
        let result = try outcome([
            try Kit.score("phq9", "2025-12-30", 20), try Kit.score("phq9", "2026-01-30", 6),
            try Kit.score("phq9", "2026-02-25", 14),
        ])
        #expect(result.class == "partial-response")
        #expect(result.lostResponse == true)
        #expect(result.peakPercentChange == -70)
    }

    @Test func steadyImprovementIsNotLostResponse() throws {
        let result = try outcome([
            try Kit.score("phq9", "2025-12-30", 20), try Kit.score("phq9", "2026-01-30", 12),
            try Kit.score("phq9", "2026-02-25", 9),
        ])
        #expect(result.lostResponse == false)
    }

    @Test(arguments: [(50.0, "response"), (49.0, "partial-response"), (25.0, "partial-response"), (24.0, "non-response")])
    func clinicianRatingIsUsedWithoutScores(improvement: Double, expected: String) throws {
        let trial = try Kit.trial("t", "sertraline", mg: 100, days: 56, improvement: improvement)
        let result = try outcome([], trial: trial)
        #expect(result.class == expected)
        #expect(result.basis == "clinician-rating")
        #expect(result.percentChange == -improvement)
    }

    @Test func noScoresAndNoRatingIsUnknown() throws {
        let result = try outcome([])
        #expect(result.class == "unknown")
        #expect(result.basis == "none")
    }

    @Test func anOngoingTrialEndsAtTheAsOfDate() throws {
        let start = try Kit.date("2026-10-01")
        let trial = TreatmentTrial(
            id: "t", kind: .medication, agent: "sertraline", start: start, doses: [DoseStep(from: start, mgPerDay: 100)])
        let result = try outcome(
            [
                try Kit.score("phq9", "2026-09-30", 18), try Kit.score("phq9", "2026-11-20", 9),
                try Kit.score("phq9", "2026-11-25", 2),
            ], trial: trial)
        #expect(result.endpoint?.score == 9)
        #expect(result.class == "response")
    }
}
