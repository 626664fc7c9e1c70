// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// Monitoring items are ordered alert, warning, then the rest, keeping their order within a level;
/// the in-place sort gives the same order as collecting each level in turn (the previous rule).
@Suite struct MonitoringOrderTests {
    /// The previous rule: every alert in order, then every warning, then the rest.
    static func byCollectingEachLevel(_ items: [MonitoringItem]) -> [MonitoringItem] {
        func rank(_ level: String) -> Int { level == "alert" ? 0 : level == "warning" ? 1 : 2 }
        var result: [MonitoringItem] = []
        for wanted in 0...2 { result += items.filter { rank($0.level) == wanted } }
        return result
    }

    static func items(_ levels: [String]) -> [MonitoringItem] {
        levels.enumerated().map { index, level in
            MonitoringItem(id: "item-\(index)", level: level, message: "m\(index)", evidence: [], rule: "r", sources: [])
        }
    }

    @Test func everyOrderOfFiveLevelsSortsAsCollectingEachLevel() {
        let levels = ["alert", "warning", "info", "other", ""]
        var checked = 0
        // Every sequence of length 0...5 over the five levels (3 905 sequences).
        func visit(_ prefix: [String]) {
            let items = Self.items(prefix)
            var sorted = items
            MonitoringRules.sortByLevel(&sorted)
            #expect(sorted.map(\.id) == Self.byCollectingEachLevel(items).map(\.id))
            #expect(MonitoringRules.stableSortedByLevel(items).map(\.id) == sorted.map(\.id))
            checked += 1
            if prefix.count < 5 { for level in levels { visit(prefix + [level]) } }
        }
        visit([])
        #expect(checked == 3_906)
    }
}
