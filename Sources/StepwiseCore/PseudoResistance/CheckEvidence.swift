// SPDX-License-Identifier: Apache-2.0

/// Evidence gathered for one pseudo-resistance check, and how it resolves to a status.
///
/// Resolution (documented in `rules-checks.json`, rule `pseudo-resistance-evidence`):
/// 1. an active diagnosis in one of the check's categories → `present`;
/// 2. otherwise the most recent clinician judgement (a finding, or a condition ruled out or
///    resolved) decides — unless a positive screen or abnormal lab is dated after an "absent"
///    judgement, which makes the check `present` again;
/// 3. otherwise the most recent screen or lab decides: positive/abnormal → `present` whatever its
///    age; negative/normal → `absent` only within the evidence window, else `not-assessed` (repeat);
/// 4. nothing recorded → `not-assessed`, with how to assess it.
///
/// The same gathering code runs twice: once without text (`rendering == false`: only dates,
/// polarities and sources, enough to resolve the status) while assessing, and once with text when
/// a report reads the item's evidence. Texts are empty in the first mode.
struct CheckEvidence {
    /// A dated clinician judgement.
    struct Judgement {
        var date: LocalDate?
        var present: Bool
        var text: String
    }

    /// A dated screen or lab result.
    struct Result {
        var date: LocalDate
        var positive: Bool
        var text: String
        var source: String?
    }

    /// A check's status.
    enum Status {
        case present, absent, notAssessed

        /// The report's spelling.
        var text: String {
            switch self {
            case .present: "present"
            case .absent: "absent"
            case .notAssessed: "not-assessed"
            }
        }
    }

    /// Whether evidence texts are built.
    let rendering: Bool
    /// How many active diagnoses were found (their texts are in `diagnoses` when rendering).
    var diagnosisCount = 0
    var diagnoses: [String] = []
    var judgements: [Judgement] = []
    var results: [Result] = []
    var notes: [String] = []

    init(rendering: Bool) { self.rendering = rendering }

    /// Empties the evidence, keeping its storage (the assessment reuses one value for every check).
    /// Elements are popped one by one: a check holds at most a few, and `removeAll(keepingCapacity:)`
    /// goes through the generic `replaceSubrange` (about 120 instructions a call).
    mutating func clear() {
        diagnosisCount = 0
        while diagnoses.popLast() != nil {}
        while judgements.popLast() != nil {}
        while results.popLast() != nil {}
        while notes.popLast() != nil {}
    }

    mutating func addDiagnosis(_ text: @autoclosure () -> String) {
        diagnosisCount += 1
        if rendering { diagnoses.append(text()) }
    }

    mutating func addNote(_ text: @autoclosure () -> String) {
        if rendering { notes.append(text()) }
    }

    /// Resolves the evidence to `(status, evidence lines, specific source)`; the lines are empty
    /// unless rendering.
    func resolve(asOf: LocalDate, windowMonths: Int) -> (status: Status, evidence: [String], source: String?) {
        guard rendering else { return decide(asOf: asOf, windowMonths: windowMonths) }
        var lines = diagnoses
        if diagnosisCount > 0 {
            if rendering {
                for judgement in judgements { lines.append(judgement.text) }
                for result in results { lines.append(result.text) }
            }
            return (.present, lines + notes, nil)
        }
        if let judgement = latestJudgement {
            if rendering { lines.append(judgement.text) }
            if judgement.present { return (.present, lines + notes, nil) }
            let judgementDay = judgement.date?.dayNumber ?? Int.min
            if let later = results.last(where: { $0.positive && $0.date.dayNumber > judgementDay }) {
                if rendering { lines.append(later.text + " — after the clinician's judgement") }
                return (.present, lines + notes, later.source)
            }
            return (.absent, lines + notes, nil)
        }
        guard let latest = latestResult else { return (.notAssessed, notes, nil) }
        if latest.positive { return (.present, rendering ? [latest.text] + notes : [], latest.source) }
        if CheckEvidence.isOlder(latest.date, thanMonths: windowMonths, asOf: asOf) {
            guard rendering else { return (.notAssessed, [], latest.source) }
            let stale = latest.text + " — older than \(windowMonths) months; repeat"
            return (.notAssessed, [stale] + notes, latest.source)
        }
        return (.absent, rendering ? [latest.text] + notes : [], latest.source)
    }

    /// What ``resolve(asOf:windowMonths:)`` decides, without lines (the assessment's path).
    private func decide(asOf: LocalDate, windowMonths: Int) -> (status: Status, evidence: [String], source: String?) {
        if diagnosisCount > 0 { return (.present, [], nil) }
        if !judgements.isEmpty {
            var bestDay = Int.min
            var bestPresent = false
            for index in judgements.indices {
                let day = judgements[index].date?.dayNumber ?? Int.min
                let present = judgements[index].present
                if index == 0 || day > bestDay || (day == bestDay && present && !bestPresent) {
                    bestDay = day
                    bestPresent = present
                }
            }
            if bestPresent { return (.present, [], nil) }
            var index = results.count - 1
            while index >= 0 {
                if results[index].positive && results[index].date.dayNumber > bestDay {
                    return (.present, [], results[index].source)
                }
                index -= 1
            }
            return (.absent, [], nil)
        }
        guard !results.isEmpty else { return (.notAssessed, [], nil) }
        var best = 0
        for index in results.indices.dropFirst() {
            let date = results[index].date
            let bestDate = results[best].date
            if date > bestDate || (date == bestDate && results[index].positive && !results[best].positive) { best = index }
        }
        if results[best].positive { return (.present, [], results[best].source) }
        if CheckEvidence.isOlder(results[best].date, thanMonths: windowMonths, asOf: asOf) {
            return (.notAssessed, [], results[best].source)
        }
        return (.absent, [], results[best].source)
    }

    /// The result with the latest date; on the same day a positive one; among equals the first.
    private var latestResult: Result? {
        var best: Result?
        for result in results {
            guard let current = best else {
                best = result
                continue
            }
            if result.date > current.date || (result.date == current.date && result.positive && !current.positive) {
                best = result
            }
        }
        return best
    }

    private var latestJudgement: Judgement? {
        var best: Judgement?
        for judgement in judgements {
            guard let current = best else {
                best = judgement
                continue
            }
            let a = current.date?.dayNumber ?? Int.min
            let b = judgement.date?.dayNumber ?? Int.min
            // Later wins; on the same day "present" wins (the safer reading).
            if b > a || (b == a && judgement.present && !current.present) { best = judgement }
        }
        return best
    }

    /// Whether `date` is more than `months` calendar months before `asOf`.
    static func isOlder(_ date: LocalDate, thanMonths months: Int, asOf: LocalDate) -> Bool {
        guard asOf > date else { return false }
        let completed = date.completedMonths(to: asOf)
        if completed != months { return completed > months }
        return date.components.day != asOf.components.day
    }
}
