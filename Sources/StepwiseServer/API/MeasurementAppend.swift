// SPDX-License-Identifier: Apache-2.0
import StepwiseCore

extension APIController {
    /// Scores an administration sent to `POST /api/v1/patients/{id}/measurements`.
    ///
    /// A complete, valid administration is scored as usual. One that cannot be scored as a whole
    /// (items missing, an answer out of range) is a 422 naming the item — unless it carries a
    /// safety signal (a safety item answered above 0, or a C-SSRS triage level): then it is stored,
    /// as `POST /api/v1/patients` and the record format store it, and answered 201 with the
    /// partial result, its `issues` and the patient's safety flags. An EHR that sends PHQ-9 item 9
    /// on its own must not have a positive answer refused.
    static func scoreForAppend(_ m: Measurement, sex: Sex?, catalog: InstrumentCatalog) throws
        -> (ScoredMeasurement, [InputIssue]?)
    {
        do {
            return (try InstrumentScorer.score(m, sex: sex, catalog: catalog), nil)
        } catch let error as StepwiseError where error.code == .missingData || error.code == .invalidInput {
            guard let definition = catalog.instrument(m.instrument),
                let signal = InstrumentScorer.safetySignal(m, definition: definition)
            else { throw error }
            let path = error.location.map { $0.hasPrefix("[") ? "$" + $0 : "$." + $0 } ?? "$"
            let issue = InputIssue(
                path: path,
                message: error.message + "; stored for its safety signal, without a total")
            return (signal, [issue])
        }
    }
}
