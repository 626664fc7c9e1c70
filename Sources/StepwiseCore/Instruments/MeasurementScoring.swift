// SPDX-License-Identifier: Apache-2.0

/// Scores every measurement of a record.
public enum MeasurementScoring {
    /// Scores `record.measurements`, oldest first (stable for equal dates).
    ///
    /// An unusable measurement becomes an ``InputIssue`` at `$.measurements[<index in the record>]…`
    /// and is skipped; the rest still score. Safety rule: when an otherwise unusable measurement has
    /// a readable safety item answered > 0 (or C-SSRS answers that reach a triage level), it is
    /// still returned — total `nil`, basis `partial` — carrying the safety flags, so a suicide-risk
    /// signal is never dropped because of an unrelated input error. The issue is reported as well.
    /// An entered total that disagrees with the item answers is scored from the items and reported
    /// as a warning at `…total`.
    public static func score(
        _ record: PatientRecord, catalog: InstrumentCatalog
    ) -> (measurements: [ScoredMeasurement], issues: [InputIssue]) {
        score(record, catalog: catalog, table: nil)
    }

    /// ``score(_:catalog:)``, filling `table` (when given; one row per record measurement) with
    /// each measurement's catalogue position and raw safety answer in the same pass.
    static func score(
        _ record: PatientRecord, catalog: InstrumentCatalog, table: MeasurementTable?
    ) -> (measurements: [ScoredMeasurement], issues: [InputIssue]) {
        let measurements = record.measurements
        // Rows of unknown instruments keep the default (position -1).
        let rows = table?.rows ?? UnsafeMutableBufferPointer(start: nil, count: 0)
        let filling = rows.count == measurements.count && !rows.isEmpty
        if filling { rows.initialize(repeating: MeasurementTable.Row()) }
        var inOrder = true
        for position in measurements.indices.dropFirst()
        where measurements[position].date < measurements[position - 1].date {
            inOrder = false
            break
        }
        // A stable sort by date (ties keep record order); most records arrive already in order,
        // and then no index array is built.
        let sorted: [Int]? =
            inOrder
            ? nil
            : measurements.indices.sorted { a, b in
                let (x, y) = (measurements[a].date, measurements[b].date)
                return x == y ? a < b : x < y
            }
        var scored: [ScoredMeasurement] = []
        var issues: [InputIssue] = []
        // Most records alternate between one or two instruments: remember the last two plans
        // looked up (by the name as written) instead of hashing the instrument id for every
        // administration. Names and plans are kept apart so no optional tuple is copied per item.
        var lastName = ""
        var lastPlan: ScoringPlan?
        var previousName = ""
        var previousPlan: ScoringPlan?
        scored.reserveCapacity(measurements.count)
        for position in measurements.indices {
            let index = sorted?[position] ?? position
            let instrument = measurements[index].instrument
            let plan: ScoringPlan
            if let last = lastPlan, lastName == instrument {
                plan = last
            } else if let previous = previousPlan, previousName == instrument {
                plan = previous
                swap(&lastName, &previousName)
                previousPlan = lastPlan
                lastPlan = previous
            } else if let found = catalog.plan(instrument) {
                plan = found
                previousName = lastName
                previousPlan = lastPlan
                lastName = instrument
                lastPlan = found
            } else {
                issues.append(
                    InputIssue(path: "$.measurements[\(index)].instrument", message: unknownMessage(instrument, catalog: catalog)))
                continue
            }
            // The table row: the catalogue position, and the only safety item's raw answer (read
            // here, exactly as the suicide screen would read it from the record).
            if filling {
                var answer: Int?
                if plan.tableSafety == MeasurementTable.Safety.one {
                    let number = plan.soleSafetyItem
                    if let answers = measurements[index].answers, number >= 1, number <= answers.count,
                        let value = answers[number - 1]
                    {
                        answer = value
                    } else if measurements[index].items != nil {
                        answer = measurements[index].answer(item: number)
                    }
                }
                rows[index] = MeasurementTable.Row(
                    safetyAnswer: answer, safety: plan.tableSafety, position: Int32(truncatingIfNeeded: plan.position))
            }
            // The common case is scored from the few fields it reads (passing the whole
            // measurement made a copy of it for every administration).
            if let items = measurements[index].items {
                // An entered total plus items given by number (an EHR's total and its item-9
                // observation): scored as the total, keeping the items' safety flags.
                if measurements[index].answers == nil, let total = measurements[index].total,
                    plan.quickPartial(items: items, total: total, date: measurements[index].date, sex: record.sex, into: &scored)
                {
                    continue
                }
            } else if plan.quickScore(
                answers: measurements[index].answers, total: measurements[index].total,
                date: measurements[index].date, sex: record.sex, into: &scored)
            {
                continue
            }
            let measurement = measurements[index]
            let definition = plan.definition
            // The JSON path is only needed for an issue; build it then.
            func path() -> String { "$.measurements[\(index)]" }
            do {
                var result = try InstrumentScorer.score(measurement, definition: definition, sex: record.sex)
                result.instrumentPosition = plan.position
                if let entered = result.details["enteredTotal"], let total = result.total {
                    issues.append(
                        InputIssue(
                            path: path() + ".total",
                            message:
                                "\(definition.id): entered total \(Int(entered)) differs from the item answers' total \(total); the item total is used",
                            severity: "warning"))
                }
                scored.append(result)
            } catch let error as StepwiseError {
                issues.append(InputIssue(path: join(path(), error.location), message: error.message))
                if var partial = InstrumentScorer.safetySignal(measurement, definition: definition) {
                    partial.instrumentPosition = plan.position
                    scored.append(partial)
                }
            } catch {
                issues.append(InputIssue(path: path(), message: "the measurement could not be scored"))
            }
        }
        return (scored, issues)
    }

    static func unknownMessage(_ instrument: String, catalog: InstrumentCatalog) -> String {
        let shown = instrument.count > 40 ? String(instrument.prefix(40)) + "…" : instrument
        return "unknown instrument \"\(shown)\"; known instruments: \(catalog.ids.joined(separator: ", "))"
    }

    /// `$.measurements[3]` + `answers[2]` → `$.measurements[3].answers[2]`.
    static func join(_ base: String, _ location: String?) -> String {
        guard let location, !location.isEmpty else { return base }
        return location.hasPrefix("[") ? base + location : base + "." + location
    }
}

extension InstrumentScorer {
    /// The safety signal carried by an administration that cannot be scored as a whole: safety
    /// items answered > 0 (even when the answer is outside the item's range — the value is kept as
    /// given and `details["safetyItemOutOfRange"]` is 1), and for the C-SSRS screener the triage
    /// level reached by the "yes" answers present. `nil` when there is no signal.
    public static func safetySignal(_ m: Measurement, definition: InstrumentDefinition) -> ScoredMeasurement? {
        let answers = definition.items.map { m.answer(item: $0.number) }
        var details: [String: Double] = [:]
        var flags = ScoreWork.safetyFlags(definition, answers: answers, details: &details)
        if let number = details["safetyItemNumber"].map(Int.init), let item = definition.item(number),
            let value = answers[number - 1], value > item.maximum
        {
            details["safetyItemOutOfRange"] = 1
        }
        var band: String?
        if let rule = definition.scoring.triage, let level = ScoreWork.triageLevel(rule, answers: answers) {
            band = level.band
            flags.append(level.flag)
        }
        guard !flags.isEmpty else { return nil }
        flags.append(InstrumentFlag.partial)
        return ScoredMeasurement(
            instrument: definition.id, date: m.date, total: nil, band: band, flags: flags, details: details,
            basis: ScoreBasis.partial)
    }
}
