// SPDX-License-Identifier: Apache-2.0

/// Measurement-based-care monitoring: trajectory, treat-to-target, early improvement, STAR*D
/// critical decision points, overdue measures, relapse after remission, and lithium/T3 monitoring.
///
/// Items are ordered by urgency (`alert`, `warning`, `info`); each carries its rule id, inputs and
/// sources. Thresholds come from the rule profile and `plan-options.json`.
public enum MonitoringRules {
    /// Trajectory, treat-to-target, STAR*D decision points, overdue measures.
    ///
    /// Levels are decided from numbers; each item's message and evidence are rendered when read.
    public static func evaluate(
        _ record: PatientRecord, measurements: [ScoredMeasurement], trials: [TrialAssessment],
        context: AssessmentContext, knowledge: KnowledgeBase
    ) -> [MonitoringItem] {
        evaluate(SharedRecord(record), measurements: measurements, trials: trials, context: context, knowledge: knowledge)
    }

    /// ``evaluate(_:measurements:trials:context:knowledge:)`` on the assessment's shared record.
    static func evaluate(
        _ shared: SharedRecord, measurements: [ScoredMeasurement], trials: [TrialAssessment],
        context: AssessmentContext, knowledge: KnowledgeBase
    ) -> [MonitoringItem] {
        evaluate(
            MonitoringInputs(shared: shared, measurements: measurements, context: context, knowledge: knowledge))
    }

    /// ``evaluate(_:measurements:trials:context:knowledge:)`` given the depression series of the
    /// assessment's scored measurements.
    static func evaluate(
        _ shared: SharedRecord, depression: [ScoreSeries], context: AssessmentContext, knowledge: KnowledgeBase
    ) -> [MonitoringItem] {
        evaluate(MonitoringInputs(shared: shared, series: depression, context: context, knowledge: knowledge))
    }

    /// The items of `inputs`' checks that apply, by level.
    private static func evaluate(_ inputs: MonitoringInputs) -> [MonitoringItem] {
        let messages = MonitoringInputs.Messages(inputs)
        var items: [MonitoringItem] = []
        items.reserveCapacity(inputs.checks.count)
        for index in inputs.checks.indices {
            guard let item = inputs.item(inputs.checks[index], rendering: false) else { continue }
            items.append(consume item)
            // Set in place (the item is not copied again); rendered from the shared inputs when read.
            let last = items.count - 1
            items[last].$message = Deferred(source: messages, index: index)
            items[last].$evidence = Deferred(source: inputs, index: index)
        }
        sortByLevel(&items)
        return items
    }

    /// The items ordered `alert`, `warning`, then the rest, keeping their order within a level.
    static func stableSortedByLevel(_ items: [MonitoringItem]) -> [MonitoringItem] {
        var items = items
        sortByLevel(&items)
        return items
    }

    /// ``stableSortedByLevel(_:)`` in place: a stable insertion sort by level that moves items with
    /// `swapAt` (appending them to a new array copied each one).
    static func sortByLevel(_ items: inout [MonitoringItem]) {
        func rank(_ level: String) -> Int {
            // Lengths first (5, 7): the comparison of unequal strings is a call.
            switch level.utf8.count {
            case 5 where level == "alert": 0
            case 7 where level == "warning": 1
            default: 2
            }
        }
        var previous = 0
        var ordered = true
        for index in items.indices {
            let r = rank(items[index].level)
            if r < previous {
                ordered = false
                break
            }
            previous = r
        }
        if ordered { return }
        for index in items.indices.dropFirst() {
            var position = index
            // Only a strictly higher rank moves back: equal levels keep their order.
            while position > 0 && rank(items[position - 1].level) > rank(items[position].level) {
                items.swapAt(position - 1, position)
                position -= 1
            }
        }
    }

    /// "40 % improvement" or "10 % worse" for a percent change where positive is better.
    static func improvementText(_ value: Double) -> String {
        value < 0 ? percent(-value) + " worse" : percent(value) + " improvement"
    }

    /// Percent rendered with at most one decimal, without Foundation formatting.
    static func percent(_ value: Double) -> String {
        guard value.isFinite else { return "?" }
        // One decimal, or two (truncated) where one would round onto a whole number (TrialText.oneDecimal).
        return TrialText.oneDecimal(value) + " %"
    }
}
