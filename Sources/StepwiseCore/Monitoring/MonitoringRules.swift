// SPDX-License-Identifier: Apache-2.0

/// Measurement-based-care monitoring: trajectory, treat-to-target, early improvement, STAR*D
/// critical decision points, overdue measures, relapse after remission, and lithium/T3 monitoring.
///
/// Items are ordered by urgency (`alert`, `warning`, `info`); each carries its rule id, inputs and
/// sources. Thresholds come from the rule profile and `plan-options.json`.
public enum MonitoringRules {
    /// Trajectory, treat-to-target, STAR*D decision points, overdue measures.
    public static func evaluate(
        _ record: PatientRecord, measurements: [ScoredMeasurement], trials: [TrialAssessment],
        context: AssessmentContext, knowledge: KnowledgeBase
    ) -> [MonitoringItem] {
        let series = ScoreSeries.depressionSeries(measurements, knowledge: knowledge)
        let plan = CurrentPlan.find(record, asOf: context.asOf)
        var items: [MonitoringItem] = []
        if let overdue = MeasurementChecks.overdue(series, context: context) { items.append(overdue) }
        if let plan, let primary = series.first {
            items += TargetChecks.treatToTarget(primary, plan: plan, context: context, knowledge: knowledge)
            if let early = TargetChecks.earlyImprovement(primary, plan: plan, context: context, knowledge: knowledge) {
                items.append(early)
            }
        }
        if let plan, let qids = series.first(where: { $0.instrument == "qids-sr16" }),
            let point = TargetChecks.stardDecisionPoint(qids, plan: plan, context: context, knowledge: knowledge)
        {
            items.append(point)
        }
        for s in series {
            if let relapse = MeasurementChecks.relapse(s, knowledge: knowledge) { items.append(relapse) }
        }
        if let plan { items += AgentLabChecks.evaluate(plan, record: record, context: context, knowledge: knowledge) }
        for s in series { items.append(MeasurementChecks.trajectory(s)) }
        return stableSortedByLevel(items)
    }

    static func stableSortedByLevel(_ items: [MonitoringItem]) -> [MonitoringItem] {
        func rank(_ level: String) -> Int {
            switch level {
            case "alert": 0
            case "warning": 1
            default: 2
            }
        }
        return items.enumerated().sorted { a, b in
            let ra = rank(a.element.level)
            let rb = rank(b.element.level)
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
    }

    /// "40 % improvement" or "10 % worse" for a percent change where positive is better.
    static func improvementText(_ value: Double) -> String {
        value < 0 ? percent(-value) + " worse" : percent(value) + " improvement"
    }

    /// Percent rendered with at most one decimal, without Foundation formatting.
    static func percent(_ value: Double) -> String {
        guard value.isFinite else { return "?" }
        let tenths = (value * 10).rounded()
        let whole = Int(tenths) / 10
        let fraction = abs(Int(tenths) % 10)
        let sign = tenths < 0 && whole == 0 ? "-" : ""
        return sign + String(whole) + (fraction == 0 ? "" : "." + String(fraction)) + " %"
    }
}
