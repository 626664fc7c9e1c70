// SPDX-License-Identifier: Apache-2.0

/// Maudsley Staging Method (Fekadu 2009; table from Fekadu 2018 and Hägg 2020).
///
/// Duration (completed months from onset to the as-of date: ≤ 12 → 1, 13–24 → 2, > 24 → 3);
/// severity (the diagnosis's coded severity, or its code, else the first depression score of the
/// episode through a documented mapping: subsyndromal 1 … severe with psychosis 5); failed
/// antidepressants (1–2 → 1, 3–4 → 2, 5–6 → 3, 7–10 → 4, > 10 → 5); augmentation 0/1; ECT 0/1.
/// Total 3–15: mild 3–6, moderate 7–10, severe 11–15. Missing inputs are rated at the minimum
/// and listed in `assumptions`.
enum MaudsleyStaging {
    /// A missing input and how it was handled, rendered into ``MaudsleyStage/assumptions`` when read.
    enum Assumption: Sendable {
        case onsetFromTrial(LocalDate)
        case onsetUnknown(lowest: Int)
        case psychoticSeverity(EpisodeSeverity?)
        case mappedSeverity(instrument: String, score: Int, date: LocalDate, severity: EpisodeSeverity)
        case severityUnknown(lowest: Int)
        case noFailure(points: Int)

        var text: String {
            switch self {
            case .onsetFromTrial(let earliest):
                "Episode onset not recorded: duration counted from the first current-episode trial (\(earliest)), "
                    + "a lower bound."
            case .onsetUnknown(let lowest):
                "Episode onset not recorded and no trial dates: duration rated \(lowest) (minimum)."
            case .psychoticSeverity(let severity):
                "Psychotic features recorded with severity \(severity?.rawValue ?? "not coded"): rated severe with "
                    + "psychosis (the only MSM category for psychotic depression)."
            case .mappedSeverity(let instrument, let score, let date, let severity):
                "Diagnosis carries no severity: mapped from the episode's first \(instrument) score "
                    + "\(score) on \(date) to \(severity.rawValue) (project decision)."
            case .severityUnknown(let lowest):
                "Severity not recorded and no baseline depression score: severity rated \(lowest) (minimum)."
            case .noFailure(let points):
                "No failed adequate antidepressant trial: the antidepressant dimension is rated "
                    + "\(points), the scale's minimum (MSM presupposes at least one failure)."
            }
        }
    }

    /// How the duration was rated.
    enum DurationBasis: Sendable {
        case onsetUnknown
        case months(Int, label: String)

        var text: String {
            switch self {
            case .onsetUnknown: "onset unknown"
            case .months(let months, let label): "\(months) months, \(label)"
            }
        }
    }

    /// How the severity was rated.
    enum SeverityBasis: Sendable {
        case psychotic
        case coded(EpisodeSeverity)
        case code(EpisodeSeverity, code: String)
        case mapped(EpisodeSeverity, instrument: String, score: Int)
        case unknown

        var text: String {
            switch self {
            case .psychotic: "severe with psychotic features"
            case .coded(let severity): "\(severity.rawValue), coded severity"
            case .code(let severity, let code): "\(severity.rawValue), diagnosis code \(code)"
            case .mapped(let severity, let instrument, let score): "\(severity.rawValue) from \(instrument) \(score)"
            case .unknown: "unknown"
            }
        }
    }

    static let psychoticSources = ["project-decision-psychotic-msm"]
    static let missingSources = ["project-decision-msm-missing"]

    static func stage(
        _ staged: [StagedTrial], measurements: [ScoredMeasurement], record: PatientRecord,
        context: AssessmentContext, tables: TreatmentTables
    ) -> MaudsleyStage {
        let table = tables.maudsley
        var assumptions: [Assumption] = []
        var sources = table.sources

        let duration = durationPoints(staged, record: record, context: context, table: table, assumptions: &assumptions)
        let severity = severityPoints(
            measurements, record: record, tables: tables, assumptions: &assumptions, sources: &sources)

        // MSM counts failed medications: a repeated trial of one antidepressant counts once.
        var failures = 0
        for (position, trial) in staged.enumerated() where trial.isAntidepressantFailure {
            var repeated = false
            for earlier in staged[..<position] where earlier.isAntidepressantFailure && earlier.agent == trial.agent {
                repeated = true
                break
            }
            if !repeated { failures += 1 }
        }
        var antidepressantPoints = table.noFailurePoints.value
        if failures == 0 {
            assumptions.append(.noFailure(points: table.noFailurePoints.value))
            sources = SourceLists.union(sources, table.noFailurePoints.sources)
        } else {
            antidepressantPoints = table.antidepressants.first { level in
                level.maxFailures.map { failures <= $0 } ?? true
            }?.points ?? table.antidepressants.last?.points ?? 1
        }
        let augmentation = staged.contains { $0.isAugmentationFailure } ? table.augmentationPoints.value : 0
        let ect = staged.contains { $0.isECTFailure } ? table.ectPoints.value : 0
        let total = duration.points + severity.points + antidepressantPoints + augmentation + ect
        let band = table.bands.first { total <= $0.maxTotal }?.band ?? table.bands.last?.band ?? "severe"
        var stage = MaudsleyStage(
            total: total, band: band, duration: duration.points, severity: severity.points,
            antidepressants: antidepressantPoints, augmentation: augmentation, ect: ect,
            sources: SourceLists.union(sources, ThaseRushStaging.failureSources))
        let durationPoints = duration.points
        let durationBasis = duration.basis
        let severityPoints = severity.points
        let severityBasis = severity.basis
        let antidepressants = antidepressantPoints
        let failed = failures
        stage.$explanation = Deferred {
            "Total \(total) (\(band)): duration \(durationPoints) (\(durationBasis.text)), severity \(severityPoints) "
                + "(\(severityBasis.text)), antidepressants \(antidepressants) (\(failed) failed), augmentation "
                + "\(augmentation), ECT \(ect)."
        }
        if !assumptions.isEmpty {
            let list = assumptions
            stage.$assumptions = Deferred { list.map(\.text) }
        }
        return stage
    }

    static func durationPoints(
        _ staged: [StagedTrial], record: PatientRecord, context: AssessmentContext, table: MaudsleyTable,
        assumptions: inout [Assumption]
    ) -> (points: Int, basis: DurationBasis) {
        var onset = record.episode?.onset
        if onset == nil {
            var earliest: LocalDate?
            for trial in staged where trial.currentEpisode {
                if earliest.map({ trial.start < $0 }) ?? true { earliest = trial.start }
            }
            if let earliest {
                onset = earliest
                assumptions.append(.onsetFromTrial(earliest))
            } else {
                let lowest = table.duration.first?.points ?? 1
                assumptions.append(.onsetUnknown(lowest: lowest))
                return (lowest, .onsetUnknown)
            }
        }
        let months = onset.map { $0.completedMonths(to: context.asOf) } ?? 0
        let band = table.duration.first { entry in entry.maxMonths.map { months <= $0 } ?? true }
        return (band?.points ?? 1, .months(months, label: band?.label ?? "acute"))
    }

    static func severityPoints(
        _ measurements: [ScoredMeasurement], record: PatientRecord, tables: TreatmentTables,
        assumptions: inout [Assumption], sources: inout [String]
    ) -> (points: Int, basis: SeverityBasis) {
        let table = tables.maudsley
        func points(_ key: String) -> Int { table.severity.first { $0.severity == key }?.points ?? 1 }
        let diagnosis = record.episode?.diagnosis
        var severity = diagnosis?.severity
        var psychotic = diagnosis?.psychoticFeatures == true
        var fromCode: String?
        if let code = diagnosis?.code, let entry = tables.severity(code: code, system: diagnosis?.system) {
            if severity == nil {
                severity = entry.severity
                fromCode = entry.code
            }
            // A code that records psychotic features wins over `psychoticFeatures: false`: the safety
            // screen and the checklist read the code the same way, so the report has one reading of
            // psychosis, the safety-conservative one (record validation warns about the contradiction).
            if entry.psychotic { psychotic = true }
            sources = SourceLists.union(sources, entry.sources)
        }
        if psychotic {
            if severity != .severe {
                assumptions.append(.psychoticSeverity(severity))
                sources = SourceLists.union(sources, psychoticSources)
            }
            return (points("severe-psychotic"), .psychotic)
        }
        if let severity {
            return (points(severity.rawValue), fromCode.map { .code(severity, code: $0) } ?? .coded(severity))
        }
        if let mapped = scaleSeverity(measurements, record: record, tables: tables) {
            assumptions.append(
                .mappedSeverity(
                    instrument: mapped.instrument, score: mapped.score, date: mapped.date, severity: mapped.severity))
            sources = SourceLists.union(sources, mapped.sources)
            return (
                points(mapped.severity.rawValue),
                .mapped(mapped.severity, instrument: mapped.instrument, score: mapped.score)
            )
        }
        let lowest = table.severity.first?.points ?? 1
        assumptions.append(.severityUnknown(lowest: lowest))
        sources = SourceLists.union(sources, missingSources)
        return (lowest, .unknown)
    }

    /// The first depression score of the episode on a mapped instrument.
    static func scaleSeverity(
        _ measurements: [ScoredMeasurement], record: PatientRecord, tables: TreatmentTables
    ) -> (instrument: String, score: Int, date: LocalDate, severity: EpisodeSeverity, sources: [String])? {
        let onset = record.episode?.onset
        var best: (instrument: String, score: Int, date: LocalDate, severity: EpisodeSeverity, sources: [String])?
        for measurement in measurements {
            guard let total = measurement.total else { continue }
            if let onset, measurement.date < onset { continue }
            if let best, best.date <= measurement.date { continue }
            guard let mapping = tables.scaleSeverity.first(where: { $0.instrument == measurement.instrument }),
                let severity = mapping.severity(for: total)
            else { continue }
            best = (measurement.instrument, total, measurement.date, severity, mapping.sources)
        }
        return best
    }
}
