// SPDX-License-Identifier: Apache-2.0

/// Structural checks on a decoded record that JSON decoding cannot express: dates in the wrong
/// order, impossible doses, duplicate ids. Each problem names its JSON path and what was expected.
public enum RecordValidation {
    /// Every problem found, in record order. An empty list means the record is usable as is.
    public static func issues(in record: PatientRecord) -> [InputIssue] {
        var issues: [InputIssue] = []
        if record.id.isEmpty {
            issues.append(InputIssue(path: "$.id", message: "patient id is empty; expected a pseudonymous id"))
        }
        // Each trial is read where it lies (binding it to a local, as `enumerated()` does, copied the
        // whole trial per iteration).
        let trials = record.trials
        for index in trials.indices {
            // Paths are built only when there is something to report.
            var path: String { "$.trials[\(index)]" }
            if trials[index].agent.isEmpty {
                issues.append(InputIssue(path: "\(path).agent", message: "agent is empty; expected a generic name"))
            }
            // A record has a handful of trials: a scan is cheaper than hashing every id.
            if let id = trials[index].id, trials.indices[..<index].contains(where: { trials[$0].id == id }) {
                issues.append(InputIssue(path: "\(path).id", message: "trial id \"\(id)\" is used twice"))
            }
            if let end = trials[index].end, end < trials[index].start {
                issues.append(
                    InputIssue(
                        path: "\(path).end",
                        message: "end \(end) is before start \(trials[index].start); expected end on or after start"))
            }
            var previous: LocalDate?
            for (doseIndex, dose) in trials[index].doses.enumerated() {
                var dosePath: String { "\(path).doses[\(doseIndex)]" }
                if let mg = dose.mgPerDay, !DoseStep.isPlausible(mg) {
                    issues.append(
                        InputIssue(
                            path: "\(dosePath).mgPerDay",
                            message: "dose \(mg) is not a plausible daily dose (expected 0–\(Int(DoseStep.plausibleMaximumMgPerDay)) mg/day; "
                                + "check the unit); it is treated as unknown"))
                }
                if dose.from < trials[index].start {
                    issues.append(
                        InputIssue(
                            path: "\(dosePath).from",
                            message: "dose step starts \(dose.from), before the trial start \(trials[index].start)"))
                }
                if let end = trials[index].end, dose.from > end {
                    issues.append(
                        InputIssue(
                            path: "\(dosePath).from", message: "dose step starts \(dose.from), after the trial end \(end)"))
                }
                if let previous, dose.from < previous {
                    issues.append(
                        InputIssue(path: "\(dosePath).from", message: "dose steps are not in date order"))
                }
                previous = dose.from
            }
            if let adherence = trials[index].adherence {
                if let value = adherence.percentDaysCovered, !(0...100).contains(value) {
                    issues.append(
                        InputIssue(
                            path: "\(path).adherence.percentDaysCovered", message: "\(value) is outside 0–100 (percent)"))
                }
                if let value = adherence.clinicianEstimate, !(0...100).contains(value) {
                    issues.append(
                        InputIssue(
                            path: "\(path).adherence.clinicianEstimate", message: "\(value) is outside 0–100 (percent)"))
                }
            }
            if let rating = trials[index].clinicianRatedImprovement, !(-100...100).contains(rating) {
                issues.append(
                    InputIssue(
                        path: "\(path).clinicianRatedImprovement", message: "\(rating) is outside -100–100 (percent)"))
            }
            if let sessions = trials[index].sessions, sessions < 0 {
                issues.append(InputIssue(path: "\(path).sessions", message: "sessions must not be negative"))
            }
            if let augments = trials[index].augments, !trials.indices.contains(where: { trials[$0].id == augments }) {
                issues.append(
                    InputIssue(
                        path: "\(path).augments", message: "names trial \"\(augments)\", which is not in the record",
                        severity: "warning"))
            }
        }
        if let onset = record.episode?.onset, let birth = record.birthDate, onset < birth {
            issues.append(InputIssue(path: "$.episode.onset", message: "episode onset is before the birth date"))
        }
        return issues
    }
}
