// SPDX-License-Identifier: Apache-2.0

import StepwiseCore
import Testing

@testable import StepwiseFHIR

/// Record assembly groups a patient's medication segments by drug by sorting positions instead of
/// `Dictionary(grouping:)`, and lays out item answers from one look-up of the instrument's shape
/// instead of two dictionaries. These tests compare each with the path it replaced.
@Suite struct TrialGroupingTests {
    /// The former grouping: a dictionary by drug, its keys sorted.
    static func formerGrouping(_ segments: [MedicationSegment]) -> [(drug: String, segments: [MedicationSegment])] {
        let byDrug = Dictionary(grouping: segments, by: \.drug)
        return byDrug.keys.sorted().map { ($0, byDrug[$0] ?? []) }
    }

    /// Drug names, including two spellings of one name that Swift strings treat as equal
    /// (composed and decomposed é) and names that differ only in case.
    static let names = ["sertraline", "Sertraline", "bupropion", "lithium", "caf\u{E9}", "cafe\u{301}", "a", "ab", ""]

    static func segments(_ seed: UInt64, count: Int) -> [MedicationSegment] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(bound))
        }
        return (0..<count).map { position in
            MedicationSegment(
                drug: names[next(names.count)], start: LocalDate(dayNumber: 19_000 + next(400)), end: nil,
                mgPerDay: nil, status: "active", stopReason: nil, source: "MedicationRequest/\(position)",
                fromDispense: next(4) == 0)
        }
    }

    @Test(arguments: 0..<300)
    func groupingByDrugGivesTheSameGroupsAsTheDictionary(seed: Int) {
        let segments = Self.segments(UInt64(seed), count: seed % 17)
        let new = MappingRun.groupedByDrug(segments)
        let old = Self.formerGrouping(segments)
        #expect(new.count == old.count)
        for (a, b) in zip(new, old) {
            // The same key bytes (the first spelling met), the same segments in the same order.
            #expect(Array(a.drug.utf8) == Array(b.drug.utf8))
            #expect(a.segments.map(\.source) == b.segments.map(\.source))
            #expect(a.segments.map { Array($0.drug.utf8) } == b.segments.map { Array($0.drug.utf8) })
        }
    }

    @Test func equalSpellingsOfOneDrugAreOneGroup() {
        let segments = Self.segments(7, count: 0) + [
            MedicationSegment(drug: "cafe\u{301}", start: LocalDate(dayNumber: 1), status: "active", source: "MedicationRequest/1"),
            MedicationSegment(drug: "bupropion", start: LocalDate(dayNumber: 2), status: "active", source: "MedicationRequest/2"),
            MedicationSegment(drug: "caf\u{E9}", start: LocalDate(dayNumber: 3), status: "active", source: "MedicationRequest/3"),
        ]
        let groups = MappingRun.groupedByDrug(segments)
        #expect(groups.map(\.drug) == ["bupropion", "caf\u{E9}"])
        #expect(Array(groups[1].drug.utf8) == Array("cafe\u{301}".utf8))
        #expect(groups[1].segments.map(\.source) == ["MedicationRequest/1", "MedicationRequest/3"])
    }

    @Test func everyInstrumentsShapeIsItsItemCountAndDifficultyItem() {
        let vocabulary = MappingVocabulary(knowledge: MappingFixtures.knowledge)
        #expect(Set(vocabulary.itemShapes.keys) == Set(vocabulary.itemCounts.keys))
        #expect(!vocabulary.difficultyItems.isEmpty)
        for (instrument, count) in vocabulary.itemCounts {
            #expect(vocabulary.itemShapes[instrument]?.count == count)
            #expect(vocabulary.itemShapes[instrument]?.difficulty == vocabulary.difficultyItems[instrument])
        }
    }
}
