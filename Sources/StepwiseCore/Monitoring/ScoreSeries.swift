// SPDX-License-Identifier: Apache-2.0

/// The scored administrations of one depression instrument, oldest first.
struct ScoreSeries: Sendable {
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
        var catalog: InstrumentCatalog?
        // The series the previous measurement went to (records interleave a few instruments); its
        // points are held in `points` while it is being filled, so appending touches one array.
        var last = -1
        var points: [ScorePoint] = []
        // Fields are read in place (a copy of each measurement would retain all its parts).
        for position in measurements.indices {
            guard let total = measurements[position].total else { continue }
            let instrument = measurements[position].instrument
            let point = ScorePoint(
                date: measurements[position].date, score: total,
                suicideItemPositive: SuicideRiskScreen.hasSuicideItemFlag(measurements[position].flags))
            if last >= 0 && series[last].instrument == instrument {
                points.append(point)
                continue
            }
            // A name is either skipped or has a series, so the order of these look-ups does not matter.
            if skipped.contains(instrument) { continue }
            if let index = series.firstIndex(where: { $0.instrument == instrument }) {
                if last >= 0 { swap(&points, &series[last].points) }
                swap(&points, &series[index].points)
                points.append(point)
                last = index
                continue
            }
            if catalog == nil { catalog = knowledge.instruments }
            guard let catalog else { continue }
            // The definition is read in place (by the position scoring found), not copied.
            let scoredAt = measurements[position].instrumentPosition.flatMap {
                $0 < catalog.all.count && catalog.all[$0].id == instrument ? $0 : nil
            }
            guard let index = scoredAt ?? catalog.position(instrument),
                catalog.all[index].isDepressionMeasure
            else {
                skipped.append(instrument)
                continue
            }
            if last >= 0 { swap(&points, &series[last].points) }
            points = []
            points.reserveCapacity(measurements.count - position)
            points.append(point)
            series.append(
                ScoreSeries(
                    instrument: instrument, name: catalog.all[index].shortName,
                    remissionMax: catalog.all[index].remissionMax, points: []))
            last = series.count - 1
        }
        if last >= 0 { swap(&points, &series[last].points) }
        for index in series.indices {
            var sorted = true
            let points = series[index].points
            for position in points.indices.dropFirst() where points[position].date < points[position - 1].date {
                sorted = false
                break
            }
            if !sorted { series[index].points.sort { $0.date < $1.date } }
        }
        if series.count > 1 {
            series.sort {
                ($0.points.last?.date ?? LocalDate(dayNumber: Int.min / 2)) > ($1.points.last?.date ?? LocalDate(dayNumber: Int.min / 2))
            }
        }
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
struct CurrentPlan: Sendable {
    /// The latest trial start or dose change on or before the as-of date.
    var start: LocalDate
    /// The trial (position in the record) whose start or dose change `start` is.
    var changedTrial: Int
    /// Whether `start` is a dose change (else the trial's start).
    var doseChanged: Bool
    /// The new dose, for a dose change that records one.
    var newDose: Double?

    /// Whether `trial` is part of the plan on `asOf`: a current-episode trial started on or before
    /// it and not ended before it.
    static func isActive(_ trial: TreatmentTrial, asOf: LocalDate) -> Bool {
        guard trial.isCurrentEpisode && trial.start <= asOf else { return false }
        if let end = trial.end, end < asOf { return false }
        return true
    }

    /// What changed on `start` ("sertraline started", "sertraline dose changed to 100 mg/day").
    func change(in record: PatientRecord) -> String {
        let agent = record.trials[changedTrial].agent
        guard doseChanged else { return agent + " started" }
        var change = agent + " dose changed"
        if let mg = newDose { change += " to " + ChecklistInputs.number(mg) + " mg/day" }
        return change
    }

    /// The current plan, or `nil` when no current-episode trial is ongoing on `asOf`.
    static func find(_ shared: SharedRecord, asOf: LocalDate) -> CurrentPlan? {
        var plan: CurrentPlan?
        // Trials are read where they lie (`enumerated()` copied each one; passing the record copied it).
        let trials = shared.record.trials
        for position in trials.indices where isActive(trials[position], asOf: asOf) {
            let start = trials[position].start
            if plan == nil || start > plan!.start {
                plan = CurrentPlan(start: start, changedTrial: position, doseChanged: false, newDose: nil)
            }
            for step in trials[position].doses where step.from > start && step.from <= asOf {
                if plan == nil || step.from > plan!.start {
                    plan = CurrentPlan(start: step.from, changedTrial: position, doseChanged: true, newDose: step.mgPerDay)
                }
            }
        }
        return plan
    }
}
