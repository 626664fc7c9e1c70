// SPDX-License-Identifier: Apache-2.0
import StepwiseCore

/// SplitMix64: a small deterministic generator so every run assesses the same population.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
}

/// Generates synthetic patients on demand (never all at once, so memory stays flat).
struct PopulationGenerator {
    static let antidepressants: [(String, Double)] = [
        ("sertraline", 50), ("escitalopram", 10), ("citalopram", 20), ("fluoxetine", 20), ("venlafaxine", 150),
        ("duloxetine", 60), ("bupropion", 300), ("mirtazapine", 15), ("vortioxetine", 10), ("nortriptyline", 75),
    ]
    static let augmenters: [(String, Double)] = [("aripiprazole", 2), ("lithium", 600), ("quetiapine", 150)]

    let seed: UInt64
    let asOf: LocalDate

    /// Patient number `index`: ~30 PHQ-9/GAD-7 measurements, ~4 trials, a few conditions and labs.
    func patient(_ index: Int) -> PatientRecord {
        var random = SplitMix64(state: seed &+ UInt64(index) &* 0x9E37_79B9)
        let start = asOf.adding(days: -(30 * 14) - random.int(0...120))
        var measurements: [Measurement] = []
        measurements.reserveCapacity(32)
        var level = random.int(12...24)
        for visit in 0..<30 {
            let date = start.adding(days: visit * 14)
            if visit % 5 == 4 {
                let answers: [Int?] = (0..<7).map { _ in random.int(0...3) }
                measurements.append(Measurement(instrument: "gad7", date: date, answers: answers))
                continue
            }
            level = max(0, min(27, level + random.int(-3...2)))
            var answers: [Int?] = []
            var remaining = level
            for item in 0..<9 {
                let value = item == 8 ? (random.chance(4) ? 1 : 0) : min(3, remaining)
                remaining -= item == 8 ? 0 : value
                answers.append(value)
            }
            measurements.append(Measurement(instrument: "phq9", date: date, answers: answers))
        }
        var trials: [TreatmentTrial] = []
        var trialStart = start
        for number in 0..<4 {
            let isAugmentation = number == 3 && random.chance(50)
            let (agent, minimum) =
                isAugmentation
                ? Self.augmenters[random.int(0...(Self.augmenters.count - 1))]
                : Self.antidepressants[random.int(0...(Self.antidepressants.count - 1))]
            let weeks = random.int(3...16)
            let end = number == 3 ? nil : trialStart.adding(days: weeks * 7)
            let dose = minimum * (random.chance(20) ? 0.5 : Double(random.int(1...2)))
            var doses = [DoseStep(from: trialStart, mgPerDay: random.chance(5) ? nil : dose / 2)]
            doses.append(DoseStep(from: trialStart.adding(days: 14), mgPerDay: dose))
            let adherence: Adherence? = random.chance(60) ? Adherence(percentDaysCovered: Double(random.int(50...100))) : nil
            let stop: StopReason? = end == nil ? nil : (random.chance(20) ? .sideEffects : .nonResponse)
            trials.append(
                TreatmentTrial(
                    id: "t\(number + 1)", kind: .medication, agent: agent,
                    role: isAugmentation ? .augmentation : .monotherapy, augments: isAugmentation ? "t3" : nil,
                    start: trialStart, end: end, doses: doses, adherence: adherence, stopReason: stop))
            trialStart = (end ?? trialStart).adding(days: 7)
        }
        var conditions: [Condition] = []
        if random.chance(30) { conditions.append(Condition(code: "F41.1", system: .icd10, status: .active)) }
        if random.chance(5) { conditions.append(Condition(code: "F31.81", system: .icd10, status: .active)) }
        let labs = random.chance(50) ? [LabResult(test: "tsh", value: Double(random.int(5...90)) / 10, unit: "mIU/L", date: start)] : []
        let codes = ["F32.1", "F33.1", "F33.2", "F32.2"]
        return PatientRecord(
            id: "bench-\(index)", birthDate: asOf.adding(days: -365 * random.int(20...75)),
            sex: random.chance(60) ? .female : .male,
            episode: Episode(
                onset: start.adding(days: -random.int(30...900)),
                diagnosis: Diagnosis(code: codes[random.int(0...3)], system: .icd10), course: .recurrent),
            measurements: measurements, trials: trials, conditions: conditions, labs: labs)
    }
}
