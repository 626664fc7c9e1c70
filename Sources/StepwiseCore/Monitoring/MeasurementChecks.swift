// SPDX-License-Identifier: Apache-2.0

/// Overdue measurement, relapse after remission and the score trajectory.
///
/// Each check decides its item (id, level, sources) from numbers; its message and evidence are
/// built only when `rendering` (otherwise they are empty).
enum MeasurementChecks {
    /// `["canmat-2023"]`, shared.
    static let canmatSources = ["canmat-2023"]

    /// `overdue-measure`: the last depression measure is older than the profile's interval (or none
    /// is recorded).
    static func overdue(_ series: [ScoreSeries], context: AssessmentContext, rendering: Bool) -> MonitoringItem? {
        let interval = context.profile.measurementIntervalDays
        var latest: (name: String, point: ScorePoint)?
        for s in series {
            guard let point = s.points.last else { continue }
            if latest == nil || latest!.point.date < point.date { latest = (s.name, point) }
        }
        guard let (name, point) = latest else {
            return MonitoringItem(
                id: "overdue-measure", level: "warning",
                message: "No depression measure (PHQ-9, QIDS-SR16, HAM-D17 or MADRS) is recorded: take a baseline.",
                evidence: rendering ? ["No scored depression measure in the record"] : [], rule: "overdue-measure",
                sources: interval.sources)
        }
        let days = point.date.days(to: context.asOf)
        guard days > interval.value else { return nil }
        return MonitoringItem(
            id: "overdue-measure", level: "warning",
            message: rendering
                ? "Depression measure overdue: last " + name + " was \(days) days ago (interval \(interval.value) days)." : "",
            evidence: rendering ? [name + " \(point.score) on " + point.date.description] : [], rule: "overdue-measure",
            sources: interval.sources)
    }

    /// `relapse-sign`: a score above the remission cut-off after a score in the remission range.
    /// QIDS-SR16 ≥ 11 is a relapse as STAR*D defined it; PHQ-9 ≥ 10 a relapse sign (project decision).
    static func relapse(_ series: ScoreSeries, knowledge: KnowledgeBase, rendering: Bool) -> MonitoringItem? {
        guard let cutOff = series.remissionMax, let latest = series.points.last, latest.score > cutOff,
            let remission = series.points.last(where: { $0.score <= cutOff && $0.date < latest.date })
        else { return nil }
        let settings = knowledge.plan.monitoring
        var threshold: Sourced<Int>?
        if series.instrument == "qids-sr16" { threshold = settings.qidsRelapseAtOrAbove }
        if series.instrument == "phq9" { threshold = settings.phq9RelapseAtOrAbove }
        let evidence =
            rendering
            ? [
                series.name + " \(remission.score) on " + remission.date.description + " (remission range ≤ \(cutOff))",
                series.name + " \(latest.score) on " + latest.date.description,
            ] : []
        if let threshold, latest.score >= threshold.value {
            return MonitoringItem(
                id: "relapse-sign", level: "alert",
                message: rendering
                    ? "Relapse sign after remission: " + series.name + " \(latest.score) (≥ \(threshold.value)). Reassess and re-engage care; review the relapse-prevention plan."
                    : "",
                evidence: evidence, rule: "relapse-sign", sources: threshold.sources)
        }
        return MonitoringItem(
            id: "relapse-sign", level: "warning",
            message: rendering
                ? series.name + " has risen above the remission cut-off (≤ \(cutOff)) since remission: measure again soon and watch for early warning signs."
                : "",
            evidence: evidence, rule: "relapse-sign", sources: threshold?.sources ?? [])
    }

    /// `trajectory`: first, last and best score and the least-squares slope.
    static func trajectory(_ series: ScoreSeries, rendering: Bool) -> MonitoringItem {
        guard rendering else {
            return MonitoringItem(
                id: "trajectory", level: "info", message: "", evidence: [], rule: "trajectory", sources: canmatSources)
        }
        var evidence: [String] = []
        if let first = series.points.first { evidence.append("first \(first.score) on " + first.date.description) }
        if let last = series.points.last { evidence.append("last \(last.score) on " + last.date.description) }
        if let best = series.points.min(by: { $0.score < $1.score }) {
            evidence.append("best \(best.score) on " + best.date.description)
        }
        var message = series.name + ": \(series.points.count) administration" + (series.points.count == 1 ? "" : "s")
        if let slope = series.slopePerWeek {
            message += ", trend " + ChecklistInputs.number(slope) + " points/week"
        }
        if let first = series.points.first, let last = series.points.last, series.points.count > 1,
            let change = ScoreSeries.improvement(from: first.score, to: last.score)
        {
            message += ", " + MonitoringRules.improvementText(change) + " since the first score"
        }
        return MonitoringItem(
            id: "trajectory", level: "info", message: message, evidence: evidence, rule: "trajectory", sources: canmatSources)
    }
}
