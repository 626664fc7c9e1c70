// SPDX-License-Identifier: Apache-2.0
// STUB — owned by the instruments work.

/// Scores every measurement of a record.
public enum MeasurementScoring {
    /// Scores `record.measurements`, oldest first; unusable ones become issues with their JSON path.
    public static func score(
        _ record: PatientRecord, catalog: InstrumentCatalog
    ) -> (measurements: [ScoredMeasurement], issues: [InputIssue]) {
        ([], [])
    }
}
