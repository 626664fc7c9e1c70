// SPDX-License-Identifier: Apache-2.0

/// Treat-to-target, early improvement and STAR*D critical decision points, all measured from the
/// start of the current plan (the latest trial start or dose change).
enum TargetChecks {
    /// `treat-to-target`: after `profile.treatToTargetWeeks` on the current plan without ≥ 50 %
    /// improvement → an `alert` to review the plan (collaborative care: psychiatric consultation).
    /// A profile with `treatToTargetImprovedBelow` also counts a latest score below that threshold
    /// (from a baseline at or above it) as improvement: no alert, an `info` that response is not yet reached.
    static func treatToTarget(
        _ series: ScoreSeries, plan: CurrentPlan, record: SharedRecord, context: AssessmentContext,
        knowledge: KnowledgeBase, rendering: Bool
    ) -> MonitoringItem {
        let profile = context.profile
        let target = profile.treatToTargetWeeks.value
        let weeks = plan.start.weeks(to: context.asOf)
        let sources = profile.treatToTargetWeeks.sources + profile.responsePercent.sources
        let planLine =
            rendering
            ? "Current plan since " + plan.start.description + " (" + plan.change(in: record.record) + "): "
                + elapsed(days: plan.start.days(to: context.asOf)) : ""
        guard let baseline = series.baseline(for: plan.start, graceDays: knowledge.plan.monitoring.baselineGraceDays.value)
        else {
            return MonitoringItem(
                id: "treat-to-target", level: weeks >= target ? "warning" : "info",
                message: rendering ? "No baseline " + series.name + " for the current plan: response cannot be judged." : "",
                evidence: rendering ? [planLine] : [], rule: "treat-to-target", sources: sources)
        }
        let baseLine = rendering ? "Baseline " + series.name + " \(baseline.score) on " + baseline.date.description : ""
        guard let latest = series.points.last(where: { $0.date > baseline.date }) else {
            return MonitoringItem(
                id: "treat-to-target", level: weeks >= target ? "warning" : "info",
                message: rendering ? "No " + series.name + " since the baseline: measure response to the current plan." : "",
                evidence: rendering ? [planLine, baseLine] : [], rule: "treat-to-target", sources: sources)
        }
        let evidence =
            rendering ? [planLine, baseLine, "Latest " + series.name + " \(latest.score) on " + latest.date.description] : []
        if let cutOff = series.remissionMax, latest.score <= cutOff {
            return MonitoringItem(
                id: "treat-to-target", level: "info",
                message: rendering
                    ? "In the remission range (" + series.name + " ≤ \(cutOff))"
                        + (latest.suicideItemPositive ? " — " + OutcomeRules.suicideItemCaveat : "")
                        + ": plan relapse prevention." : "",
                evidence: evidence, rule: "treat-to-target", sources: sources)
        }
        guard let improvement = ScoreSeries.improvement(from: baseline.score, to: latest.score) else {
            return MonitoringItem(
                id: "treat-to-target", level: "info",
                message: "Baseline score is 0: percent improvement cannot be computed.",
                evidence: evidence, rule: "treat-to-target", sources: sources)
        }
        let responded = improvement >= profile.responsePercent.value
        // The profile's second arm, when it has one ("PHQ-9 < 10 or ≥ 50 % reduction"): a latest
        // score below the threshold, from a baseline at or above it, also counts as improvement.
        if !responded, let arm = profile.treatToTargetImprovedBelow, arm.value.instrument == series.instrument,
            baseline.score >= arm.value.below, latest.score < arm.value.below
        {
            var message = ""
            if rendering {
                message =
                    "Improved by the profile's score target (" + series.name + " \(latest.score) < \(arm.value.below)) with "
                    + MonitoringRules.improvementText(improvement) + " after " + elapsed(days: plan.start.days(to: context.asOf))
                    + " on the current plan: not yet a response (≥ " + ChecklistInputs.number(profile.responsePercent.value)
                    + " %)"
                    + (series.remissionMax.map { "; continue towards remission (" + series.name + " ≤ \($0))." } ?? ".")
            }
            return MonitoringItem(
                id: "treat-to-target", level: "info", message: message, evidence: evidence, rule: "treat-to-target",
                sources: sources + arm.sources)
        }
        if weeks >= target && !responded {
            return MonitoringItem(
                id: "treat-to-target", level: "alert",
                message: rendering
                    ? "Plan review: " + MonitoringRules.improvementText(improvement) + " after "
                        + elapsed(days: plan.start.days(to: context.asOf)) + " on the current plan (target ≥ " + ChecklistInputs.number(profile.responsePercent.value)
                        + " % by week " + ChecklistInputs.number(target)
                        + "). Change the treatment or obtain a psychiatric consultation." : "",
                evidence: evidence, rule: "treat-to-target", sources: sources)
        }
        var message = ""
        if rendering {
            let improvementText = MonitoringRules.improvementText(improvement)
            message =
                responded
                ? "Response: " + improvementText + " on the current plan; continue towards remission."
                : elapsed(days: plan.start.days(to: context.asOf)) + " of the " + ChecklistInputs.number(target)
                    + "-week target: " + improvementText + " so far."
        }
        return MonitoringItem(
            id: "treat-to-target", level: "info", message: message, evidence: evidence, rule: "treat-to-target",
            sources: sources)
    }

    /// `early-improvement`: ≥ 20 % reduction between weeks 2 and 4 (CANMAT 2023 Q.5.b). Reported
    /// only before the treat-to-target week, when treat-to-target takes over.
    static func earlyImprovement(
        _ series: ScoreSeries, plan: CurrentPlan, context: AssessmentContext, knowledge: KnowledgeBase,
        rendering: Bool
    ) -> MonitoringItem? {
        let settings = knowledge.plan.monitoring
        let weeks = plan.start.weeks(to: context.asOf)
        let from = settings.earlyImprovementFromWeeks.value
        let by = settings.earlyImprovementByWeeks.value
        let needed = settings.earlyImprovementPercent.value
        guard weeks >= from, weeks < context.profile.treatToTargetWeeks.value,
            let baseline = series.baseline(for: plan.start, graceDays: settings.baselineGraceDays.value)
        else { return nil }
        func inWindow(_ point: ScorePoint) -> Bool {
            let w = plan.start.weeks(to: point.date)
            return w >= from && w <= by && point.date > baseline.date
        }
        let sources = settings.earlyImprovementPercent.sources
        var evidence: [String] = []
        if rendering {
            evidence.append("Baseline " + series.name + " \(baseline.score) on " + baseline.date.description)
            for point in series.points where inWindow(point) {
                evidence.append(series.name + " \(point.score) on " + point.date.description)
            }
        }
        var windowCount = 0
        var improved = false
        for point in series.points where inWindow(point) {
            windowCount += 1
            if (ScoreSeries.improvement(from: baseline.score, to: point.score) ?? 0) >= needed { improved = true }
        }
        if improved {
            return MonitoringItem(
                id: "early-improvement", level: "info",
                message: rendering
                    ? "Early improvement (≥ " + ChecklistInputs.number(needed) + " % by week "
                        + ChecklistInputs.number(by) + "): a good sign for later response." : "",
                evidence: evidence, rule: "early-improvement", sources: sources)
        }
        guard weeks >= by else {
            return MonitoringItem(
                id: "early-improvement", level: "info",
                message: rendering
                    ? "No early improvement yet (after " + elapsed(days: plan.start.days(to: context.asOf)) + "); judge at week "
                        + ChecklistInputs.number(by) + "." : "",
                evidence: evidence, rule: "early-improvement", sources: sources)
        }
        guard windowCount > 0 else {
            return MonitoringItem(
                id: "early-improvement", level: "info",
                message: rendering
                    ? "Early improvement could not be judged: no " + series.name + " between weeks "
                        + ChecklistInputs.number(from) + " and " + ChecklistInputs.number(by) + "." : "",
                evidence: evidence, rule: "early-improvement", sources: sources)
        }
        return MonitoringItem(
            id: "early-improvement", level: "warning",
            message: rendering
                ? "No early improvement (< " + ChecklistInputs.number(needed) + " % by week " + ChecklistInputs.number(by)
                    + "): " + settings.actions.noEarlyImprovement.text : "",
            evidence: evidence, rule: "early-improvement", sources: sources)
    }

    /// `stard-cdp`: the latest STAR*D critical decision point reached on the current plan, judged on
    /// the latest QIDS since the plan started.
    static func stardDecisionPoint(
        _ qids: ScoreSeries, plan: CurrentPlan, record: SharedRecord, context: AssessmentContext,
        knowledge: KnowledgeBase, rendering: Bool
    ) -> MonitoringItem? {
        let settings = knowledge.plan.monitoring
        let weeks = plan.start.weeks(to: context.asOf)
        guard let point = settings.stardDecisionWeeks.value.filter({ Double($0) <= weeks }).max(),
            let latest = qids.points.last(where: { $0.date >= plan.start })
        else { return nil }
        let isLast = point == settings.stardDecisionWeeks.value.max()
        let sources =
            settings.stardDecisionWeeks.sources + settings.stardRemissionMax.sources + settings.stardPartialMax.sources
        guard rendering else {
            let level =
                latest.score <= settings.stardRemissionMax.value ? "info" : (isLast ? "alert" : "warning")
            return MonitoringItem(id: "stard-cdp", level: level, message: "", evidence: [], rule: "stard-cdp", sources: sources)
        }
        let evidence = [
            "Current plan since " + plan.start.description + " (" + plan.change(in: record.record) + "): "
                + elapsed(days: plan.start.days(to: context.asOf)),
            qids.name + " \(latest.score) on " + latest.date.description + " (after "
                + elapsed(days: plan.start.days(to: latest.date)) + ")",
            "Thresholds published for QIDS-C16 and applied to " + qids.name + "; candidate actions are not confirmed",
        ]
        let head = "STAR*D decision point week \(point): " + qids.name + " \(latest.score)"
        if latest.score <= settings.stardRemissionMax.value {
            return MonitoringItem(
                id: "stard-cdp", level: "info",
                message: head + " = remission. " + settings.actions.stardRemission.text,
                evidence: evidence, rule: "stard-cdp", sources: sources)
        }
        let partial = latest.score <= settings.stardPartialMax.value
        let outcome = partial ? " = partial response." : " = non-response."
        let actions = settings.actions
        let action =
            " " + (isLast ? actions.stardLastPoint.text : (partial ? actions.stardPartial.text : actions.stardNonResponse.text))
        return MonitoringItem(
            id: "stard-cdp", level: isLast ? "alert" : "warning", message: head + outcome + action,
            evidence: evidence, rule: "stard-cdp", sources: sources)
    }

    /// A time on the current plan in whole weeks and days — `5 days`, `1 week`, `11 weeks 5 days` —
    /// rather than a decimal: `5.96 weeks` rounds to a `6.0` that reads as the 6-week boundary.
    static func elapsed(days: Int) -> String {
        guard days >= 0 else { return String(days) + " days" }
        let weeks = days / 7
        let rest = days % 7
        let weekText = weeks == 0 ? "" : String(weeks) + (weeks == 1 ? " week" : " weeks")
        let dayText = rest == 0 ? "" : String(rest) + (rest == 1 ? " day" : " days")
        if weekText.isEmpty { return dayText.isEmpty ? "0 days" : dayText }
        return dayText.isEmpty ? weekText : weekText + " " + dayText
    }
}
