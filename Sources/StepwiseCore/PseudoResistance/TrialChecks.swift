// SPDX-License-Identifier: Apache-2.0

/// The checklist items judged from trial assessments: dose, duration, adherence, psychotherapy.
enum TrialChecks {
    /// The three medication checks.
    enum Medication {
        case dose, duration, adherence

        /// The check id, which is also the adequacy reason that makes it present.
        var id: String {
            switch self {
            case .dose: "inadequate-dose"
            case .duration: "inadequate-duration"
            case .adherence: "non-adherence"
            }
        }
    }

    /// How many current-episode medication trials make each medication check present, unknown or
    /// clear: counted in one pass over the trials' adequacy reasons.
    struct MedicationCounts: Sendable {
        var present = (0, 0, 0)
        var unknown = (0, 0, 0)
        var clear = (0, 0, 0)

        init(_ trials: [TrialAssessment]) {
            for index in trials.indices where trials[index].kind == "medication" && trials[index].currentEpisode {
                var found = (false, false, false)
                var unknownReason = (false, false, false)
                for reason in trials[index].adequacy.reasons {
                    // Dispatch on the length: one string comparison per reason.
                    switch reason.utf8.count {
                    case 15: if reason == "inadequate-dose" { found.0 = true }
                    case 19: if reason == "inadequate-duration" { found.1 = true }
                    case 13:
                        if reason == "non-adherence" {
                            found.2 = true
                        } else if reason == "agent-unknown" {
                            unknownReason.0 = true
                        }
                    case 12: if reason == "dose-unknown" { unknownReason.0 = true }
                    case 16: if reason == "duration-unknown" { unknownReason.1 = true }
                    case 22: if reason == "adherence-not-verified" { unknownReason.2 = true }
                    default: break
                    }
                }
                if !trials[index].adequacy.adherenceVerified { unknownReason.2 = true }
                Self.tally(found.0, unknownReason.0, &present.0, &unknown.0, &clear.0)
                Self.tally(found.1, unknownReason.1, &present.1, &unknown.1, &clear.1)
                Self.tally(found.2, unknownReason.2, &present.2, &unknown.2, &clear.2)
            }
        }

        private static func tally(_ found: Bool, _ unknownReason: Bool, _ present: inout Int, _ unknown: inout Int, _ clear: inout Int) {
            if found { present += 1 } else if unknownReason { unknown += 1 } else { clear += 1 }
        }

        func counts(_ check: Medication) -> (present: Int, unknown: Int, clear: Int) {
            switch check {
            case .dose: (present.0, unknown.0, clear.0)
            case .duration: (present.1, unknown.1, clear.1)
            case .adherence: (present.2, unknown.2, clear.2)
            }
        }
    }

    /// `inadequate-dose`, `inadequate-duration` or `non-adherence` from the current episode's
    /// medication trials' adequacy reasons (`counts` decide it when not rendering).
    static func medication(
        _ check: Medication, trials: [TrialAssessment], counts: MedicationCounts, into evidence: inout CheckEvidence
    ) {
        if !evidence.rendering {
            let (presentCount, unknownCount, clearCount) = counts.counts(check)
            guard presentCount > 0 || unknownCount > 0 || clearCount > 0 else { return }
            let today = LocalDate(dayNumber: Int.max / 2)
            if presentCount > 0 {
                evidence.results.append(.init(date: today, positive: true, text: "", source: nil))
            } else if unknownCount == 0 {
                evidence.results.append(.init(date: today, positive: false, text: "", source: nil))
            }
            return
        }
        let id = check.id
        let rendering = evidence.rendering
        var present: [String] = []
        var unknown: [String] = []
        var clear: [String] = []
        var presentCount = 0, unknownCount = 0, clearCount = 0
        // Walk the trials in place (no filtered copy of the large assessments).
        for index in trials.indices where trials[index].kind == "medication" && trials[index].currentEpisode {
            let reasons = trials[index].adequacy.reasons
            let unknownReason: Bool
            switch check {
            case .dose: unknownReason = reasons.contains { $0 == "dose-unknown" || $0 == "agent-unknown" }
            case .duration: unknownReason = reasons.contains("duration-unknown")
            case .adherence: unknownReason = reasons.contains("adherence-not-verified")
            }
            if reasons.contains(id) {
                presentCount += 1
                if rendering { present.append(label(trials[index]) + ": " + detail(check, trials[index])) }
            } else if unknownReason || (check == .adherence && !trials[index].adequacy.adherenceVerified) {
                unknownCount += 1
                if rendering { unknown.append(label(trials[index])) }
            } else {
                clearCount += 1
                if rendering { clear.append(label(trials[index])) }
            }
        }
        guard presentCount > 0 || unknownCount > 0 || clearCount > 0 else {
            evidence.addNote("No medication trial recorded in the current episode")
            return
        }
        let today = LocalDate(dayNumber: Int.max / 2)
        if presentCount > 0 {
            evidence.results.append(
                .init(date: today, positive: true, text: rendering ? present.joined(separator: "; ") : "", source: nil))
        } else if unknownCount == 0 {
            evidence.results.append(
                .init(date: today, positive: false,
                    text: rendering ? "Not found in: " + clear.joined(separator: "; ") : "", source: nil))
        }
        if unknownCount > 0 && rendering {
            let what: String
            switch check {
            case .dose: what = "Dose not known for: "
            case .duration: what = "Duration not known for: "
            case .adherence: what = "Adherence not verified for: "
            }
            evidence.notes.append(what + unknown.joined(separator: "; "))
        }
    }

    /// "sertraline (t1, from 2026-01-05)" for a current-episode medication trial.
    static func label(_ trial: TrialAssessment) -> String {
        trial.agent + " (" + trial.id + ", from " + trial.start.description + ")"
    }

    /// `psychotherapy-not-tried`: present when no adequate psychotherapy course is recorded in the
    /// current episode.
    static func psychotherapy(trials: [TrialAssessment], into evidence: inout CheckEvidence) {
        let today = LocalDate(dayNumber: Int.max / 2)
        var courses = 0
        for index in trials.indices where trials[index].kind == "psychotherapy" && trials[index].currentEpisode {
            courses += 1
            guard trials[index].adequacy.verdict == "adequate" else { continue }
            let adequate = trials[index]
            let text =
                evidence.rendering
                ? "Adequate psychotherapy course: " + adequate.agent + " from " + adequate.start.description : ""
            evidence.results.append(.init(date: today, positive: false, text: text, source: nil))
            return
        }
        if courses == 0 {
            evidence.results.append(
                .init(date: today, positive: true, text: "No psychotherapy course recorded in the current episode",
                    source: nil))
            return
        }
        var text = ""
        if evidence.rendering {
            var list: [String] = []
            for index in trials.indices where trials[index].kind == "psychotherapy" && trials[index].currentEpisode {
                let course = trials[index]
                var line = course.agent + " from " + course.start.description
                if !course.adequacy.reasons.isEmpty { line += " (" + course.adequacy.reasons.joined(separator: ", ") + ")" }
                list.append(line)
            }
            text = "No adequate psychotherapy course yet: " + list.joined(separator: "; ")
        }
        evidence.results.append(.init(date: today, positive: true, text: text, source: nil))
    }

    private static func detail(_ check: Medication, _ trial: TrialAssessment) -> String {
        switch check {
        case .dose:
            if let minimum = trial.adequacy.minimumDose {
                return "below the minimum adequate dose of " + ChecklistInputs.number(minimum) + " mg/day"
            }
            return "below the minimum adequate dose"
        case .duration:
            var text = trial.end == nil ? "ongoing, " : ""
            if let weeks = trial.adequacy.weeksAtAdequateDose {
                text += ChecklistInputs.number(weeks) + " weeks at an adequate dose"
            } else {
                text += "too short at an adequate dose"
            }
            if let required = trial.adequacy.requiredWeeks { text += " (needs " + ChecklistInputs.number(required) + ")" }
            return text
        case .adherence:
            return "adherence below the profile threshold"
        }
    }
}
