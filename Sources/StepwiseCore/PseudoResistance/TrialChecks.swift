// SPDX-License-Identifier: Apache-2.0

/// The checklist items judged from trial assessments: dose, duration, adherence, psychotherapy.
enum TrialChecks {
    /// `inadequate-dose`, `inadequate-duration` or `non-adherence` from the current episode's
    /// medication trials' adequacy reasons.
    ///
    /// `labels` are the trials' ``labels(_:)``, built once for the three checks.
    static func medication(_ id: String, trials: [TrialAssessment], labels: [String]) -> CheckEvidence {
        var evidence = CheckEvidence()
        let unknownReasons: [String]
        switch id {
        case "inadequate-dose": unknownReasons = ["dose-unknown", "agent-unknown"]
        case "inadequate-duration": unknownReasons = ["duration-unknown"]
        default: unknownReasons = ["adherence-not-verified"]
        }
        var present: [String] = []
        var unknown: [String] = []
        var clear: [String] = []
        // Walk the trials in place (no filtered copy of the large assessments).
        for index in trials.indices where trials[index].kind == "medication" && trials[index].currentEpisode {
            let trial = trials[index]
            let label = labels[index]
            let reasons = trial.adequacy.reasons
            if reasons.contains(id) {
                present.append(label + ": " + detail(id, trial))
            } else if reasons.contains(where: unknownReasons.contains)
                || (id == "non-adherence" && !trial.adequacy.adherenceVerified)
            {
                unknown.append(label)
            } else {
                clear.append(label)
            }
        }
        guard !present.isEmpty || !unknown.isEmpty || !clear.isEmpty else {
            evidence.notes.append("No medication trial recorded in the current episode")
            return evidence
        }
        let today = LocalDate(dayNumber: Int.max / 2)
        if !present.isEmpty {
            evidence.results.append(.init(date: today, positive: true, text: present.joined(separator: "; "), source: nil))
        } else if unknown.isEmpty {
            evidence.results.append(
                .init(date: today, positive: false, text: "Not found in: " + clear.joined(separator: "; "), source: nil))
        }
        if !unknown.isEmpty {
            let what: String
            switch id {
            case "inadequate-dose": what = "Dose not known for: "
            case "inadequate-duration": what = "Duration not known for: "
            default: what = "Adherence not verified for: "
            }
            evidence.notes.append(what + unknown.joined(separator: "; "))
        }
        return evidence
    }

    /// "sertraline (t1, from 2026-01-05)" for each current-episode medication trial, empty for the
    /// others; positions match `trials`.
    static func labels(_ trials: [TrialAssessment]) -> [String] {
        trials.map { trial in
            guard trial.kind == "medication" && trial.currentEpisode else { return "" }
            return trial.agent + " (" + trial.id + ", from " + trial.start.description + ")"
        }
    }

    /// `psychotherapy-not-tried`: present when no adequate psychotherapy course is recorded in the
    /// current episode.
    static func psychotherapy(trials: [TrialAssessment]) -> CheckEvidence {
        var evidence = CheckEvidence()
        let courses = trials.filter { $0.kind == "psychotherapy" && $0.currentEpisode }
        let today = LocalDate(dayNumber: Int.max / 2)
        if let adequate = courses.first(where: { $0.adequacy.verdict == "adequate" }) {
            let text = "Adequate psychotherapy course: " + adequate.agent + " from " + adequate.start.description
            evidence.results.append(.init(date: today, positive: false, text: text, source: nil))
        } else if courses.isEmpty {
            evidence.results.append(
                .init(date: today, positive: true, text: "No psychotherapy course recorded in the current episode",
                    source: nil))
        } else {
            let list = courses.map { course -> String in
                var text = course.agent + " from " + course.start.description
                if !course.adequacy.reasons.isEmpty { text += " (" + course.adequacy.reasons.joined(separator: ", ") + ")" }
                return text
            }
            evidence.results.append(
                .init(date: today, positive: true,
                    text: "No adequate psychotherapy course yet: " + list.joined(separator: "; "), source: nil))
        }
        return evidence
    }

    private static func detail(_ id: String, _ trial: TrialAssessment) -> String {
        switch id {
        case "inadequate-dose":
            if let minimum = trial.adequacy.minimumDose {
                return "below the minimum adequate dose of " + ChecklistInputs.number(minimum) + " mg/day"
            }
            return "below the minimum adequate dose"
        case "inadequate-duration":
            var text = trial.end == nil ? "ongoing, " : ""
            if let weeks = trial.adequacy.weeksAtAdequateDose {
                text += ChecklistInputs.number(weeks) + " weeks at an adequate dose"
            } else {
                text += "too short at an adequate dose"
            }
            if let required = trial.adequacy.requiredWeeks { text += " (needs " + ChecklistInputs.number(required) + ")" }
            return text
        default:
            return "adherence below the profile threshold"
        }
    }
}
