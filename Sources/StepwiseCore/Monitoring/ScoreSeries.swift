// SPDX-License-Identifier: Apache-2.0

/// The scored administrations of one depression instrument, oldest first.
struct ScoreSeries {
    /// Instrument id.
    var instrument: String
    /// Short display name (`PHQ-9`).
    var name: String
    /// Remission cut-off (total at or below), when catalogued.
    var remissionMax: Int?
    /// Administrations with a total, oldest first.
    var points: [ScorePoint]

    /// Every depression instrument in `measurements` (those the catalogue marks as depression
    /// measures), ordered by their most recent administration, latest first.
    static func depressionSeries(_ measurements: [ScoredMeasurement], knowledge: KnowledgeBase) -> [ScoreSeries] {
        var series: [ScoreSeries] = []
        var skipped: [String] = []
        for m in measurements {
            guard let total = m.total else { continue }
            if let index = series.firstIndex(where: { $0.instrument == m.instrument }) {
                series[index].points.append(ScorePoint(date: m.date, score: total))
                continue
            }
            if skipped.contains(m.instrument) { continue }
            guard let definition = knowledge.instruments.instrument(m.instrument), definition.isDepressionMeasure else {
                skipped.append(m.instrument)
                continue
            }
            series.append(
                ScoreSeries(
                    instrument: m.instrument, name: definition.shortName, remissionMax: definition.remissionMax,
                    points: [ScorePoint(date: m.date, score: total)]))
        }
        for index in series.indices {
            series[index].points.sort { $0.date < $1.date }
        }
        series.sort { ($0.points.last?.date ?? LocalDate(dayNumber: Int.min / 2)) > ($1.points.last?.date ?? LocalDate(dayNumber: Int.min / 2)) }
        return series
    }

    /// The baseline for a treatment that started on `start`: the last score on or before it, or
    /// failing that the first score within `graceDays` after it.
    func baseline(for start: LocalDate, graceDays: Int) -> ScorePoint? {
        if let before = points.last(where: { $0.date <= start }) { return before }
        return points.first { $0.date > start && $0.date.dayNumber <= start.dayNumber + graceDays }
    }

    /// Percent improvement from `baseline` to `score` (positive = better), or `nil` when the
    /// baseline is zero.
    static func improvement(from baseline: Int, to score: Int) -> Double? {
        guard baseline > 0 else { return nil }
        return Double(baseline - score) / Double(baseline) * 100
    }

    /// Least-squares slope in points per week, or `nil` with fewer than two distinct dates.
    var slopePerWeek: Double? {
        guard points.count >= 2, let first = points.first else { return nil }
        var sumX = 0.0, sumY = 0.0, sumXX = 0.0, sumXY = 0.0
        for point in points {
            let x = Double(first.date.days(to: point.date)) / 7
            let y = Double(point.score)
            sumX += x
            sumY += y
            sumXX += x * x
            sumXY += x * y
        }
        let n = Double(points.count)
        let denominator = n * sumXX - sumX * sumX
        guard denominator > 1e-9 else { return nil }
        return (n * sumXY - sumX * sumY) / denominator
    }
}

/// The current treatment plan: the ongoing current-episode trials and when the plan last changed.
struct CurrentPlan {
    /// Ongoing trials of the current episode.
    var trials: [TreatmentTrial]
    /// The latest trial start or dose change on or before the as-of date.
    var start: LocalDate
    /// What changed on `start`.
    var change: String

    /// The current plan, or `nil` when no current-episode trial is ongoing on `asOf`.
    static func find(_ record: PatientRecord, asOf: LocalDate) -> CurrentPlan? {
        var active: [TreatmentTrial] = []
        var start: LocalDate?
        var change = ""
        for trial in record.trials where trial.isCurrentEpisode && trial.start <= asOf {
            if let end = trial.end, end < asOf { continue }
            active.append(trial)
            if start == nil || trial.start > start! {
                start = trial.start
                change = trial.agent + " started"
            }
            for step in trial.doses where step.from > trial.start && step.from <= asOf {
                if start == nil || step.from > start! {
                    start = step.from
                    change = trial.agent + " dose changed"
                    if let mg = step.mgPerDay { change += " to " + ChecklistInputs.number(mg) + " mg/day" }
                }
            }
        }
        guard let start else { return nil }
        return CurrentPlan(trials: active, start: start, change: change)
    }
}
