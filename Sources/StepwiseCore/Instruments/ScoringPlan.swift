// SPDX-License-Identifier: Apache-2.0

/// A definition flattened for the common case — every item answered, a plain sum or a
/// domain-maximum total, severity bands and a suicide item — so that scoring a long measurement
/// history does not walk the full definition (built once per catalogue).
///
/// A plain cut-off screen (GAD-7, AUDIT-C) is handled here too, exactly as ``ScoreWork`` applies
/// it; instruments with cluster, MDQ, triage or other rule blocks always take the full path.
final class ScoringPlan: Sendable {
    let definition: InstrumentDefinition
    /// The instrument's id (``InstrumentDefinition/id``), read without touching the definition.
    let id: String
    /// The instrument's position in its catalogue (``InstrumentCatalog/all``).
    let position: Int
    /// Whether the fast path applies to this instrument at all.
    let fast: Bool
    let domainMaximum: Bool
    let minimum: [Int]
    let maximum: [Int]
    /// 0-based item indexes entering the total (sum), or 0-based domains (domain maximum).
    let scored: [Int]
    /// Whether the total is the plain sum of every item, in order (`scored` is 0, 1, … count − 1).
    let sumsEveryItem: Bool
    let domains: [[Int]]
    /// 0-based safety item indexes.
    let safety: [Int]
    let bandMinimum: [Int]
    let bandMaximum: [Int]
    let bandIDs: [String]
    /// The cut-off screen's results, when the instrument has one (and no cluster rule).
    let screen: ScreenPlan?
    /// The screen's points-only rule (AUDIT-C question 1), when it has one.
    let pointsOnly: PointsOnlyRule?
    /// The range of an entered total, when the instrument has a total.
    let totalRange: ClosedRange<Int>?
    /// For each safety item (parallel to `safety`), the flags and details of answers 1…maximum.
    let safetyOutcomes: [[SafetyOutcome]]
    /// Whether an entered total with some items given by number (an EHR's total plus a separate
    /// item-9 observation) can take ``quickPartial(items:total:date:sex:into:)``: a plain sum,
    /// at most 62 items, and no unscored difficulty question among the numbered items.
    let partialFast: Bool
    /// The instrument's safety items as the definition lists them (``InstrumentDefinition/safetyItems``),
    /// as ``MeasurementTable/Row/safety`` records them, and the item number when there is exactly one.
    let tableSafety: UInt8
    let soleSafetyItem: Int
    /// The `sum` rule's scored item numbers (1-based, repeats kept) and what an unanswered one
    /// counts as, exactly as ``ScoreWork/sumItems(_:answers:)`` decides it: 0 = not applicable
    /// (omitted), 1 = missing, 2 = optional (neither).
    let sumSlots: [(number: Int, unanswered: UInt8)]
    /// The missing-item rule's `maximumReplaced`, when the instrument has the rule.
    let maximumReplaced: Int?
    /// When every scored item number is distinct and within 1…count (every catalogue instrument):
    /// `sumSlots` as bit masks (bit = item number) of the scored, not-applicable and required items,
    /// so the sum rule's counts are three population counts.
    let sumMasks: (scored: UInt64, omitted: UInt64, required: UInt64)?

    init(_ definition: InstrumentDefinition, position: Int) {
        self.definition = definition
        self.id = definition.id
        self.position = position
        let scoring = definition.scoring
        let plainRule =
            scoring.clusters == nil && scoring.mdq == nil && scoring.triage == nil
            && scoring.alternativeHigh == nil && scoring.percentOfMaximum == nil && scoring.sexItem == nil
        let numbered = definition.items.enumerated().allSatisfy { $0.element.number == $0.offset + 1 }
        fast = plainRule && numbered && (scoring.method == .sum || scoring.method == .domainMaximum)
        domainMaximum = scoring.method == .domainMaximum
        minimum = definition.items.map(\.minimum)
        maximum = definition.items.map(\.maximum)
        let count = definition.items.count
        let scored = (scoring.scoredItems ?? definition.items.map(\.number)).map { $0 - 1 }.filter { $0 >= 0 && $0 < count }
        self.scored = scored
        sumsEveryItem = scoring.method != .domainMaximum && scored == Array(0..<count)
        domains = (scoring.domains ?? []).map { $0.map { $0 - 1 }.filter { $0 >= 0 && $0 < count } }
        safety = definition.safetyItems.map { $0 - 1 }.filter { $0 >= 0 && $0 < count }
        bandMinimum = definition.bands.map(\.minimum)
        bandMaximum = definition.bands.map(\.maximum)
        bandIDs = definition.bands.map(\.band)
        screen = scoring.screen.map(ScreenPlan.init)
        pointsOnly = scoring.screen?.pointsOnlyFrom
        if let low = definition.minimumTotal, let high = definition.maximumTotal, low <= high {
            totalRange = low...high
        } else {
            totalRange = nil
        }
        let notApplicable = scoring.missingItems?.notApplicableItems ?? []
        sumSlots = (scoring.scoredItems ?? definition.items.map(\.number)).map { number in
            if notApplicable.contains(number) { return (number, 0) }
            return (number, definition.item(number)?.optional == true ? 2 : 1)
        }
        maximumReplaced = scoring.missingItems?.maximumReplaced
        var masks: (scored: UInt64, omitted: UInt64, required: UInt64)? = (0, 0, 0)
        for slot in sumSlots {
            guard count <= 62, slot.number >= 1, slot.number <= count, let found = masks else {
                masks = nil
                break
            }
            let bit: UInt64 = 1 &<< UInt64(slot.number)
            if found.scored & bit != 0 {
                masks = nil
                break
            }
            masks = (
                found.scored | bit, slot.unanswered == 0 ? found.omitted | bit : found.omitted,
                slot.unanswered == 1 ? found.required | bit : found.required
            )
        }
        sumMasks = masks
        partialFast =
            fast && scoring.method == .sum && count <= 62
            && (definition.difficultyItem.map { $0.number > count } ?? true)
        let safetyItems = definition.safetyItems
        tableSafety =
            safetyItems.isEmpty
            ? MeasurementTable.Safety.none : safetyItems.count == 1 ? MeasurementTable.Safety.one : MeasurementTable.Safety.several
        soleSafetyItem = safetyItems.count == 1 ? safetyItems[0] : 0
        let maximum = self.maximum
        safetyOutcomes = safety.map { index in
            maximum[index] >= 1
                ? (1...maximum[index]).map { answer in
                    SafetyOutcome(
                        flags: [InstrumentFlag.suicideItemPositive],
                        details: ["safetyItem": Double(answer), "safetyItemNumber": Double(index + 1)])
                }
                : []
        }
    }

    /// The scored measurement when `m` is a complete, in-range answer list without an entered
    /// total or item map; `nil` means "take the full path" (which also produces every error).
    func quickScore(_ m: Measurement, sex: Sex?) -> ScoredMeasurement? {
        var one: [ScoredMeasurement] = []
        guard m.items == nil, quickScore(answers: m.answers, total: m.total, date: m.date, sex: sex, into: &one)
        else { return nil }
        return one.first
    }

    /// Appends the scored measurement to `output` when a measurement without an item map takes
    /// the fast path (a complete, in-range answer list, or an in-range entered total) and returns
    /// `true`; returns `false` and appends nothing when the full path must score it.
    func quickScore(
        answers: [Int?]?, total enteredTotal: Int?, date: LocalDate, sex: Sex?, into output: inout [ScoredMeasurement]
    ) -> Bool {
        guard fast else { return false }
        guard let answers else {
            guard let enteredTotal else { return false }
            return quickTotal(enteredTotal, date: date, sex: sex, into: &output)
        }
        let count = minimum.count
        guard enteredTotal == nil, answers.count == count else { return false }
        // One pass checks every answer is present and in range and, for a plain sum of every item
        // (most instruments), adds it up.
        var total = 0
        let complete = answers.withUnsafeBufferPointer { given in
            minimum.withUnsafeBufferPointer { low in
                maximum.withUnsafeBufferPointer { high in
                    for index in 0..<count {
                        guard let value = given[index], value >= low[index], value <= high[index] else { return false }
                        if sumsEveryItem { total += value }
                    }
                    return true
                }
            }
        }
        guard complete else { return false }
        // Every answer is present and in range from here on.
        func value(_ index: Int) -> Int { answers[index] ?? 0 }
        if sumsEveryItem {
            // summed above
        } else if domainMaximum {
            for domain in domains {
                var highest = Int.min
                for index in domain where value(index) > highest { highest = value(index) }
                guard highest != Int.min else { return false }
                total += highest
            }
        } else {
            for index in scored { total += value(index) }
        }
        var band: String?
        for position in bandIDs.indices where total >= bandMinimum[position] && total <= bandMaximum[position] {
            band = bandIDs[position]
            break
        }
        var worst = 0
        var worstItem = 0
        for index in safety where value(index) > worst {
            worst = value(index)
            worstItem = index + 1
        }
        guard worst > 0 || screen != nil else {
            output.append(
                ScoredMeasurement(
                    instrument: id, date: date, total: total, band: band, flags: [], details: Dictionary(),
                    basis: ScoreBasis.items, instrumentPosition: position))
            return true
        }
        if screen == nil, let shared = safetyOutcome(item: worstItem, answer: worst) {
            // A positive safety item without a screen: flags and details shared, not built.
            output.append(
                ScoredMeasurement(
                    instrument: id, date: date, total: total, band: band, flags: shared.flags,
                    details: shared.details, basis: ScoreBasis.items, instrumentPosition: position))
            return true
        }
        // The same flags and details, in the same order, as the full path (ScoreWork.run):
        // safety first, then the screen's.
        var flags: [String] = []
        var details: [String: Double] = [:]
        if let screen {
            let outcome = screen.outcome(total: total, sex: sex)
            flags = outcome.flags
            details = outcome.itemDetails
            if let screenBand = outcome.band { band = screenBand }
            // As ScoreWork.applyScreen: after the screen's own flag.
            if let rule = pointsOnly, total > 0, rule.applies(to: answers) { flags.append(rule.flag) }
        }
        if worst > 0 {
            flags.insert(InstrumentFlag.suicideItemPositive, at: 0)
            details["safetyItem"] = Double(worst)
            details["safetyItemNumber"] = Double(worstItem)
        }
        output.append(
            ScoredMeasurement(
                instrument: id, date: date, total: total, band: band, flags: flags, details: details,
                basis: ScoreBasis.items, instrumentPosition: position))
        return true
    }

    /// Appends the scored measurement to `output` when an entered total comes with only some items,
    /// given by number and no answer list (an EHR's PHQ-9 total plus a separate item-9 observation),
    /// and returns `true`. The result is the full path's: the entered total scored as a total, the
    /// safety flags of the items present first. Returns `false` and appends nothing whenever the full
    /// path must decide — a key that is not a plain item number (`"9"`, not `"09"`), an answer out of
    /// range, the difficulty question, a total out of range, or items enough for the `sum` rule to
    /// total them itself — so every error and every other rule is the full path's.
    func quickPartial(
        items: [String: Int], total enteredTotal: Int, date: LocalDate, sex: Sex?,
        into output: inout [ScoredMeasurement]
    ) -> Bool {
        guard partialFast, let totalRange, totalRange.contains(enteredTotal) else { return false }
        let count = minimum.count
        var answered: UInt64 = 0
        // The highest positive safety answer; among equal answers the earliest in `safety`.
        var worst = 0
        var worstSlot = Int.max
        for (key, value) in items {
            guard let number = Self.itemNumber(key), number <= count else { return false }
            let index = number - 1
            guard value >= minimum[index], value <= maximum[index] else { return false }
            answered |= 1 &<< UInt64(number)
            if value > 0, let slot = safety.firstIndex(of: index), value > worst || (value == worst && slot < worstSlot) {
                worst = value
                worstSlot = slot
            }
        }
        if answered != 0 {
            // The sum rule's own decision (ScoreWork.sumLacksItems): only a total the items
            // cannot make is scored from the entered total.
            var answeredCount = 0
            var missing = 0
            var omitted = 0
            if let sumMasks {
                answeredCount = (sumMasks.scored & answered).nonzeroBitCount
                omitted = (sumMasks.omitted & ~answered).nonzeroBitCount
                missing = (sumMasks.required & ~answered).nonzeroBitCount
            } else {
                for slot in sumSlots {
                    if slot.number >= 1, slot.number <= count, answered & (1 &<< UInt64(slot.number)) != 0 {
                        answeredCount += 1
                    } else if slot.unanswered == 0 {
                        omitted += 1
                    } else if slot.unanswered == 1 {
                        missing += 1
                    }
                }
            }
            guard missing > 0 else { return false }
            if let maximumReplaced, missing + omitted <= maximumReplaced, answeredCount > 0 { return false }
        }
        guard worst > 0 else { return quickTotal(enteredTotal, date: date, sex: sex, into: &output) }
        let worstItem = safety[worstSlot] + 1
        var band: String?
        for position in bandIDs.indices
        where enteredTotal >= bandMinimum[position] && enteredTotal <= bandMaximum[position] {
            band = bandIDs[position]
            break
        }
        guard let screen else {
            guard let shared = safetyOutcome(item: worstItem, answer: worst) else { return false }
            output.append(
                ScoredMeasurement(
                    instrument: id, date: date, total: enteredTotal, band: band, flags: shared.flags,
                    details: shared.details, basis: ScoreBasis.clinicianTotal, instrumentPosition: position))
            return true
        }
        // The full path's order: the safety flag first, then the screen's.
        let outcome = screen.outcome(total: enteredTotal, sex: sex)
        var flags = outcome.flags
        flags.insert(InstrumentFlag.suicideItemPositive, at: 0)
        var details = outcome.totalDetails
        details["safetyItem"] = Double(worst)
        details["safetyItemNumber"] = Double(worstItem)
        output.append(
            ScoredMeasurement(
                instrument: id, date: date, total: enteredTotal, band: outcome.band ?? band, flags: flags,
                details: details, basis: ScoreBasis.clinicianTotal, instrumentPosition: position))
        return true
    }

    /// The item number a key spells in plain decimal (`"9"`, `"12"`: no sign, no leading zero, at
    /// most two digits), so that it is exactly the key `String(number)` looks up; `nil` otherwise.
    static func itemNumber(_ key: String) -> Int? {
        let utf8 = key.utf8
        if utf8.count == 1, let byte = utf8.first {
            return byte >= UInt8(ascii: "1") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
        }
        var number = 0
        var digits = 0
        for byte in key.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 2 else { return nil }
            if digits == 0 && byte == UInt8(ascii: "0") { return nil }
            number = number * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
        }
        return digits == 0 ? nil : number
    }

    /// The shared flags and details of a positive safety item (1-based `item`, `answer` > 0) on an
    /// instrument without a cut-off screen, exactly as the full path writes them.
    private func safetyOutcome(item: Int, answer: Int) -> SafetyOutcome? {
        guard let slot = safety.firstIndex(of: item - 1) else { return nil }
        let outcomes = safetyOutcomes[slot]
        return answer >= 1 && answer <= outcomes.count ? outcomes[answer - 1] : nil
    }

    /// A clinician-entered total without item answers (as EHRs export most scores), scored
    /// exactly as ``InstrumentScorer`` scores it; `false` for a total out of range (the full path
    /// reports the error).
    private func quickTotal(_ total: Int, date: LocalDate, sex: Sex?, into output: inout [ScoredMeasurement]) -> Bool {
        guard let totalRange, totalRange.contains(total) else { return false }
        var band: String?
        for position in bandIDs.indices where total >= bandMinimum[position] && total <= bandMaximum[position] {
            band = bandIDs[position]
            break
        }
        guard let screen else {
            output.append(
                ScoredMeasurement(
                    instrument: id, date: date, total: total, band: band, flags: [], details: Dictionary(),
                    basis: ScoreBasis.clinicianTotal, instrumentPosition: position))
            return true
        }
        let outcome = screen.outcome(total: total, sex: sex)
        output.append(
            ScoredMeasurement(
                instrument: id, date: date, total: total, band: outcome.band ?? band, flags: outcome.flags,
                details: outcome.totalDetails, basis: ScoreBasis.clinicianTotal, instrumentPosition: position))
        return true
    }
}

/// The flags and details of one positive safety answer, built once per catalogue.
struct SafetyOutcome: Sendable {
    let flags: [String]
    let details: [String: Double]
}

/// A cut-off screen's possible results — for each sex case and each outcome — built once per
/// catalogue, so scoring shares the flag lists and detail dictionaries instead of building them.
final class ScreenPlan: Sendable {
    struct Outcome: Sendable {
        /// `sex-unknown-lower-threshold` when it applies, then the positive or negative flag.
        let flags: [String]
        /// `threshold` and `cutPointMet`, as scoring from item answers writes them.
        let itemDetails: [String: Double]
        /// `threshold` only, as scoring an entered total writes it.
        let totalDetails: [String: Double]
        /// `positive` / `negative` when the screen decides the band.
        let band: String?
    }

    /// Cut-off by sex case: 0 = unknown or other, 1 = female, 2 = male.
    private let cutoffs: [Int]
    /// By sex case × 2 + (positive ? 1 : 0).
    private let outcomes: [Outcome]

    init(_ screen: ScreenCutoff) {
        var cutoffs: [Int] = []
        var outcomes: [Outcome] = []
        for sex in [nil, Sex.female, Sex.male] {
            let cutoff = screen.cutoff(for: sex)
            cutoffs.append(cutoff.value)
            for positive in [false, true] {
                var flags: [String] = []
                if !cutoff.sexSpecific, screen.female != nil || screen.male != nil {
                    flags.append(InstrumentFlag.sexUnknownLowerThreshold)
                }
                if positive {
                    flags.append(screen.positiveFlag)
                } else if let negative = screen.negativeFlag {
                    flags.append(negative)
                }
                outcomes.append(
                    Outcome(
                        flags: flags,
                        itemDetails: ["threshold": Double(cutoff.value), "cutPointMet": positive ? 1 : 0],
                        totalDetails: ["threshold": Double(cutoff.value)],
                        band: screen.setsBand ? (positive ? "positive" : "negative") : nil))
            }
        }
        self.cutoffs = cutoffs
        self.outcomes = outcomes
    }

    /// The result for `total` and `sex` (``ScreenCutoff/cutoff(for:)`` decides which cut-off).
    func outcome(total: Int, sex: Sex?) -> Outcome {
        let sexCase =
            switch sex {
            case .female?: 1
            case .male?: 2
            default: 0
            }
        return outcomes[sexCase * 2 + (total >= cutoffs[sexCase] ? 1 : 0)]
    }
}
