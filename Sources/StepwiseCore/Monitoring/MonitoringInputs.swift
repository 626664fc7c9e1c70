// SPDX-License-Identifier: Apache-2.0

/// What the monitoring checks read, prepared once per assessment and shared by every item's
/// deferred message and evidence.
final class MonitoringInputs: Sendable {
    /// One monitoring check.
    enum Check: Sendable {
        case overdue, treatToTarget, earlyImprovement
        case stardDecisionPoint(Int)
        case relapse(Int)
        case agentLab(AgentLabChecks.Agent)
        case trajectory(Int)
    }

    let record: PatientRecord
    let context: AssessmentContext
    let knowledge: KnowledgeBase
    /// Depression series, latest first.
    let series: [ScoreSeries]
    let plan: CurrentPlan?

    init(record: PatientRecord, measurements: [ScoredMeasurement], context: AssessmentContext, knowledge: KnowledgeBase) {
        self.record = record
        self.context = context
        self.knowledge = knowledge
        series = ScoreSeries.depressionSeries(measurements, knowledge: knowledge)
        plan = CurrentPlan.find(record, asOf: context.asOf)
    }

    /// The check's item (message and evidence empty unless `rendering`), or `nil` when it does not apply.
    func item(_ check: Check, rendering: Bool) -> MonitoringItem? {
        switch check {
        case .overdue:
            return MeasurementChecks.overdue(series, context: context, rendering: rendering)
        case .treatToTarget:
            guard let plan, let primary = series.first else { return nil }
            return TargetChecks.treatToTarget(
                primary, plan: plan, record: record, context: context, knowledge: knowledge, rendering: rendering)
        case .earlyImprovement:
            guard let plan, let primary = series.first else { return nil }
            return TargetChecks.earlyImprovement(
                primary, plan: plan, context: context, knowledge: knowledge, rendering: rendering)
        case .stardDecisionPoint(let index):
            guard let plan else { return nil }
            return TargetChecks.stardDecisionPoint(
                series[index], plan: plan, record: record, context: context, knowledge: knowledge, rendering: rendering)
        case .relapse(let index):
            return MeasurementChecks.relapse(series[index], knowledge: knowledge, rendering: rendering)
        case .agentLab(let agent):
            return AgentLabChecks.check(agent, record: record, context: context, knowledge: knowledge, rendering: rendering)
        case .trajectory(let index):
            return MeasurementChecks.trajectory(series[index], rendering: rendering)
        }
    }
}
