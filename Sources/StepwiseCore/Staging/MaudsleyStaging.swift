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
    static func stage(
        _ staged: [StagedTrial], measurements: [ScoredMeasurement], record: PatientRecord,
        context: AssessmentContext, tables: TreatmentTables
    ) -> MaudsleyStage {
        let table = tables.maudsley
        var assumptions: [String] = []
        var sources = table.sources

        let duration = durationPoints(staged, record: record, context: context, table: table, assumptions: &assumptions)
        let severity = severityPoints(
            measurements, record: record, tables: tables, assumptions: &assumptions, sources: &sources)

        // MSM counts failed medications: a repeated trial of one antidepressant counts once.
        var failedAgents: [String] = []
        for trial in staged where trial.isAntidepressantFailure && !failedAgents.contains(trial.agent) {
            failedAgents.append(trial.agent)
        }
        let failures = failedAgents.count
        var antidepressantPoints = table.noFailurePoints.value
        if failures == 0 {
            assumptions.append(
                "No failed adequate antidepressant trial: the antidepressant dimension is rated "
                    + "\(table.noFailurePoints.value), the scale's minimum (MSM presupposes at least one failure).")
            AdequacyRules.appendUnique(table.noFailurePoints.sources, to: &sources)
        } else {
            antidepressantPoints = table.antidepressants.first { level in
                level.maxFailures.map { failures <= $0 } ?? true
            }?.points ?? table.antidepressants.last?.points ?? 1
        }
        let augmentation = staged.contains { $0.isAugmentationFailure } ? table.augmentationPoints.value : 0
        let ect = staged.contains { $0.isECTFailure } ? table.ectPoints.value : 0
        let total = duration.points + severity.points + antidepressantPoints + augmentation + ect
        let band = table.bands.first { total <= $0.maxTotal }?.band ?? table.bands.last?.band ?? "severe"
        let explanation =
            "Total \(total) (\(band)): duration \(duration.points) (\(duration.text)), severity \(severity.points) "
            + "(\(severity.text)), antidepressants \(antidepressantPoints) (\(failures) failed), augmentation "
            + "\(augmentation), ECT \(ect)."
        AdequacyRules.appendUnique(["project-decision-failure"], to: &sources)
        return MaudsleyStage(
            total: total, band: band, duration: duration.points, severity: severity.points,
            antidepressants: antidepressantPoints, augmentation: augmentation, ect: ect, explanation: explanation,
            assumptions: assumptions, sources: sources)
    }

    static func durationPoints(
        _ staged: [StagedTrial], record: PatientRecord, context: AssessmentContext, table: MaudsleyTable,
        assumptions: inout [String]
    ) -> (points: Int, text: String) {
        var onset = record.episode?.onset
        if onset == nil {
            let earliest = staged.lazy.filter(\.currentEpisode).map(\.start).min()
            if let earliest {
                onset = earliest
                assumptions.append(
                    "Episode onset not recorded: duration counted from the first current-episode trial (\(earliest)), "
                        + "a lower bound.")
            } else {
                let lowest = table.duration.first?.points ?? 1
                assumptions.append("Episode onset not recorded and no trial dates: duration rated \(lowest) (minimum).")
                return (lowest, "onset unknown")
            }
        }
        let months = onset.map { $0.completedMonths(to: context.asOf) } ?? 0
        let band = table.duration.first { entry in entry.maxMonths.map { months <= $0 } ?? true }
        return (band?.points ?? 1, "\(months) months, \(band?.label ?? "acute")")
    }

    static func severityPoints(
        _ measurements: [ScoredMeasurement], record: PatientRecord, tables: TreatmentTables,
        assumptions: inout [String], sources: inout [String]
    ) -> (points: Int, text: String) {
        let table = tables.maudsley
        func points(_ key: String) -> Int { table.severity.first { $0.severity == key }?.points ?? 1 }
        let diagnosis = record.episode?.diagnosis
        var severity = diagnosis?.severity
        var psychotic = diagnosis?.psychoticFeatures == true
        var basis = "coded severity"
        if let code = diagnosis?.code, let entry = tables.severity(code: code, system: diagnosis?.system) {
            if severity == nil {
                severity = entry.severity
                basis = "diagnosis code \(entry.code)"
            }
            if entry.psychotic && diagnosis?.psychoticFeatures != false { psychotic = true }
            AdequacyRules.appendUnique(entry.sources, to: &sources)
        }
        if psychotic {
            if severity != .severe {
                assumptions.append(
                    "Psychotic features recorded with severity \(severity?.rawValue ?? "not coded"): rated severe with "
                        + "psychosis (the only MSM category for psychotic depression).")
                AdequacyRules.appendUnique(["project-decision-psychotic-msm"], to: &sources)
            }
            return (points("severe-psychotic"), "severe with psychotic features")
        }
        if let severity { return (points(severity.rawValue), "\(severity.rawValue), \(basis)") }
        if let mapped = scaleSeverity(measurements, record: record, tables: tables) {
            assumptions.append(
                "Diagnosis carries no severity: mapped from the episode's first \(mapped.instrument) score "
                    + "\(mapped.score) on \(mapped.date) to \(mapped.severity.rawValue) (project decision).")
            AdequacyRules.appendUnique(mapped.sources, to: &sources)
            return (points(mapped.severity.rawValue), "\(mapped.severity.rawValue) from \(mapped.instrument) \(mapped.score)")
        }
        let lowest = table.severity.first?.points ?? 1
        assumptions.append(
            "Severity not recorded and no baseline depression score: severity rated \(lowest) (minimum).")
        AdequacyRules.appendUnique(["project-decision-msm-missing"], to: &sources)
        return (lowest, "unknown")
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
