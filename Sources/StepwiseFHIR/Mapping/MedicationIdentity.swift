// SPDX-License-Identifier: Apache-2.0

import StepwiseCore

/// Which catalogued drug a medication concept names, and the strength of one unit.
///
/// RxNorm ingredient codes are looked up in the drug catalogue directly. Clinical-drug (SCD) and
/// branded-drug codes are not catalogued, so the ingredient and strength are read from the
/// concept's display, which RxNorm writes in a fixed pattern:
/// `fluoxetine 20 MG Oral Capsule`, `24 HR venlafaxine 150 MG Extended Release Oral Capsule`,
/// `sertraline 20 MG/ML Oral Solution`, `liothyronine sodium 0.025 MG Oral Tablet`.
struct MedicationIdentity: Equatable {
    /// Catalogue generic name.
    var drug: String
    /// mg per unit (tablet, capsule, mL for solutions), when the concept states it.
    var strengthMg: Double?
    /// Whether the strength is per mL (a solution).
    var perMilliliter: Bool
    /// The RxNorm code it was identified by, when any.
    var rxnorm: String?

    /// Reads `concept`; `nil` when no coding or text names a catalogued drug.
    static func identify(_ concept: R4.CodeableConcept, drugs: DrugCatalog) -> MedicationIdentity? {
        let rxCodings = (concept.coding ?? []).filter { $0.system == FHIRSystem.rxnorm }
        // Displays first: they carry the strength.
        var texts: [(String, String?)] = rxCodings.compactMap { coding in coding.display.map { ($0, coding.code) } }
        if let text = concept.text { texts.append((text, rxCodings.first?.code)) }
        for (text, code) in texts {
            if let parsed = parse(display: text, drugs: drugs) {
                return MedicationIdentity(drug: parsed.drug, strengthMg: parsed.strength, perMilliliter: parsed.perML, rxnorm: code)
            }
        }
        for coding in rxCodings {
            if let code = coding.code, let drug = drugs.drug(named: code) {
                return MedicationIdentity(drug: drug.name, strengthMg: nil, perMilliliter: false, rxnorm: code)
            }
        }
        return nil
    }

    /// Parses an RxNorm-style display: the ingredient words before the first number, then the
    /// strength and its unit. Multi-ingredient products (`A 6 MG / B 25 MG …`) are not parsed.
    static func parse(display: String, drugs: DrugCatalog) -> (drug: String, strength: Double?, perML: Bool)? {
        // Byte checks first (most displays): a display of at most 300 bytes has at most 300
        // characters, and one without the bytes " / " cannot contain the characters " / ". Only
        // otherwise are characters counted and compared (a combining mark can join a space).
        let bytes = display.utf8
        guard bytes.count <= 300 || display.count <= 300 else { return nil }
        if Self.containsSpacedSlash(bytes), display.contains(" / ") { return nil }
        var words = display.split(separator: " ").map(String.init)
        // "24 HR venlafaxine …", "12 HR bupropion …": a release-duration prefix.
        if words.count >= 3, Double(words[0]) != nil, words[1].uppercased() == "HR" { words.removeFirst(2) }
        guard let firstNumber = words.firstIndex(where: { Double($0) != nil }) else {
            // No strength: an ingredient name alone ("fluoxetine") or a brand.
            return lookup(words, drugs: drugs).map { ($0, nil, false) }
        }
        guard firstNumber > 0, let drug = lookup(Array(words[..<firstNumber]), drugs: drugs) else { return nil }
        guard let value = Double(words[firstNumber]), value.isFinite, value > 0, firstNumber + 1 < words.count else {
            return (drug, nil, false)
        }
        switch words[firstNumber + 1].uppercased() {
        case "MG": return (drug, value, false)
        case "MCG", "UG": return (drug, value / 1000, false)
        case "G": return (drug, value * 1000, false)
        case "MG/ML": return (drug, value, true)
        default: return (drug, nil, false)
        }
    }

    /// Whether the bytes " / " occur in `bytes`.
    private static func containsSpacedSlash(_ bytes: String.UTF8View) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in bytes {
            if byte == UInt8(ascii: " "), previous == (UInt8(ascii: " "), UInt8(ascii: "/")) { return true }
            previous = (previous.1, byte)
        }
        return false
    }

    /// The longest leading run of `words` that names a catalogued drug
    /// ("bupropion hydrochloride" → "bupropion").
    private static func lookup(_ words: [String], drugs: DrugCatalog) -> String? {
        var count = words.count
        while count > 0 {
            let name = words[..<count].joined(separator: " ")
            if let drug = drugs.drug(named: name) { return drug.name }
            count -= 1
        }
        return nil
    }
}

/// Total daily dose from a `Dosage`, in mg/day, or why it is unknown.
enum DailyDose {
    /// The result.
    enum Result: Equatable {
        case mgPerDay(Double)
        case unknown(path: String, reason: String)
    }

    /// Sums the daily dose over `dosages` (several entries are split doses, e.g. morning and night).
    static func compute(_ dosages: [R4.Dosage], identity: MedicationIdentity, path: String) -> Result {
        guard !dosages.isEmpty else {
            return .unknown(path: path, reason: "no structured dosage; the dose is unknown")
        }
        var total = 0.0
        for (index, dosage) in dosages.enumerated() {
            switch single(dosage, identity: identity, path: "\(path)[\(index)]") {
            case .mgPerDay(let mg): total += mg
            case .unknown(let path, let reason): return .unknown(path: path, reason: reason)
            }
        }
        guard total.isFinite, total <= maximumPlausibleMgPerDay else {
            return .unknown(path: path, reason: "the daily dose works out above \(Int(maximumPlausibleMgPerDay)) mg/day, which is not plausible; the dose is unknown")
        }
        return .mgPerDay(total)
    }

    /// No antidepressant or augmenting agent is taken at more than this many mg a day; a larger
    /// figure means a unit or strength was misread (project decision).
    static let maximumPlausibleMgPerDay = 10_000.0

    private static let unitLike: Set<String> = [
        "", "1", "{tbl}", "tbl", "tab", "tabs", "tablet", "tablets", "{tablet}", "{tablets}", "cap", "caps", "capsule",
        "capsules", "{cap}", "{capsule}", "{capsules}", "each", "{each}", "unit", "{unit}", "dose", "{dose}", "{spray}",
        "spray", "{actuat}", "actuat", "patch", "{patch}", "{puff}",
    ]

    private static func single(_ dosage: R4.Dosage, identity: MedicationIdentity, path: String) -> Result {
        if dosage.asNeededBoolean == true {
            return .unknown(path: "\(path).asNeededBoolean", reason: "taken as needed; a daily dose cannot be derived")
        }
        guard let quantity = dosage.doseAndRate?.first(where: { $0.doseQuantity != nil })?.doseQuantity else {
            return .unknown(path: "\(path).doseAndRate", reason: "no doseQuantity; the dose is unknown")
        }
        guard let amount = quantity.value, amount.isFinite, amount > 0 else {
            return .unknown(path: "\(path).doseAndRate[0].doseQuantity.value", reason: "the dose quantity has no positive number; the dose is unknown")
        }
        let unit = (quantity.code ?? quantity.unit ?? "").lowercased().trimmingWhitespace
        let perDose: Double
        switch unit {
        case "mg": perDose = amount
        case "g": perDose = amount * 1000
        case "ug", "mcg", "µg": perDose = amount / 1000
        case "ml":
            guard let strength = identity.strengthMg, identity.perMilliliter else {
                return .unknown(
                    path: "\(path).doseAndRate[0].doseQuantity.unit",
                    reason: "the dose is in mL but the product's mg/mL strength is not known; the dose is unknown")
            }
            perDose = amount * strength
        case _ where unitLike.contains(unit):
            guard let strength = identity.strengthMg, !identity.perMilliliter else {
                return .unknown(
                    path: "\(path).doseAndRate[0].doseQuantity",
                    reason: "the dose is a count of units but the product's strength is not known (an ingredient code gives no strength); the dose is unknown")
            }
            perDose = amount * strength
        default:
            return .unknown(
                path: "\(path).doseAndRate[0].doseQuantity.unit",
                reason: "the dose unit \"\(unit.prefix(20))\" is not mg (or a count of units of known strength); the dose is unknown")
        }
        switch perDay(dosage.timing, path: "\(path).timing") {
        case .success(let times): return .mgPerDay(perDose * times)
        case .failure(let failure): return .unknown(path: failure.path, reason: failure.reason)
        }
    }

    struct TimingFailure: Error {
        var path: String
        var reason: String
    }

    /// Administrations per day from `timing.repeat` (frequency / period periodUnit) or a coded
    /// timing (`QD`, `BID`, `TID`, `QID`, `AM`, `PM`, `QOD`, `Q4H`, `Q6H`, `Q8H`, `Q12H`).
    static func perDay(_ timing: R4.Timing?, path: String) -> Swift.Result<Double, TimingFailure> {
        guard let timing else {
            return .failure(TimingFailure(path: path, reason: "no timing; how often the dose is taken is unknown, so the daily dose is unknown"))
        }
        if let rule = timing.repeat, rule.frequency != nil || rule.period != nil {
            let frequency = Double(rule.frequency ?? 1)
            let period = rule.period ?? 1
            guard frequency > 0, period > 0, period.isFinite else {
                return .failure(TimingFailure(path: "\(path).repeat", reason: "the frequency or period is not positive; the daily dose is unknown"))
            }
            if let maximum = rule.frequencyMax, maximum != rule.frequency ?? 1 {
                return .failure(
                    TimingFailure(path: "\(path).repeat.frequencyMax", reason: "the frequency is a range; the daily dose is unknown"))
            }
            if let maximum = rule.periodMax, maximum != rule.period ?? 1 {
                return .failure(TimingFailure(path: "\(path).repeat.periodMax", reason: "the period is a range; the daily dose is unknown"))
            }
            guard let unit = rule.periodUnit else {
                return .failure(
                    TimingFailure(path: "\(path).repeat.periodUnit", reason: "the repetition has no periodUnit; how often the dose is taken is unknown, so the daily dose is unknown"))
            }
            switch unit {
            case "d": return .success(frequency / period)
            case "h": return .success(frequency * 24 / period)
            case "wk": return .success(frequency / (7 * period))
            default:
                return .failure(
                    TimingFailure(
                        path: "\(path).repeat.periodUnit",
                        reason: "period unit \"\(unit.prefix(10))\" is not d, h or wk; the daily dose is unknown"))
            }
        }
        let codes: [String: Double] = [
            "QD": 1, "AM": 1, "PM": 1, "BID": 2, "TID": 3, "QID": 4, "QOD": 0.5, "Q4H": 6, "Q6H": 4, "Q8H": 3, "Q12H": 2,
        ]
        if let code = timing.code?.coding?.compactMap(\.code).first(where: { codes[$0] != nil }), let times = codes[code] {
            return .success(times)
        }
        return .failure(TimingFailure(path: path, reason: "no frequency and period (timing.repeat) or known timing code; the daily dose is unknown"))
    }
}
