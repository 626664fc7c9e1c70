// SPDX-License-Identifier: Apache-2.0

/// A change to one treatment of a record: a new dose from a date, or its end. The web app and the JSON
/// API apply the same rule, so a dose change means the same whichever way it is entered.
public enum TrialChange: Sendable, Equatable {
    /// The dose changes from `step.from` (a step already on that date is replaced: a correction).
    /// `mgPerDay` `nil` records a change whose amount is not known (the trial is then judged on what is
    /// known, never guessed).
    case dose(DoseStep)
    /// The treatment ended on `date`, for `reason` when known (a later call corrects the end).
    case end(LocalDate, reason: StopReason?)

    /// Applies the change to the trial at `index` of `record`.
    ///
    /// - Throws: ``StepwiseError`` ``StepwiseError/Code/notFound`` when there is no trial at `index`;
    ///   ``StepwiseError/Code/invalidInput`` (located at `from` or `mgPerDay` for a dose, `date` for an end) for a date before the
    ///   treatment started, a dose after it ended or on a non-medication treatment, an end before a recorded
    ///   dose change, or a dose outside 0–``DoseStep/plausibleMaximumMgPerDay`` mg/day. The record is
    ///   unchanged when it throws.
    public func apply(to record: inout PatientRecord, trial index: Int) throws(StepwiseError) {
        guard record.trials.indices.contains(index) else {
            throw StepwiseError(.notFound, "The patient has no such treatment.")
        }
        var trial = record.trials[index]
        switch self {
        case .dose(let step):
            guard trial.kind == .medication else {
                throw StepwiseError(.invalidInput, "Dose steps apply to medications only.", at: "from")
            }
            if let mg = step.mgPerDay, !(mg > 0 && mg <= DoseStep.plausibleMaximumMgPerDay) {
                throw StepwiseError(
                    .invalidInput,
                    "mgPerDay \(mg) is not a daily dose in mg (expected more than 0 and at most "
                        + "\(Int(DoseStep.plausibleMaximumMgPerDay)); leave it empty when the amount is not known).",
                    at: "mgPerDay")
            }
            guard step.from >= trial.start else {
                throw StepwiseError(.invalidInput, "from \(step.from) is before the treatment started.", at: "from")
            }
            if let end = trial.end, step.from > end {
                throw StepwiseError(
                    .invalidInput, "from \(step.from) is after the treatment ended; change or clear its end first.",
                    at: "from")
            }
            trial.doses.removeAll { $0.from == step.from }
            trial.doses.append(step)
            trial.doses.sort { $0.from < $1.from }
        case .end(let date, let reason):
            guard date >= trial.start else {
                throw StepwiseError(.invalidInput, "date \(date) is before the treatment started.", at: "date")
            }
            if let last = trial.doses.last?.from, last > date {
                throw StepwiseError(
                    .invalidInput, "date \(date) is before the treatment's last recorded dose change.", at: "date")
            }
            trial.end = date
            trial.stopReason = reason
        }
        record.trials[index] = trial
    }
}

extension PatientRecord {
    /// The position in ``trials`` of the treatment that assessments call `id`: the trial with that
    /// ``TreatmentTrial/id``, or, for a trial without one, the `trial-N` the assessment gives it (N is its
    /// place in start order). `nil` when none matches.
    public func trialIndex(reportID id: String) -> Int? {
        if let index = trials.firstIndex(where: { $0.id == id }) { return index }
        guard id.hasPrefix("trial-"), let number = Int(id.dropFirst(6)), number >= 1 else { return nil }
        let order = TrialOrder.sortedIndices(trials)
        guard number <= order.count else { return nil }
        let index = order[number - 1]
        return trials[index].id == nil ? index : nil
    }
}
