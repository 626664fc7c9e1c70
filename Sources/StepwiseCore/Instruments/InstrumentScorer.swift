// SPDX-License-Identifier: Apache-2.0

/// Scores one administration of a rating instrument: validates every answer, computes the total by
/// the instrument's rule, assigns the band and raises flags (safety items first).
///
/// ```swift
/// let m = Measurement(instrument: "phq9", date: LocalDate("2026-11-02")!, answers: [2, 2, 1, 1, 0, 1, 1, 0, 1])
/// let scored = try InstrumentScorer.score(m, sex: nil, catalog: catalog)
/// // scored.total == 9, scored.band == "mild", scored.flags == ["suicide-item-positive"]
/// ```
public enum InstrumentScorer {
    /// Scores `m` with the instrument it names.
    ///
    /// - Parameters:
    ///   - m: the administration (item answers, a clinician-entered total, or both).
    ///   - sex: used by sex-specific cut-offs (AUDIT-C) and to fill STOP-Bang item 8 when unanswered.
    ///   - catalog: the instrument definitions.
    /// - Throws: ``StepwiseError`` — ``StepwiseError/Code/notFound`` for an unknown instrument (listing
    ///   the known ids); ``StepwiseError/Code/invalidInput`` for an answer outside its item's range
    ///   (e.g. "phq9 item 3: answer 7 is outside 0–3"), a wrong number of answers, an unknown item
    ///   number or a total out of range; ``StepwiseError/Code/missingData`` for missing items the
    ///   rule cannot tolerate. `location` is relative to the measurement (`answers[2]`, `total`).
    public static func score(_ m: Measurement, sex: Sex?, catalog: InstrumentCatalog) throws -> ScoredMeasurement {
        if let plan = catalog.plan(m.instrument), let quick = plan.quickScore(m, sex: sex) { return quick }
        return try score(m, definition: definition(for: m.instrument, in: catalog), sex: sex)
    }

    /// The definition named `instrument`, or a ``StepwiseError/Code/notFound`` error listing known ids.
    public static func definition(for instrument: String, in catalog: InstrumentCatalog) throws
        -> InstrumentDefinition
    {
        guard let definition = catalog.instrument(instrument) else {
            let shown = instrument.count > 40 ? String(instrument.prefix(40)) + "…" : instrument
            throw StepwiseError(
                .notFound,
                "unknown instrument \"\(shown)\"; known instruments: \(catalog.ids.joined(separator: ", "))",
                at: "instrument")
        }
        return definition
    }

    /// Scores `m` as an administration of `definition`.
    ///
    /// Complete item answers are scored by the instrument's rule (an entered total that disagrees
    /// is flagged `entered-total-differs`). An entered total with only some items is scored as the
    /// total, keeping the safety flags of the items present.
    public static func score(_ m: Measurement, definition: InstrumentDefinition, sex: Sex?) throws
        -> ScoredMeasurement
    {
        let difficulty = try readDifficulty(m, definition)
        var result = try scoreAdministration(m, definition: definition, sex: sex)
        if let difficulty { result.details["difficulty"] = Double(difficulty) }
        return result
    }

    /// The answer to the instrument's unscored last question (PHQ-9 item 10), validated, or `nil`
    /// when it was not given. It is the answer after the scored items in `answers`, or
    /// `items["10"]`.
    static func readDifficulty(_ m: Measurement, _ definition: InstrumentDefinition) throws -> Int? {
        guard let item = definition.difficultyItem else { return nil }
        let count = definition.items.count
        let value: Int
        let location: String
        if let answers = m.answers, answers.count == count + 1, let given = answers[count] {
            value = given
            location = "answers[\(count)]"
        } else if let given = m.items?[String(item.number)] {
            value = given
            location = "items[\"\(item.number)\"]"
        } else {
            return nil
        }
        guard value >= item.minimum, value <= item.maximum else {
            throw StepwiseError(
                .invalidInput,
                "\(definition.id) item \(item.number) (difficulty, not scored): answer \(value) is outside \(item.minimum)–\(item.maximum)",
                at: location)
        }
        return value
    }

    /// Scores the items (or the entered total) of `m`, without the unscored difficulty question.
    static func scoreAdministration(_ m: Measurement, definition: InstrumentDefinition, sex: Sex?) throws
        -> ScoredMeasurement
    {
        let answers = try readAnswers(m, definition)
        if answers.allSatisfy({ $0 == nil }) {
            return try scoreTotal(m, definition, sex: sex)
        }
        // A total with only some items (e.g. an EHR's PHQ-9 total plus a separate item-9
        // observation): score the total and keep every safety signal the items carry. For a sum
        // rule this is known before scoring; other rules find out by trying.
        if m.total != nil, definition.scoring.method == .sum, ScoreWork.sumLacksItems(definition, answers: answers) {
            return try scoreTotalKeepingItemSafety(m, definition, answers: answers, sex: sex)
        }
        var work = ScoreWork(definition: definition, answers: answers, sex: sex)
        do {
            try work.run()
        } catch let error as StepwiseError where error.code == .missingData && m.total != nil {
            return try scoreTotalKeepingItemSafety(m, definition, answers: answers, sex: sex)
        }
        var result = ScoredMeasurement(
            instrument: definition.id, date: m.date, total: work.total, band: work.band, flags: work.flags,
            details: work.details, basis: ScoreBasis.items)
        if let entered = m.total, let total = work.total, entered != total {
            result.flags.append(InstrumentFlag.enteredTotalDiffers)
            result.details["enteredTotal"] = Double(entered)
        }
        return result
    }

    /// The entered total, with the safety flags of the items that are present first.
    static func scoreTotalKeepingItemSafety(
        _ m: Measurement, _ definition: InstrumentDefinition, answers: [Int?], sex: Sex?
    ) throws -> ScoredMeasurement {
        var result = try scoreTotal(m, definition, sex: sex)
        var details = result.details
        let safety = ScoreWork.safetyFlags(definition, answers: answers, details: &details)
        result.flags = safety + result.flags
        result.details = details
        return result
    }

    // MARK: - Answers

    /// The answer to each item (index 0 = item 1), validated against the item's range.
    static func readAnswers(_ m: Measurement, _ definition: InstrumentDefinition) throws -> [Int?] {
        let id = definition.id
        let count = definition.items.count
        let difficulty = definition.difficultyItem?.number
        if let answers = m.answers, answers.count != count, difficulty == nil || answers.count != count + 1 {
            let expected = difficulty == nil ? "\(count)" : "\(count), or \(count + 1) with the unscored difficulty question last"
            throw StepwiseError(
                .invalidInput,
                "\(id): \(answers.count) answers given, expected \(expected) (one per item in form order; null for an omitted item)",
                at: "answers")
        }
        if let items = m.items {
            for key in items.keys.sorted() {
                guard let number = Int(key), number >= 1, number <= count || number == difficulty else {
                    let shown = key.count > 20 ? String(key.prefix(20)) + "…" : key
                    throw StepwiseError(
                        .invalidInput,
                        "\(id): \"\(shown)\" is not an item number (expected 1–\(count)"
                            + (difficulty.map { ", or \($0) for the unscored difficulty question)" } ?? ")"),
                        at: "items")
                }
            }
        }
        var values: [Int?] = []
        values.reserveCapacity(count)
        for item in definition.items {
            let value = m.answer(item: item.number)
            if let value, value < item.minimum || value > item.maximum {
                let location: String
                if let answers = m.answers, item.number <= answers.count, answers[item.number - 1] != nil {
                    location = "answers[\(item.number - 1)]"
                } else {
                    location = "items[\"\(item.number)\"]"
                }
                throw StepwiseError(
                    .invalidInput,
                    "\(id) item \(item.number): answer \(value) is outside \(item.minimum)–\(item.maximum)",
                    at: location)
            }
            values.append(value)
        }
        return values
    }

    // MARK: - Clinician-entered totals

    static func scoreTotal(_ m: Measurement, _ definition: InstrumentDefinition, sex: Sex?) throws
        -> ScoredMeasurement
    {
        let id = definition.id
        guard let total = m.total else {
            throw StepwiseError(
                .missingData,
                "\(id): no item answers and no total; give answers for items 1–\(definition.items.count) or a total",
                at: "answers")
        }
        guard definition.scoring.method != .triage, let low = definition.minimumTotal,
            let high = definition.maximumTotal
        else {
            throw StepwiseError(
                .invalidInput,
                "\(id) has no total score; give the answers to items 1–\(definition.items.count) so the triage rule can be applied",
                at: "total")
        }
        guard total >= low, total <= high else {
            throw StepwiseError(.invalidInput, "\(id) total: \(total) is outside \(low)–\(high)", at: "total")
        }
        var band = definition.band(for: total)?.band
        var flags: [String] = []
        var details: [String: Double] = [:]
        let scoring = definition.scoring
        if let screen = scoring.screen {
            let cutoff = screen.cutoff(for: sex)
            details["threshold"] = Double(cutoff.value)
            if !cutoff.sexSpecific, screen.female != nil || screen.male != nil {
                flags.append(InstrumentFlag.sexUnknownLowerThreshold)
            }
            if total >= cutoff.value {
                flags.append(screen.positiveFlag)
                if screen.setsBand { band = "positive" }
            } else {
                if let negative = screen.negativeFlag { flags.append(negative) }
                if screen.setsBand { band = "negative" }
            }
        }
        if let mdq = scoring.mdq {
            // Parts 2 and 3 are unknown: fewer than the needed "yes" answers is negative; otherwise
            // the result cannot be decided from the total.
            if total < mdq.minimumYes {
                band = "negative"
                flags.append(InstrumentFlag.screenNegative)
            } else {
                band = nil
            }
        }
        if scoring.percentOfMaximum != nil {
            details["percentOfMaximum"] = percentOfMaximum(total, low: low, high: high)
        }
        if scoring.alternativeHigh != nil {
            if let band, band == scoring.alternativeHigh?.band {
                flags.append(InstrumentFlag.screenPositive)
            } else if band != nil {
                flags.append(InstrumentFlag.screenNegative)
            }
        }
        return ScoredMeasurement(
            instrument: id, date: m.date, total: total, band: band, flags: flags, details: details,
            basis: ScoreBasis.clinicianTotal)
    }

    /// (total − low) / (high − low) × 100, rounded to one decimal.
    static func percentOfMaximum(_ total: Int, low: Int, high: Int) -> Double {
        guard high > low else { return 0 }
        let raw = Double(total - low) / Double(high - low) * 100
        return (raw * 10).rounded() / 10
    }
}
