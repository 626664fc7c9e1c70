// SPDX-License-Identifier: Apache-2.0
import PropertyBased
import Testing

@testable import StepwiseCore

/// Adding a failed adequate trial never lowers the Thase–Rush stage, the Maudsley total or the
/// MGH score, whatever the rest of the history looks like.
@Suite struct StagingPropertyTests {
    typealias Kit = TrialTestKit

    static let agents = [
        "sertraline", "venlafaxine", "nortriptyline", "phenelzine", "bupropion", "aripiprazole", "lithium",
        "mirtazapine", "unknown-agent", "ect",
    ]

    /// A trial made deterministically from a few integers.
    static func trial(_ seed: [Int], index: Int) throws -> TreatmentTrial {
        let agent = agents[seed[0] % agents.count]
        let start = try Kit.date("2024-01-01").adding(days: seed[1] % 600)
        let days = seed[2] % 140
        let improvement = Double(seed[3] % 101)
        if agent == "ect" {
            let lateralities = ECTLaterality.allCases
            return TreatmentTrial(
                id: "g\(index)", kind: .neuromodulation, agent: "ect", start: start, end: start.adding(days: days),
                sessions: seed[4] % 14, laterality: lateralities[seed[5] % lateralities.count],
                clinicianRatedImprovement: improvement)
        }
        let role: TreatmentTrial.Role = seed[5] % 3 == 0 ? .augmentation : .monotherapy
        let stops = StopReason.allCases
        return TreatmentTrial(
            id: "g\(index)", kind: .medication, agent: agent, role: role, start: start, end: start.adding(days: days),
            doses: [DoseStep(from: start, mgPerDay: Double(seed[4] % 320))],
            adherence: seed[6] % 4 == 0 ? nil : Adherence(percentDaysCovered: Double(seed[6] % 101)),
            stopReason: stops[seed[7] % stops.count],
            clinicianRatedImprovement: seed[3] % 5 == 0 ? nil : improvement)
    }

    /// The failed adequate antidepressant trials that may be added.
    static let additions: [(String, Double)] = [
        ("sertraline", 100), ("venlafaxine", 225), ("nortriptyline", 100), ("phenelzine", 60), ("bupropion", 300),
    ]

    static func staging(_ trials: [TreatmentTrial]) throws -> StagingResult {
        let record = PatientRecord(id: "p", episode: Episode(onset: try Kit.date("2023-06-01")), trials: trials)
        let context = try Kit.context(asOf: "2026-11-21")
        let knowledge = try Kit.knowledge()
        let assessed = TrialEvaluation.evaluate(record, measurements: [], context: context, knowledge: knowledge)
        return StagingModels.evaluate(assessed, measurements: [], record: record, context: context, knowledge: knowledge)
    }

    @Test func addingAFailedAdequateTrialNeverLowersAStage() async {
        let seeds = Gen.int(in: 0...10_000).array(of: 8).array(of: 0...7)
        await propertyCheck(count: 150, input: seeds, Gen.int(in: 0...10_000)) { history, pick in
            do {
                let trials = try history.enumerated().map { try Self.trial($1, index: $0) }
                let (agent, mg) = Self.additions[pick % Self.additions.count]
                let start = try Kit.date("2024-01-01").adding(days: pick % 800)
                let added = TreatmentTrial(
                    id: "added", kind: .medication, agent: agent, start: start, end: start.adding(days: 60),
                    doses: [DoseStep(from: start, mgPerDay: mg)], adherence: Adherence(percentDaysCovered: 95),
                    stopReason: .nonResponse, clinicianRatedImprovement: Double(pick % 25))
                let before = try Self.staging(trials)
                let after = try Self.staging(trials + [added])
                #expect(after.thaseRush.stage >= before.thaseRush.stage)
                #expect(after.maudsley.total >= before.maudsley.total)
                #expect(after.mgh.score >= before.mgh.score + 1)
                for result in [before, after] {
                    #expect((0...5).contains(result.thaseRush.stage))
                    #expect((3...15).contains(result.maudsley.total))
                    let m = result.maudsley
                    #expect(m.total == m.duration + m.severity + m.antidepressants + m.augmentation + m.ect)
                }
            } catch {
                Issue.record(error)
            }
        }
    }
}
