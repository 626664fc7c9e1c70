// SPDX-License-Identifier: Apache-2.0

/// How long a trial spent at, above and below a minimum dose, read from its dose timeline.
///
/// Days are counted as calendar differences: a step that starts on day *a* and is followed by a
/// step (or the trial's close) on day *b* contributes *b − a* days. The close is the trial's end,
/// or the as-of date for an ongoing trial. Days before the first step, and steps whose dose is
/// `nil`, are days of unknown dose.
struct DoseExposure: Sendable, Equatable {
    /// Days from the trial start to its close (0 when the close is not after the start).
    var totalDays = 0
    /// Days at or above the minimum dose.
    var daysAtOrAbove = 0
    /// Days whose dose is unknown.
    var unknownDays = 0
    /// Whether any day was spent at a known dose below the minimum.
    var anyBelow = false
    /// Whether the dose was raised after the minimum had been reached (MGH-s optimisation).
    var optimised = false
    /// The dose in force at the close, when known.
    var closingDose: Double?
    /// The highest known dose.
    var maximumDose: Double?

    /// Tolerance for comparing doses written with decimals (e.g. 0.025 mg liothyronine).
    static let doseTolerance = 1e-9

    /// Walks `doses` between `start` and `close` against `minimum` mg/day.
    init(doses: [DoseStep], start: LocalDate, close: LocalDate, minimum: Double) {
        guard close > start else { return }
        totalDays = start.days(to: close)
        var steps = doses
        if !Self.isSorted(steps) { steps.sort { $0.from < $1.from } }
        guard let first = steps.first else {
            unknownDays = totalDays
            return
        }
        if first.from > start { unknownDays += start.days(to: min(first.from, close)) }
        var highestAdequate: Double?
        for index in steps.indices {
            let step = steps[index]
            let segmentStart = max(step.from, start)
            let segmentEnd = index + 1 < steps.count ? min(steps[index + 1].from, close) : close
            if step.from <= close { closingDose = step.mgPerDay }
            guard segmentEnd > segmentStart else { continue }
            let length = segmentStart.days(to: segmentEnd)
            guard let dose = step.mgPerDay, DoseStep.isPlausible(dose) else {
                unknownDays += length
                continue
            }
            maximumDose = max(maximumDose ?? dose, dose)
            if dose + Self.doseTolerance >= minimum {
                daysAtOrAbove += length
                if let highest = highestAdequate, dose > highest + Self.doseTolerance { optimised = true }
                highestAdequate = max(highestAdequate ?? dose, dose)
            } else {
                anyBelow = true
            }
        }
    }

    private static func isSorted(_ steps: [DoseStep]) -> Bool {
        var previous: LocalDate?
        for step in steps {
            if let previous, step.from < previous { return false }
            previous = step.from
        }
        return true
    }
}
