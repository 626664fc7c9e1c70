// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import StepwiseStorage

/// CSV export of registry rows (RFC 4180 quoting; cells starting with `=`, `+`, `-`, `@` are
/// prefixed with `'` so spreadsheets do not run them as formulas).
public enum RegistryCSV {
    /// The CSV text with a header row.
    public static func make(_ rows: some Sequence<RegistrySummary>) -> String {
        var out = "patient_id,last_phq9,last_phq9_date,change_since_baseline_percent,weeks_in_current_treatment,trd_definitions_met,thase_rush_stage,flags,as_of\r\n"
        for row in rows {
            let cells: [String] = [
                row.patientID, row.lastPHQ9.map(String.init) ?? "", row.lastPHQ9Date?.description ?? "",
                row.changeSinceBaselinePercent.map { String($0) } ?? "", row.weeksInCurrentTreatment.map(String.init) ?? "",
                row.trdDefinitionsMet.joined(separator: ";"), row.thaseRushStage.map(String.init) ?? "",
                row.flags.joined(separator: ";"), row.asOf.description,
            ]
            out += cells.map(cell).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// One quoted, formula-safe cell (``CSVField/quote(_:)``).
    public static func cell(_ text: String) -> String { CSVField.quote(text) }
}
