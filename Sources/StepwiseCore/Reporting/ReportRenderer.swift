// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Renders an ``AssessmentReport`` as terminal text or as a Markdown clinical summary.
///
/// Both renderings keep the report's order: safety signals first, then measurements, trials,
/// TRD definitions, staging, the pseudo-resistance checklist, monitoring and the plan. Every line
/// that states a conclusion carries its rule id so `stepwise explain <rule>` shows the basis.
public struct ReportRenderer: Sendable {
    /// Output style.
    public enum Style: Sendable {
        /// Plain terminal text; `colour` adds ANSI colours (only when writing to a terminal).
        case text(colour: Bool)
        /// Markdown a clinician can paste into a note.
        case markdown
    }

    /// The style.
    public var style: Style

    /// Creates a renderer.
    public init(style: Style) { self.style = style }

    /// Renders `report`.
    public func render(_ report: AssessmentReport) -> String {
        var out = Output(style: style)
        out.title("Stepwise assessment — patient \(report.patient.id)")
        var meta = "As of \(report.asOf) · profile \(report.profile) · knowledge \(report.knowledgeVersion)"
        if let age = report.patient.age { meta += " · age \(age)" }
        out.line(meta)
        out.line("Decision support for the treating clinician: nothing here is applied automatically.")

        out.heading("Safety")
        if report.safety.isEmpty {
            out.line("No safety signal in the recorded data (absence of a signal is not an assessment of risk).")
        }
        for flag in report.safety {
            out.alert("\(flag.level.uppercased()): \(flag.title) [\(flag.rule)]", level: flag.level)
            for evidence in flag.evidence { out.bullet(evidence) }
            out.bullet("Action: \(flag.action)")
        }

        out.heading("Measurements")
        renderMeasurements(report.measurements, into: &out)

        out.heading("Treatment trials")
        if report.trials.isEmpty { out.line("No treatment trials recorded.") }
        var rows: [[String]] = []
        for trial in report.trials {
            let period = "\(trial.start) – \(trial.end.map(String.init(describing:)) ?? "ongoing")"
            let reasons = trial.adequacy.reasons.isEmpty ? "" : " (\(trial.adequacy.reasons.joined(separator: ", ")))"
            var outcome = trial.outcome.class
            if let change = trial.outcome.percentChange { outcome += " \(Self.percent(change))" }
            // A remission read from a score whose suicide item is positive is never shown bare (QA F26).
            if trial.outcome.class == "remission", trial.outcome.endpoint?.suicideItemPositive == true {
                outcome += " (suicide item positive)"
            }
            rows.append([trial.agent, trial.role, period, trial.adequacy.verdict + reasons, outcome])
        }
        if !rows.isEmpty { out.table(header: ["Agent", "Role", "Period", "Adequacy", "Outcome"], rows: rows) }
        for trial in report.trials where !trial.adequacy.explanation.isEmpty {
            out.bullet("\(trial.agent): \(trial.adequacy.explanation) [\(trial.adequacy.rule)]")
        }

        out.heading("Treatment-resistance definitions")
        for verdict in report.trd {
            let mark = verdict.met ? "MET" : "not met"
            out.bullet("\(verdict.title) [\(verdict.definition)]: \(mark) — \(verdict.explanation)")
        }

        out.heading("Staging")
        let staging = report.staging
        out.bullet("Thase–Rush stage \(Self.roman(staging.thaseRush.stage)): \(staging.thaseRush.explanation)")
        let msm = staging.maudsley
        out.bullet(
            "Maudsley (MSM) \(msm.total)/15, \(msm.band): duration \(msm.duration), severity \(msm.severity), "
                + "antidepressants \(msm.antidepressants), augmentation \(msm.augmentation), ECT \(msm.ect). "
                + msm.explanation)
        for assumption in msm.assumptions { out.bullet("MSM assumption: \(assumption)") }
        out.bullet("MGH-s score \(Self.decimal(staging.mgh.score)): \(staging.mgh.explanation)")

        out.heading("Pseudo-resistance checklist")
        for item in report.pseudoResistance {
            let mark: String
            switch item.status {
            case "present": mark = "PRESENT"
            case "not-assessed": mark = "NOT ASSESSED"
            default: mark = "absent"
            }
            var text = "\(mark) — \(item.title) [\(item.id)]"
            if !item.evidence.isEmpty { text += ": " + item.evidence.joined(separator: "; ") }
            if let suggestion = item.suggestion, item.status != "absent" { text += " → \(suggestion)" }
            out.bullet(text)
        }

        out.heading("Monitoring")
        if report.monitoring.isEmpty { out.line("Nothing to flag.") }
        for item in report.monitoring {
            out.bullet("\(item.level.uppercased()): \(item.message) [\(item.rule)]")
        }

        out.heading("Next-step options (ranked; the clinician decides)")
        if report.plan.isEmpty { out.line("No options generated.") }
        for option in report.plan {
            var grade = option.evidence.guideline
            if let line = option.evidence.line { grade += ", \(line) line" }
            if let level = option.evidence.level { grade += ", level \(level)" }
            let status = option.blocked ? "BLOCKED for this patient (see the caution): " : ""
            out.numbered(option.rank, "\(status)\(option.title) [\(option.id)] — \(option.category); \(grade)")
            out.sub("Why: \(option.rationale)")
            for caution in option.cautions { out.sub("Caution: \(caution)") }
            if !option.sources.isEmpty { out.sub("Sources: \(option.sources.joined(separator: ", "))") }
        }

        if !report.issues.isEmpty {
            out.heading("Input problems")
            for issue in report.issues { out.bullet("\(issue.severity): \(issue.path): \(issue.message)") }
        }
        return out.text
    }

    private func renderMeasurements(_ measurements: [ScoredMeasurement], into out: inout Output) {
        if measurements.isEmpty {
            out.line("No measurements recorded.")
            return
        }
        var order: [String] = []
        var byInstrument: [String: [ScoredMeasurement]] = [:]
        for measurement in measurements {
            if byInstrument[measurement.instrument] == nil { order.append(measurement.instrument) }
            byInstrument[measurement.instrument, default: []].append(measurement)
        }
        var rows: [[String]] = []
        for instrument in order {
            guard let series = byInstrument[instrument], let first = series.first, let last = series.last else {
                continue
            }
            let firstText = "\(first.total.map(String.init) ?? "—") (\(first.date))"
            var lastText = "\(last.total.map(String.init) ?? "—") (\(last.date))"
            if let band = last.band { lastText += " \(band)" }
            rows.append([instrument, String(series.count), firstText, lastText, Self.flagsCell(series)])
        }
        out.table(header: ["Instrument", "N", "First", "Latest", "Latest flags"], rows: rows)
    }

    /// The latest administration's flags (before, the flags of every administration were merged, so a
    /// screen could read "screen-negative, screen-positive"), then any suicide-risk flag an earlier
    /// administration carried and the latest does not, with its most recent date, so the table never
    /// looks calmer than the record: "screen-negative; earlier: suicide-item-positive (2026-10-01)".
    static func flagsCell(_ series: [ScoredMeasurement]) -> String {
        guard let last = series.last else { return "" }
        var text = last.flags.sorted().joined(separator: ", ")
        var earlier: [(flag: String, date: LocalDate)] = []
        for measurement in series.dropLast().reversed() {
            for flag in measurement.flags where isSafetyFlag(flag) && !last.flags.contains(flag) {
                if !earlier.contains(where: { $0.flag == flag }) { earlier.append((flag, measurement.date)) }
            }
        }
        if !earlier.isEmpty {
            let list = earlier.sorted { $0.flag < $1.flag }.map { "\($0.flag) (\($0.date))" }.joined(separator: ", ")
            text += (text.isEmpty ? "" : "; ") + "earlier: " + list
        }
        return text
    }

    /// A flag that marks a suicide-risk answer (a positive suicide item or a C-SSRS triage level).
    private static func isSafetyFlag(_ flag: String) -> Bool {
        flag == "suicide-item-positive" || flag.hasPrefix("cssrs-")
    }

    /// Formats a percent change with one decimal and a sign, e.g. `-52.4 %`.
    public static func percent(_ value: Double) -> String {
        // One decimal, or two (truncated) where one would round onto a whole number (TrialText.oneDecimal).
        let rounded = (value * 10).rounded() / 10
        let sign = rounded > 0 ? "+" : ""
        return "\(sign)\(TrialText.oneDecimal(value)) %"
    }

    /// Formats a number with at most one decimal (`3`, `3.5`).
    public static func decimal(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(rounded)
    }

    /// Roman numeral for a Thase–Rush stage (0 stays `0`).
    public static func roman(_ stage: Int) -> String {
        switch stage {
        case 1: "I"
        case 2: "II"
        case 3: "III"
        case 4: "IV"
        case 5: "V"
        default: String(stage)
        }
    }
}

/// Accumulates rendered lines for one style.
private struct Output {
    let style: ReportRenderer.Style
    var text = ""

    var isMarkdown: Bool {
        if case .markdown = style { return true }
        return false
    }

    var colour: Bool {
        if case .text(let colour) = style { return colour }
        return false
    }

    mutating func title(_ value: String) {
        text += isMarkdown ? "# \(value)\n\n" : (colour ? "\u{1B}[1m\(value)\u{1B}[0m\n" : "\(value)\n")
    }

    mutating func heading(_ value: String) {
        if isMarkdown {
            text += "\n## \(value)\n\n"
        } else {
            text += colour ? "\n\u{1B}[1;4m\(value)\u{1B}[0m\n" : "\n\(value)\n\(String(repeating: "-", count: value.count))\n"
        }
    }

    mutating func line(_ value: String) { text += isMarkdown ? "\(value)\n\n" : "\(value)\n" }

    mutating func bullet(_ value: String) { text += isMarkdown ? "- \(Self.escapeMarkdown(value))\n" : "  • \(value)\n" }

    mutating func sub(_ value: String) { text += isMarkdown ? "   - \(Self.escapeMarkdown(value))\n" : "     \(value)\n" }

    mutating func numbered(_ number: Int, _ value: String) {
        text += isMarkdown ? "\(number). **\(Self.escapeMarkdown(value))**\n" : "  \(number). \(value)\n"
    }

    mutating func alert(_ value: String, level: String) {
        if isMarkdown {
            text += "> **\(Self.escapeMarkdown(value))**\n\n"
        } else if colour {
            let code = level == "critical" || level == "high" ? "1;31" : "1;33"
            text += "\u{1B}[\(code)m\(value)\u{1B}[0m\n"
        } else {
            text += "!! \(value)\n"
        }
    }

    mutating func table(header: [String], rows: [[String]]) {
        if isMarkdown {
            text += "| " + header.joined(separator: " | ") + " |\n"
            text += "|" + String(repeating: "---|", count: header.count) + "\n"
            for row in rows {
                text += "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
            }
            text += "\n"
            return
        }
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func format(_ cells: [String]) -> String {
            var line = " "
            for (index, cell) in cells.enumerated() {
                let width = index < widths.count ? widths[index] : cell.count
                line += " " + cell + String(repeating: " ", count: max(0, width - cell.count)) + " "
            }
            return line
        }
        text += format(header) + "\n"
        text += format(widths.map { String(repeating: "-", count: $0) }) + "\n"
        for row in rows { text += format(row) + "\n" }
    }

    /// Escapes what would change a value's meaning in Markdown: emphasis (`*`, `_`), code spans
    /// (`` ` ``), and a `<` that could open an HTML tag, comment or autolink (followed by a letter,
    /// `/`, `!` or `?`), so record text such as a condition's display cannot inject HTML into a
    /// summary that is pasted and rendered. A `<` before a space or digit ("< 25 %") stays as it is.
    static func escapeMarkdown(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        var previousWasLess = false
        for character in value {
            if previousWasLess {
                if character.isLetter || character == "/" || character == "!" || character == "?" { out += "\\<" } else { out += "<" }
                previousWasLess = false
            }
            switch character {
            case "<": previousWasLess = true
            case "*", "_", "`": out += "\\" + String(character)
            default: out.append(character)
            }
        }
        if previousWasLess { out += "<" }
        return out
    }
}
