// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// The scores of one depression instrument, oldest first, prepared once per assessment.
struct TrialScoreSeries: Sendable {
    /// Instrument id.
    var instrument: String
    /// Remission cut-off (a total at or below it is remission), when catalogued.
    var remissionMax: Int?
    /// Scores, oldest first.
    var points: [ScorePoint]

    /// Builds one series per preferred instrument that has scores, in preference order.
    static func build(
        _ measurements: [ScoredMeasurement], preference: [String], instruments: InstrumentCatalog
    ) -> [TrialScoreSeries] {
        let instrumentCount = preference.count
        guard instrumentCount > 0, !measurements.isEmpty else { return [] }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: instrumentCount + measurements.count) { buffer in
            // counts[p]: scores of preference p; positions[m]: preference of measurement m (-1: none).
            let counts = UnsafeMutableBufferPointer(rebasing: buffer[..<instrumentCount])
            let positions = UnsafeMutableBufferPointer(rebasing: buffer[instrumentCount...])
            counts.initialize(repeating: 0)
            var any = false
            let table = preferenceTable(preference, instruments: instruments)
            let facts = table.facts
            for index in measurements.indices {
                positions[index] = -1
                guard measurements[index].total != nil else { continue }
                let instrument = measurements[index].instrument
                // A scored measurement knows its catalogue position: when its id is that entry's id
                // (one comparison of equal strings), the preference is read from the table.
                if let catalogued = measurements[index].instrumentPosition, catalogued >= 0,
                    catalogued < table.ids.count, table.ids[catalogued] == instrument
                {
                    let position = table.preferenceOf[catalogued]
                    if position >= 0 {
                        positions[index] = position
                        counts[position] += 1
                        any = true
                    }
                    continue
                }
                let length = instrument.utf8.count
                for position in 0..<instrumentCount
                where preference[position].utf8.count == length && preference[position] == instrument {
                    positions[index] = position
                    counts[position] += 1
                    any = true
                    break
                }
            }
            guard any else { return [] }
            var series: [TrialScoreSeries] = []
            for position in 0..<instrumentCount where counts[position] > 0 {
                let id = preference[position]
                guard facts[position].isDepressionMeasure else { continue }
                var points: [ScorePoint] = []
                points.reserveCapacity(counts[position])
                for index in measurements.indices where positions[index] == position {
                    if let total = measurements[index].total {
                        points.append(
                            ScorePoint(
                                date: measurements[index].date, score: total,
                                suicideItemPositive: SuicideRiskScreen.hasSuicideItemFlag(measurements[index].flags)))
                    }
                }
                if !isSorted(points) { points.sort { $0.date < $1.date } }
                if series.isEmpty { series.reserveCapacity(instrumentCount - position) }
                series.append(TrialScoreSeries(instrument: id, remissionMax: facts[position].remissionMax, points: points))
            }
            return series
        }
    }

    /// The series ``build(_:preference:instruments:)`` makes of the same scored measurements, taken
    /// from the assessment's depression series (``ScoreSeries/depressionSeries(_:knowledge:)``)
    /// instead of walking the measurements again: a preferred id's series is the depression series
    /// of exactly that id (scored measurements carry catalogue ids), for the first preference that
    /// names it; the points are shared, not copied.
    static func build(
        depression: [ScoreSeries], preference: [String], instruments: InstrumentCatalog
    ) -> [TrialScoreSeries] {
        guard !preference.isEmpty, !depression.isEmpty else { return [] }
        let facts = preferenceTable(preference, instruments: instruments).facts
        var series: [TrialScoreSeries] = []
        for position in preference.indices {
            let id = preference[position]
            let length = id.utf8.count
            guard
                let found = depression.firstIndex(where: { $0.instrument.utf8.count == length && $0.instrument == id })
            else { continue }
            // Only the first preference naming an instrument takes its scores.
            var repeated = false
            for earlier in 0..<position where preference[earlier].utf8.count == length && preference[earlier] == id {
                repeated = true
                break
            }
            guard !repeated, facts[position].isDepressionMeasure else { continue }
            if series.isEmpty { series.reserveCapacity(preference.count - position) }
            series.append(
                TrialScoreSeries(instrument: id, remissionMax: facts[position].remissionMax, points: depression[found].points))
        }
        return series
    }

    /// What the series builder needs to know about a preferred instrument.
    struct PreferenceFacts: Sendable {
        /// `false` only for a catalogued instrument that is not a depression measure.
        var isDepressionMeasure: Bool
        var remissionMax: Int?
    }

    /// The facts of each preferred instrument, and per catalogue position the first preference
    /// whose id is exactly that entry's id (-1 when none).
    struct PreferenceTable: Sendable {
        var facts: [PreferenceFacts]
        /// The catalogue's ids, by position.
        var ids: [String]
        /// By catalogue position: the index in the preference list of the first id equal to it.
        var preferenceOf: [Int]
    }

    private struct PreferenceEntry {
        var instruments: [InstrumentDefinition]
        var preference: [String]
        var table: PreferenceTable
    }

    private static let preferenceCache = Mutex<[PreferenceEntry]>([])

    /// The facts of each preferred instrument, worked out once per catalogue and preference list
    /// (an entry is found by the identity of both lists' storage, which it keeps alive).
    static func preferenceFacts(_ preference: [String], instruments: InstrumentCatalog) -> [PreferenceFacts] {
        preferenceTable(preference, instruments: instruments).facts
    }

    /// ``preferenceFacts(_:instruments:)`` with the position table, memoised the same way.
    static func preferenceTable(_ preference: [String], instruments: InstrumentCatalog) -> PreferenceTable {
        let all = instruments.all
        let allAddress = all.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        let preferenceAddress = preference.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        let found: PreferenceTable? = preferenceCache.withLock { entries in
            for entry in entries
            where entry.instruments.count == all.count && entry.preference.count == preference.count
                && entry.instruments.withUnsafeBufferPointer({ UInt(bitPattern: $0.baseAddress) }) == allAddress
                && entry.preference.withUnsafeBufferPointer({ UInt(bitPattern: $0.baseAddress) }) == preferenceAddress
            {
                return entry.table
            }
            return nil
        }
        if let found { return found }
        var facts: [PreferenceFacts] = []
        for id in preference {
            // Preference ids are canonical: match by id without the alias normalisation.
            let definition = canonicalDefinition(id, in: instruments)
            facts.append(
                PreferenceFacts(
                    isDepressionMeasure: definition?.isDepressionMeasure ?? true, remissionMax: definition?.remissionMax))
        }
        let ids = all.map(\.id)
        let preferenceOf = ids.map { id in preference.firstIndex(of: id) ?? -1 }
        let table = PreferenceTable(facts: facts, ids: ids, preferenceOf: preferenceOf)
        let entry = PreferenceEntry(instruments: all, preference: preference, table: table)
        preferenceCache.withLock { entries in
            if entries.count < 16 { entries.append(entry) }
        }
        return table
    }

    /// The instrument whose id is `id`, else the one `id` resolves to as an alias.
    private static func canonicalDefinition(_ id: String, in instruments: InstrumentCatalog) -> InstrumentDefinition? {
        let all = instruments.all
        let length = id.utf8.count
        for index in all.indices where all[index].id.utf8.count == length && all[index].id == id { return all[index] }
        return instruments.instrument(id)
    }

    private static func isSorted(_ points: [ScorePoint]) -> Bool {
        var previous: LocalDate?
        for point in points {
            if let previous, point.date < previous { return false }
            previous = point.date
        }
        return true
    }
}

/// Outcome of one trial (engine step 3).
///
/// Baseline = the last score on or before the trial's start, at most `baselineMaxDays` before it
/// (`staging.json` `outcomeBaselineMaxDays`, a project decision: 28 days); end = the last score after
/// the start up to the trial's end (or the as-of date). The instrument is the first in the preference
/// order (`staging.json` `outcomeInstruments`, a project decision: clinician-rated first) with both.
/// percentChange = (end − baseline) / baseline × 100, negative = improvement. Remission when the
/// end score is at or below the instrument's remission cut-off; otherwise response at ≥ the
/// profile's response percent improvement (exactly 50 % is response), partial response at ≥ the
/// partial percent (exactly 25 % is partial), non-response below. Without scores the clinician's
/// rated improvement (within −100…100 %) is used (`clinician-rating`), else the outcome is `unknown`
/// and its explanation names what is missing. A remission read from an end score whose suicide item
/// is positive says so.
enum OutcomeRules {
    static let tolerance = 1e-9

    /// The caveat added wherever remission is stated from a score whose suicide item is positive
    /// (the same words as `stepwise score`).
    static let suicideItemCaveat = "met by the total, but the suicide item is positive (see the safety section)"

    static func outcome(
        _ trial: TreatmentTrial, series: [TrialScoreSeries], context: AssessmentContext,
        baselineMaxDays: Int? = nil
    ) -> TrialOutcome {
        outcome(
            trial, series: series, asOf: context.asOf, response: context.profile.responsePercent.value,
            partial: context.profile.partialResponsePercent.value, baselineMaxDays: baselineMaxDays)
    }

    /// Why one instrument could not measure the trial (for the `unknown` explanation).
    private struct Gap {
        var instrument: String
        /// The last score on or before the start, when there is one.
        var baseline: ScorePoint?
        /// `true` when that score is older than the window allows.
        var stale: Bool
        /// `true` when a score lies after the start up to the close.
        var hasEndpoint: Bool
    }

    static func outcome(
        _ trial: TreatmentTrial, series: [TrialScoreSeries], asOf: LocalDate, response: Double, partial: Double,
        baselineMaxDays: Int? = nil
    ) -> TrialOutcome {
        let close = trial.end ?? asOf
        // The earliest day a baseline may lie on (the start itself counts).
        let earliest = baselineMaxDays.map { trial.start.adding(days: -max(0, $0)) }
        var gap: Gap?
        for entry in series {
            var baseline: ScorePoint?
            var endpoint: ScorePoint?
            var best: ScorePoint?
            for point in entry.points {
                if point.date <= trial.start {
                    baseline = point
                } else if point.date <= close {
                    endpoint = point
                    if best.map({ point.score < $0.score }) ?? true { best = point }
                } else {
                    break
                }
            }
            let stale = baseline.map { point in earliest.map { point.date < $0 } ?? false } ?? false
            guard let baseline, let endpoint, !stale else {
                // The first instrument (in preference order) with any score around the trial explains the gap.
                if gap == nil, baseline != nil || endpoint != nil {
                    gap = Gap(instrument: entry.instrument, baseline: baseline, stale: stale, hasEndpoint: endpoint != nil)
                }
                continue
            }
            guard baseline.score > 0 else {
                var outcome = TrialOutcome(
                    class: "unknown", instrument: entry.instrument, baseline: baseline, endpoint: endpoint,
                    basis: "scores", explanation: "")
                let instrument = entry.instrument
                outcome.$explanation = Deferred { "\(instrument) baseline is 0, so percent change cannot be computed" }
                return outcome
            }
            let change = Double(endpoint.score - baseline.score) * 100 / Double(baseline.score)
            let outcomeClass = classify(
                change: change, end: endpoint.score, remissionMax: entry.remissionMax, response: response,
                partial: partial)
            var peak: Double?
            var lostResponse: Bool?
            var lostAt: (String, Double, LocalDate)?
            if let best {
                let bestChange = Double(best.score - baseline.score) * 100 / Double(baseline.score)
                peak = bestChange
                let bestClass = classify(
                    change: bestChange, end: best.score, remissionMax: entry.remissionMax, response: response,
                    partial: partial)
                let lost =
                    (sameString(bestClass, "response") || sameString(bestClass, "remission"))
                    && !(sameString(outcomeClass, "response") || sameString(outcomeClass, "remission"))
                    && !(sameString(bestClass, "remission") && baseline.score <= entry.remissionMax ?? -1)
                lostResponse = lost
                if lost { lostAt = (bestClass, bestChange, best.date) }
            }
            // Every field at once, by the memberwise initialiser (no copy of the outcome).
            var outcome = TrialOutcome(
                class: outcomeClass, percentChange: change, instrument: entry.instrument, baseline: baseline,
                endpoint: endpoint, basis: "scores", explanation: "", peakPercentChange: peak, lostResponse: lostResponse)
            let instrument = entry.instrument
            let from = baseline.score
            let to = endpoint.score
            let lost = lostAt
            let caveat = endpoint.suicideItemPositive && sameString(outcomeClass, "remission")
            outcome.$explanation = Deferred {
                var text = "\(instrument) \(from) → \(to) (\(TrialText.oneDecimal(change)) %): \(outcomeClass)"
                if caveat { text += " — " + suicideItemCaveat }
                if let (bestClass, bestChange, date) = lost {
                    text += "; reached \(bestClass) (\(TrialText.oneDecimal(bestChange)) %) on \(date) and lost it"
                }
                return text
            }
            return outcome
        }
        let rating = trial.clinicianRatedImprovement
        if let rated = rating, rated.isFinite, (-100...100).contains(rated) {
            let change = -rated
            let outcomeClass = classify(change: change, end: nil, remissionMax: nil, response: response, partial: partial)
            var outcome = TrialOutcome(
                class: outcomeClass, percentChange: change, basis: "clinician-rating", explanation: "")
            outcome.$explanation = Deferred {
                "clinician-rated improvement \(TrialText.oneDecimal(rated)) %: \(outcomeClass)"
            }
            return outcome
        }
        var outcome = TrialOutcome(class: "unknown", basis: "none", explanation: "")
        let found = gap
        let start = trial.start
        outcome.$explanation = Deferred {
            unknownExplanation(
                gap: found, start: start, close: close, baselineMaxDays: baselineMaxDays, rating: rating)
        }
        return outcome
    }

    /// What is missing for an outcome: the baseline (none on or before the start, or none recent
    /// enough), the end point (no score during the trial), and the clinician rating.
    private static func unknownExplanation(
        gap: Gap?, start: LocalDate, close: LocalDate, baselineMaxDays: Int?, rating: Double?
    ) -> String {
        var parts: [String] = []
        if let gap {
            let instrument = gap.instrument
            if let baseline = gap.baseline {
                if gap.stale {
                    let days = baseline.date.days(to: start)
                    parts.append(
                        "the last \(instrument) score on or before the start (\(start)) is from \(baseline.date), "
                            + "\(days) days before it, too old for a baseline (at most \(baselineMaxDays ?? 0) days)")
                }
            } else {
                parts.append("no \(instrument) score on or before the start (\(start)) as a baseline")
            }
            if !gap.hasEndpoint {
                parts.append("no \(instrument) score during the trial (after \(start), up to \(close)) as an end point")
            }
        } else {
            parts.append("no depression score on or before the start or during the trial")
        }
        if let rating {
            parts.append("the clinician-rated improvement \(TrialText.oneDecimal(rating)) % is outside -100–100 % and is not used")
        } else {
            parts.append("no clinician rating")
        }
        return parts.dropLast().joined(separator: "; ") + (parts.count > 1 ? ", and " : "") + (parts.last ?? "")
    }

    static func classify(change: Double, end: Int?, remissionMax: Int?, response: Double, partial: Double) -> String {
        if let end, let remissionMax, end <= remissionMax { return "remission" }
        let improvement = -change
        if improvement + tolerance >= response { return "response" }
        if improvement + tolerance >= partial { return "partial-response" }
        return "non-response"
    }
}
