// SPDX-License-Identifier: Apache-2.0

/// What the monitoring checks read, prepared once per assessment and shared by every item's
/// deferred message and evidence.
final class MonitoringInputs: DeferredSource {
    /// One monitoring check.
    enum Check: Sendable {
        case overdue, treatToTarget, earlyImprovement
        case stardDecisionPoint(Int)
        case relapse(Int)
        case agentLab(AgentLabChecks.Agent)
        case trajectory(Int)
    }

    /// The record, shared with the other steps of the assessment.
    let shared: SharedRecord
    var record: PatientRecord { shared.record }
    let context: AssessmentContext
    let knowledge: KnowledgeBase
    /// Depression series, latest first.
    let series: [ScoreSeries]
    let plan: CurrentPlan?
    /// The checks that may apply, in report order before sorting by level.
    let checks: [Check]

    convenience init(
        shared: SharedRecord, measurements: [ScoredMeasurement], context: AssessmentContext, knowledge: KnowledgeBase
    ) {
        self.init(
            shared: shared, series: ScoreSeries.depressionSeries(measurements, knowledge: knowledge), context: context,
            knowledge: knowledge)
    }

    /// The inputs given the depression series of the assessment's scored measurements.
    init(shared: SharedRecord, series: [ScoreSeries], context: AssessmentContext, knowledge: KnowledgeBase) {
        self.shared = shared
        self.context = context
        self.knowledge = knowledge
        let plan = CurrentPlan.find(shared, asOf: context.asOf)
        self.series = series
        self.plan = plan
        var checks: [Check] = [.overdue]
        checks.reserveCapacity(2 * series.count + 4)
        if plan != nil, !series.isEmpty {
            checks.append(.treatToTarget)
            checks.append(.earlyImprovement)
        }
        if plan != nil, let qids = series.firstIndex(where: { $0.instrument == "qids-sr16" }) {
            checks.append(.stardDecisionPoint(qids))
        }
        for index in series.indices { checks.append(.relapse(index)) }
        if plan != nil {
            for agent in AgentLabChecks.agents(shared, asOf: context.asOf, knowledge: knowledge) {
                checks.append(.agentLab(agent))
            }
        }
        for index in series.indices { checks.append(.trajectory(index)) }
        self.checks = checks
    }

    /// The evidence of check number `index` of ``checks`` (each item's deferred evidence).
    func render(_ index: Int) -> [String] { item(checks[index], rendering: true)?.evidence ?? [] }

    /// The messages of the same checks (each item's deferred message).
    final class Messages: DeferredSource {
        let inputs: MonitoringInputs
        init(_ inputs: MonitoringInputs) { self.inputs = inputs }
        func render(_ index: Int) -> String { inputs.item(inputs.checks[index], rendering: true)?.message ?? "" }
    }

    /// The check's item (message and evidence empty unless `rendering`), or `nil` when it does not apply.
    func item(_ check: Check, rendering: Bool) -> MonitoringItem? {
        switch check {
        case .overdue:
            return MeasurementChecks.overdue(series, context: context, rendering: rendering)
        case .treatToTarget:
            guard let plan, let primary = series.first else { return nil }
            return TargetChecks.treatToTarget(
                primary, plan: plan, record: shared, context: context, knowledge: knowledge, rendering: rendering)
        case .earlyImprovement:
            guard let plan, let primary = series.first else { return nil }
            return TargetChecks.earlyImprovement(
                primary, plan: plan, context: context, knowledge: knowledge, rendering: rendering)
        case .stardDecisionPoint(let index):
            guard let plan else { return nil }
            return TargetChecks.stardDecisionPoint(
                series[index], plan: plan, record: shared, context: context, knowledge: knowledge, rendering: rendering)
        case .relapse(let index):
            return MeasurementChecks.relapse(series[index], knowledge: knowledge, rendering: rendering)
        case .agentLab(let agent):
            return AgentLabChecks.check(agent, record: shared, context: context, knowledge: knowledge, rendering: rendering)
        case .trajectory(let index):
            return MeasurementChecks.trajectory(series[index], rendering: rendering)
        }
    }
}
