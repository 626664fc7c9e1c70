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

    var diagnoses: [String] = []
    var judgements: [Judgement] = []
    var results: [Result] = []
    var notes: [String] = []

    /// Resolves the evidence to `(status, evidence lines, specific source)`.
    func resolve(asOf: LocalDate, windowMonths: Int) -> (status: String, evidence: [String], source: String?) {
        var lines = diagnoses
        if !diagnoses.isEmpty {
            for judgement in judgements { lines.append(judgement.text) }
            for result in results { lines.append(result.text) }
            return ("present", lines + notes, nil)
        }
        let latestResult = results.max { ($0.date, $0.positive ? 1 : 0) < ($1.date, $1.positive ? 1 : 0) }
        if let judgement = latestJudgement {
            lines.append(judgement.text)
            if judgement.present { return ("present", lines + notes, nil) }
            let judgementDay = judgement.date?.dayNumber ?? Int.min
            if let later = results.last(where: { $0.positive && $0.date.dayNumber > judgementDay }) {
                lines.append(later.text + " — after the clinician's judgement")
                return ("present", lines + notes, later.source)
            }
            return ("absent", lines + notes, nil)
        }
        guard let latest = latestResult else { return ("not-assessed", notes, nil) }
        if latest.positive { return ("present", [latest.text] + notes, latest.source) }
        if CheckEvidence.isOlder(latest.date, thanMonths: windowMonths, asOf: asOf) {
            let stale = latest.text + " — older than \(windowMonths) months; repeat"
            return ("not-assessed", [stale] + notes, latest.source)
        }
        return ("absent", [latest.text] + notes, latest.source)
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
