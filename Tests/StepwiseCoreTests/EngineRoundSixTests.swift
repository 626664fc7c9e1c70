// SPDX-License-Identifier: Apache-2.0
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
}
