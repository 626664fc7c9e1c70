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
        if let vocabulary = RecordVocabulary.bundled {
            vocabulary.appendIssues(in: record, to: &issues)
        }
        return issues
    }
}

/// The knowledge base's fixed vocabularies a record names by id: condition categories and finding
/// check ids (`conditions.json`), read once. A value outside them would otherwise be ignored without
/// a word — a `suicidal-ideation` or `bipolar-ii` category removed a safety signal (QA F27).
struct RecordVocabulary: Sendable {
    /// Every category a condition may carry: those the catalogued codes map to and those a check lists.
    let categories: [String]
    /// Every finding `check` id: the pseudo-resistance checks plus the findings the planner reads.
    let checks: [String]
    private let categorySet: Set<String>
    private let checkSet: Set<String>
    /// Code → psychotic features, for the diagnosis-code-versus-field contradiction.
    let conditions: ConditionCatalog

    /// Finding ids read outside the checklist (the planner's light-therapy option reads `seasonal-pattern`).
    static let plannerFindings = ["seasonal-pattern"]

    /// The bundled vocabulary; `nil` only if `conditions.json` cannot be read (then
    /// `KnowledgeBase.bundled()` fails too and nothing is assessed).
    static let bundled: RecordVocabulary? = try? RecordVocabulary(
        file: KnowledgeResource.load("conditions", as: ConditionFile.self))

    init(file: ConditionFile) {
        var categories = Set<String>()
        for mapping in file.icd10 { categories.insert(mapping.category) }
        for mapping in file.snomed { categories.insert(mapping.category) }
        for rule in file.icd10IntentRules ?? [] { categories.insert(rule.category) }
        for check in file.checks { categories.formUnion(check.categories) }
        categorySet = categories
        self.categories = categories.sorted()
        let checks = file.checks.map(\.id) + Self.plannerFindings
        checkSet = Set(checks)
        self.checks = checks
        conditions = ConditionCatalog(file: file)
    }

    /// A value as an issue quotes it: at most 60 characters, so a pasted note is not echoed whole.
    private static func quoted(_ value: String) -> String {
        value.count <= 60 ? "\"\(value)\"" : "\"\(value.prefix(60))…\""
    }

    /// Appends an error for every condition category and finding check outside the vocabulary, and a
    /// warning when the episode's `psychoticFeatures: false` contradicts a diagnosis code that records
    /// psychotic features (the report then reads psychotic features as present).
    func appendIssues(in record: PatientRecord, to issues: inout [InputIssue]) {
        let conditionList = record.conditions
        for index in conditionList.indices {
            guard let category = conditionList[index].category else { continue }
            if category.isEmpty {
                // An empty category falls back to the code; without a code nothing identifies the condition.
                if conditionList[index].code?.isEmpty ?? true {
                    issues.append(
                        InputIssue(
                            path: "$.conditions[\(index)].category",
                            message: "category is empty and the condition has no code, so it is ignored; expected one of: "
                                + categories.joined(separator: ", ")))
                }
                continue
            }
            guard !categorySet.contains(category) else { continue }
            issues.append(
                InputIssue(
                    path: "$.conditions[\(index)].category",
                    message: "unknown condition category \(Self.quoted(category)), so the condition is ignored; expected one of: "
                        + categories.joined(separator: ", ")))
        }
        let findings = record.findings
        for index in findings.indices where !checkSet.contains(findings[index].check) {
            issues.append(
                InputIssue(
                    path: "$.findings[\(index)].check",
                    message: "unknown check \(Self.quoted(findings[index].check)), so the finding is ignored; expected one of: "
                        + checks.joined(separator: ", ")))
        }
        if let diagnosis = record.episode?.diagnosis, diagnosis.psychoticFeatures == false, let code = diagnosis.code,
            conditions.indicatesPsychoticFeatures(code: code, system: diagnosis.system)
        {
            issues.append(
                InputIssue(
                    path: "$.episode.diagnosis.psychoticFeatures",
                    message: "false contradicts the diagnosis code \(Self.quoted(code)), which records psychotic features; "
                        + "the report reads psychotic features as present (the safety-conservative reading) — "
                        + "correct the code or the field",
                    severity: "warning"))
        }
    }
}
