// SPDX-License-Identifier: Apache-2.0
import StepwiseCore

/// The treatment timeline as inline SVG: the score trajectory over severity bands, each trial as a
/// bar with its dose steps, psychotherapy and neuromodulation courses, and response and remission
/// marks. Pure: the same record and report give the same markup. Uses presentation attributes
/// only (no inline styles), so it works under a strict Content-Security-Policy and prints.
public enum TimelineChart {
    /// Chart geometry.
    static let width = 960.0
    static let left = 56.0
    static let right = 80.0
    static let scoreTop = 16.0
    static let scoreHeight = 180.0
    static let laneHeight = 36.0

    /// A severity band of the plotted instrument.
    struct Band {
        var from: Double
        var to: Double
        var label: String
        var fill: String
    }

    /// PHQ-9 bands (Kroenke 2001): 0–4, 5–9, 10–14, 15–19, 20–27.
    static let phq9Bands = [
        Band(from: 0, to: 5, label: "minimal", fill: "#eef7ee"), Band(from: 5, to: 10, label: "mild", fill: "#f6f8e6"),
        Band(from: 10, to: 15, label: "moderate", fill: "#fdf4de"),
        Band(from: 15, to: 20, label: "mod. severe", fill: "#fde9dc"), Band(from: 20, to: 27, label: "severe", fill: "#fbdede"),
    ]

    /// Renders the chart, or a short note when there is nothing to draw.
    public static func svg(record: PatientRecord, report: AssessmentReport) -> HTML {
        let instrument = plottedInstrument(report)
        let points = report.measurements.filter { $0.instrument == instrument && $0.total != nil }
        let trials = report.trials
        guard !points.isEmpty || !trials.isEmpty else {
            return "<p class=\"muted\">No scores or treatments yet: the timeline appears once they are entered.</p>"
        }
        var dates = points.map(\.date) + trials.map(\.start) + trials.compactMap(\.end)
        dates.append(report.asOf)
        let first = (dates.min() ?? report.asOf).adding(days: -7)
        let last = (dates.max() ?? report.asOf).adding(days: 7)
        let span = Double(max(1, first.days(to: last)))
        let plotWidth = width - left - right
        func x(_ date: LocalDate) -> Double { left + Double(first.days(to: date)) / span * plotWidth }
        let maximum = Double(instrument == "phq9" ? 27 : max(points.compactMap(\.total).max() ?? 1, 1))
        func y(_ score: Double) -> Double { scoreTop + scoreHeight - score / maximum * scoreHeight }

        var parts: [HTML] = []
        // Severity bands (PHQ-9 only: other instruments have their own bands).
        if instrument == "phq9" {
            for band in phq9Bands {
                parts.append(
                    """
                    <rect x="\(f(left))" y="\(f(y(band.to)))" width="\(f(plotWidth))" height="\(f(y(band.from) - y(band.to)))" fill="\(band.fill)"/>\
                    <text x="\(f(width - right + 4))" y="\(f(y(band.to) + 12))" text-anchor="start" fill="#4a4f57">\(band.label)</text>
                    """)
            }
        }
        // Axes and ticks.
        parts.append(
            "<line x1=\"\(f(left))\" y1=\"\(f(scoreTop + scoreHeight))\" x2=\"\(f(width - right))\" y2=\"\(f(scoreTop + scoreHeight))\" stroke=\"#4a4f57\"/>")
        for score in stride(from: 0.0, through: maximum, by: maximum > 30 ? 10 : 5) {
            parts.append(
                "<text x=\"\(f(left - 6))\" y=\"\(f(y(score) + 4))\" text-anchor=\"end\">\(Int(score))</text>")
        }
        parts.append(
            "<text x=\"12\" y=\"\(f(scoreTop + scoreHeight / 2))\" transform=\"rotate(-90 12 \(f(scoreTop + scoreHeight / 2)))\" text-anchor=\"middle\">\(DocumentFormat.instrument(instrument))</text>")
        let lanesTop = scoreTop + scoreHeight + 28
        let height = lanesTop + Double(max(trials.count, 1)) * laneHeight + 26
        for tick in monthTicks(from: first, to: last) {
            parts.append(
                """
                <line x1="\(f(x(tick)))" y1="\(f(scoreTop))" x2="\(f(x(tick)))" y2="\(f(height - 20))" stroke="#c9ced6" stroke-dasharray="2 3"/>\
                <text x="\(f(x(tick)))" y="\(f(height - 6))" text-anchor="middle">\(monthLabel(tick))</text>
                """)
        }
        // Today.
        parts.append(
            "<line x1=\"\(f(x(report.asOf)))\" y1=\"\(f(scoreTop))\" x2=\"\(f(x(report.asOf)))\" y2=\"\(f(height - 20))\" stroke=\"#14324f\" stroke-width=\"1.5\"/>")
        // Score trajectory.
        if points.count > 1 {
            let path = points.map { "\(f(x($0.date))),\(f(y(Double($0.total ?? 0))))" }.joined(separator: " ")
            parts.append("<polyline points=\"\(path)\" fill=\"none\" stroke=\"#0b5cad\" stroke-width=\"2.5\"/>")
        }
        for point in points {
            let total = point.total ?? 0
            let risky = point.flags.contains { $0.contains("item9") || $0.contains("suicid") }
            parts.append(
                """
                <circle cx="\(f(x(point.date)))" cy="\(f(y(Double(total))))" r="\(risky ? "6" : "4")" \
                fill="\(risky ? "#a4141b" : "#0b5cad")" stroke="#fff" stroke-width="1.5"><title>\(point.date): \(total)\(risky ? " (item 9 positive)" : "")</title></circle>
                """)
        }
        // Response and remission marks at each trial's endpoint.
        for trial in trials {
            guard let end = trial.outcome.endpoint, ["response", "remission"].contains(trial.outcome.class) else { continue }
            let isRemission = trial.outcome.class == "remission"
            let cx = x(end.date)
            let cy = y(Double(end.score)) - 14
            parts.append(
                """
                <g><title>\(isRemission ? "Remission" : "Response") on \(trial.agent) (\(end.date))</title>\
                <path d="M\(f(cx - 6)),\(f(cy + 5)) L\(f(cx)),\(f(cy - 6)) L\(f(cx + 6)),\(f(cy + 5)) Z" fill="\(isRemission ? "#1d6b33" : "#5a9e6f")"/>\
                <text x="\(f(cx + 8))" y="\(f(cy + 4))">\(isRemission ? "remission" : "response")</text></g>
                """)
        }
        // Treatment lanes.
        for (index, trial) in trials.enumerated() {
            let top = lanesTop + Double(index) * laneHeight
            let start = x(trial.start)
            let end = x(trial.end ?? report.asOf)
            let colour = laneColour(trial)
            let source = DocumentFormat.recordTrial(for: trial, in: record)
            let steps = source?.doses.sorted { $0.from < $1.from } ?? []
            let maxDose = steps.compactMap(\.mgPerDay).max() ?? 0
            if trial.kind == "medication", !steps.isEmpty, maxDose > 0 {
                for (stepIndex, step) in steps.enumerated() {
                    let stepStart = max(start, x(step.from))
                    let stepEnd = stepIndex + 1 < steps.count ? x(steps[stepIndex + 1].from) : end
                    guard stepEnd > stepStart else { continue }
                    let fraction = (step.mgPerDay ?? 0) / maxDose
                    let barHeight = 6 + 12 * fraction
                    parts.append(
                        """
                        <rect x="\(f(stepStart))" y="\(f(top + 20 - barHeight))" width="\(f(stepEnd - stepStart))" height="\(f(barHeight))" \
                        fill="\(colour)" stroke="#fff" stroke-width="0.5"><title>\(trial.agent) \(step.mgPerDay.map(DocumentFormat.number) ?? "unknown") mg/day from \(step.from)</title></rect>
                        """)
                }
            } else {
                let dash: HTML = trial.kind == "neuromodulation" ? " stroke=\"#3b1f5c\" stroke-dasharray=\"4 2\"" : ""
                parts.append(
                    "<rect x=\"\(f(start))\" y=\"\(f(top + 6))\" width=\"\(f(max(3, end - start)))\" height=\"14\" fill=\"\(colour)\"\(dash)><title>\(trial.agent) \(trial.start) – \(trial.end?.description ?? "ongoing")</title></rect>")
            }
            let verdict = trial.kind == "medication" ? " · \(trial.adequacy.verdict)" : ""
            let sessions = source?.sessions.map { " · \($0) sessions" } ?? ""
            // A label of a treatment that starts in the chart's right half ends at the bar's end instead of
            // starting at its start, so it stays inside the chart however long it is.
            let label: HTML = start > width / 2
                ? "x=\"\(f(min(end, width - 4)))\" text-anchor=\"end\""
                : "x=\"\(f(start + 4))\""
            parts.append(
                "<text \(label) y=\"\(f(top + 31))\" font-size=\"10\">\(trial.agent) (\(trial.role))\(verdict)\(sessions) · \(trial.outcome.class)</text>")
        }
        let description =
            "\(points.count) \(DocumentFormat.instrument(instrument)) scores from \(points.first?.date.description ?? "–") to \(points.last?.date.description ?? "–"); \(trials.count) treatments."
        return """
            <svg class="timeline" viewBox="0 0 \(f(width)) \(f(height))" role="img" aria-labelledby="tl-title tl-desc" \
            xmlns="http://www.w3.org/2000/svg"><title id="tl-title">Treatment timeline</title><desc id="tl-desc">\(description)</desc>\(parts)</svg>
            """
    }

    /// PHQ-9 when present, else the most frequent depression instrument.
    static func plottedInstrument(_ report: AssessmentReport) -> String {
        let depression = ["phq9", "qids-sr16", "hamd17", "madrs"]
        for id in depression where report.measurements.contains(where: { $0.instrument == id && $0.total != nil }) {
            return id
        }
        return "phq9"
    }

    static func laneColour(_ trial: TrialAssessment) -> String {
        switch trial.kind {
        case "psychotherapy": return "#2f7d6d"
        case "neuromodulation": return "#6b3fa0"
        default:
            if trial.agent.contains("ketamine") { return "#9c4f00" }
            return trial.role == "monotherapy" ? "#0b5cad" : "#5b7fb0"
        }
    }

    static func monthTicks(from first: LocalDate, to last: LocalDate) -> [LocalDate] {
        var ticks: [LocalDate] = []
        var (year, month, _) = first.components
        month += 1
        if month > 12 { month = 1; year += 1 }
        let months = first.completedMonths(to: last)
        let step = months > 36 ? 6 : (months > 12 ? 3 : 1)
        while let date = LocalDate(year: year, month: month, day: 1), date <= last {
            ticks.append(date)
            month += step
            while month > 12 { month -= 12; year += 1 }
        }
        return ticks
    }

    static func monthLabel(_ date: LocalDate) -> String {
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let (year, month, _) = date.components
        return "\(names[month - 1]) \(year % 100 < 10 ? "0" : "")\(year % 100)"
    }

    /// One decimal, no trailing zero.
    static func f(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
