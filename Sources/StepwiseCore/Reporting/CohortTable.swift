// SPDX-License-Identifier: Apache-2.0
import Foundation

/// One row per assessed patient, for staging a research cohort (`stepwise cohort`): safety, TRD under each
/// definition, the three staging methods, pseudo-resistance and the latest PHQ-9, as plain cells.
///
/// The row is a summary: a researcher can check any cell with `stepwise assess` on the same record and
/// date, which shows the rules, inputs and sources behind it.
public enum CohortTable {
    /// The TRD definitions, one pair of columns each (`trd_<id>` met / not-met, `trd_<id>_counted`).
    public static let definitions = ["fda", "eu-pearl-2022", "canadian-2021", "karolinska-register"]

    /// The column names, in order.
    public static let columns: [String] = {
        var names = [
            "patient_id", "as_of", "profile", "knowledge_version", "suicide_risk", "bipolar_signal",
            "trials_current_episode", "adequate_failures",
        ]
        for id in definitions {
            let column = "trd_" + id.replacingOccurrences(of: "-", with: "_")
            names += [column, column + "_counted"]
        }
        names += [
            "thase_rush_stage", "maudsley_total", "maudsley_band", "mgh_score", "pseudo_resistance_present",
            "pseudo_resistance_not_assessed", "latest_phq9", "latest_phq9_date", "input_errors", "input_warnings",
            // Added last so that every earlier column keeps its position.
            "maudsley_assumptions",
        ]
        return names
    }()

    /// The cells of `report`, in ``columns`` order. `suicide_risk` is the highest level of a suicide-risk
    /// flag (`critical`, `high`) or empty when there is none; a definition the report does not carry is
    /// left empty rather than read as not met. `maudsley_assumptions` is the number of Maudsley
    /// dimensions rated from an assumption instead of a recorded value (onset not recorded, severity
    /// not coded or mapped from a score, no failed trial rated at the minimum; `assess` lists each), so
    /// a total built on assumed minima is never read as measured: 0 means every dimension was recorded.
    public static func row(_ report: AssessmentReport) -> [String] {
        let suicide = report.safety.filter { $0.id == "suicide-risk" }.map(\.level)
        let suicideLevel = suicide.contains("critical") ? "critical" : suicide.first ?? ""
        let current = report.trials.filter(\.currentEpisode)
        var cells = [
            report.patient.id, report.asOf.description, report.profile, report.knowledgeVersion, suicideLevel,
            report.safety.contains { $0.id == "bipolar-signal" } ? "yes" : "",
            String(current.count), String(current.filter { $0.failedAdequate == true }.count),
        ]
        for id in definitions {
            if let verdict = report.trd.first(where: { $0.definition == id }) {
                cells += [verdict.met ? "met" : "not-met", String(verdict.countedTrials.count)]
            } else {
                cells += ["", ""]
            }
        }
        let staging = report.staging
        let latest = report.measurements.last { $0.instrument == "phq9" && $0.total != nil }
        cells += [
            String(staging.thaseRush.stage), String(staging.maudsley.total), staging.maudsley.band,
            TrialText.oneDecimal(staging.mgh.score),
            report.pseudoResistance.filter { $0.status == "present" }.map(\.id).joined(separator: ";"),
            String(report.pseudoResistance.filter { $0.status == "not-assessed" }.count),
            latest?.total.map(String.init) ?? "", latest?.date.description ?? "",
            String(report.issues.filter { $0.severity == "error" }.count),
            String(report.issues.filter { $0.severity != "error" }.count),
            String(staging.maudsley.assumptions.count),
        ]
        return cells
    }

    /// One CSV line (RFC 4180, CRLF) of `cells`, each made safe with ``CSVField/quote(_:)``.
    public static func csvLine(_ cells: [String]) -> String {
        cells.map(CSVField.quote).joined(separator: ",") + "\r\n"
    }
}

/// CSV cells that spreadsheets read as text: RFC 4180 quoting, and a `'` before a cell that starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return (unless it is a number), so it is never run as a formula.
public enum CSVField {
    /// `text` as one quoted, formula-safe cell.
    public static func quote(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@\t\r".contains(first), Double(value) == nil { value = "'" + value }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}
