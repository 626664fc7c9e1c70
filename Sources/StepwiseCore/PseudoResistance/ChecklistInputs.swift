// SPDX-License-Identifier: Apache-2.0

/// The record's conditions, findings, labs, screens and trials, prepared once per assessment for
/// the checklist.
///
/// Shared (one allocation per assessment) by every item's deferred evidence: the assessment
/// gathers each check's evidence without text to resolve its status; reading an item's evidence
/// gathers it again with text.
final class ChecklistInputs: DeferredSource {
    /// A condition with its resolved category, and the checks (bit = position) listing it.
    struct CategorisedCondition: Sendable {
        var category: String
        var checks: UInt64
        var condition: Condition
    }

    /// A lab result with its catalogue definition and the check it informs.
    struct ReadLab: Sendable {
        var check: Int
        var lab: Int
        var result: LabResult
        var status: LabReading.Status
        var source: String?
    }

    /// A finding with the position of its check.
    struct PlacedFinding: Sendable {
        var check: Int
        var finding: ClinicalFinding
    }

    /// The record, shared with the other steps of the assessment.
    let shared: SharedRecord
    var record: PatientRecord { shared.record }
    let measurements: [ScoredMeasurement]
    let trials: [TrialAssessment]
    let catalog: ConditionCatalog
    let conditions: [CategorisedCondition]
    let labs: [ReadLab]
    let findings: [PlacedFinding]
    /// Per screen slot of the catalogue: the position of the latest administration, or -1.
    let latestScreens: ScreenPositions
    let episodeCategory: String?
    let episodeChecks: UInt64
    let episodeCodeIsPsychotic: Bool
    let psychoticCodes: [String]
    let asOf: LocalDate
    let medicationCounts: TrialChecks.MedicationCounts
    /// The catalogue's evidence window in months.
    let window: Int

    init(
        shared: SharedRecord, measurements: [ScoredMeasurement], trials: [TrialAssessment],
        catalog: ConditionCatalog, asOf: LocalDate
    ) {
        self.shared = shared
        self.measurements = measurements
        self.trials = trials
        self.catalog = catalog
        self.asOf = asOf
        window = catalog.evidenceWindowMonths.value
        medicationCounts = TrialChecks.MedicationCounts(trials)
        var categorised: [CategorisedCondition] = []
        var psychotic: [String] = []
        for condition in shared.record.conditions {
            let mapping = condition.code.flatMap { catalog.mapping(forCode: $0, system: condition.system) }
            if let code = condition.code, mapping?.psychoticFeatures ?? false { psychotic.append(code) }
            let category: String?
            if let explicit = condition.category, !explicit.isEmpty { category = explicit } else { category = mapping?.category }
            guard let category else { continue }
            if categorised.isEmpty { categorised.reserveCapacity(shared.record.conditions.count) }
            categorised.append(
                CategorisedCondition(
                    category: category, checks: catalog.checks(ofCategory: category), condition: condition))
        }
        conditions = categorised
        psychoticCodes = psychotic
        var read: [ReadLab] = []
        for result in shared.record.labs {
            guard let lab = catalog.labPosition(forCode: result.test), let check = catalog.labCheckPositions[lab]
            else { continue }
            let reading = catalog.classify(result, lab: lab)
            read.append(ReadLab(check: check, lab: lab, result: result, status: reading.status, source: reading.source))
        }
        labs = read
        var placed: [PlacedFinding] = []
        for finding in shared.record.findings {
            guard let position = catalog.checks.firstIndex(where: { $0.id == finding.check }) else { continue }
            placed.append(PlacedFinding(check: position, finding: finding))
        }
        findings = placed
        // The latest administration of each screening instrument (measurements are oldest first).
        let instruments = catalog.screenInstruments
        var latest = ScreenPositions(count: instruments.count)
        if !instruments.isEmpty {
            // Records alternate a few instruments: remember the last two classifications.
            var lastName = "", lastSlot = -1, previousName = "", previousSlot = -1
            for index in measurements.indices {
                let name = measurements[index].instrument
                let slot: Int
                if name == lastName {
                    slot = lastSlot
                } else if name == previousName {
                    slot = previousSlot
                    swap(&lastName, &previousName)
                    swap(&lastSlot, &previousSlot)
                } else {
                    // Lengths first: comparing strings of unequal length is a call into the runtime.
                    let length = name.utf8.count
                    slot = instruments.firstIndex { $0.utf8.count == length && $0 == name } ?? -1
                    previousName = lastName
                    previousSlot = lastSlot
                    lastName = name
                    lastSlot = slot
                }
                if slot >= 0 { latest[slot] = index }
            }
        }
        latestScreens = latest
        // Looked up once per assessment when the shared record carries it; its two fields are read
        // as the shared record keeps them (a copy of the mapping retained and released each field).
        if shared.diagnosisMapping != nil {
            if let category = shared.diagnosisCategory {
                episodeCategory = category
                episodeChecks = catalog.checks(ofCategory: category)
                episodeCodeIsPsychotic = shared.diagnosisPsychotic
            } else {
                episodeCategory = nil
                episodeChecks = 0
                episodeCodeIsPsychotic = false
            }
        } else if let mapping = SharedRecord.diagnosisMapping(shared.record, catalog: catalog) {
            episodeCategory = mapping.category
            episodeChecks = catalog.checks(ofCategory: mapping.category)
            episodeCodeIsPsychotic = mapping.psychoticFeatures ?? false
        } else {
            episodeCategory = nil
            episodeChecks = 0
            episodeCodeIsPsychotic = false
        }
    }

    /// Gathers the evidence of the check at `position` (with text when `evidence.rendering`).
    func gather(_ position: Int, into evidence: inout CheckEvidence) {
        switch catalog.checkKinds[position] {
        case .dose: TrialChecks.medication(.dose, trials: trials, counts: medicationCounts, into: &evidence)
        case .duration: TrialChecks.medication(.duration, trials: trials, counts: medicationCounts, into: &evidence)
        case .adherence: TrialChecks.medication(.adherence, trials: trials, counts: medicationCounts, into: &evidence)
        case .psychotherapy: TrialChecks.psychotherapy(trials: trials, into: &evidence)
        case .psychoticFeatures, .plain: break
        }
        if (!conditions.isEmpty || episodeCategory != nil) && !catalog.checks[position].categories.isEmpty {
            addConditions(at: position, to: &evidence)
        }
        if !findings.isEmpty { addFindings(at: position, to: &evidence) }
        if catalog.checkKinds[position] == .psychoticFeatures { addEpisodePsychosis(to: &evidence) }
        if !catalog.screenSlots[position].isEmpty { addScreens(at: position, to: &evidence) }
        if !labs.isEmpty { addLabs(at: position, to: &evidence) }
    }

    /// The evidence lines of the check at `position` (each item's deferred evidence).
    func render(_ position: Int) -> [String] { evidenceLines(position, window: window) }

    /// The evidence lines of the check at `position`, as the report shows them.
    func evidenceLines(_ position: Int, window: Int) -> [String] {
        var evidence = CheckEvidence(rendering: true)
        gather(position, into: &evidence)
        let lines = evidence.resolve(asOf: asOf, windowMonths: window).evidence
        return lines.isEmpty ? ["Nothing recorded."] : lines
    }

    private func listsCategory(_ entry: CategorisedCondition, at position: Int) -> Bool {
        position < 64
            ? entry.checks & (1 << UInt64(position)) != 0 : catalog.checks[position].categories.contains(entry.category)
    }

    /// Active diagnoses count as present; ruled-out ones as clinician "absent" judgements; resolved
    /// ones as "absent" judgements too, unless the check counts a resolved diagnosis as a history
    /// (``CheckDefinition/countsWhenResolved``: bipolar disorder), which makes it present.
    func addConditions(at position: Int, to evidence: inout CheckEvidence) {
        for entry in conditions where listsCategory(entry, at: position) {
            let condition = entry.condition
            var label = ""
            var dated = ""
            if evidence.rendering {
                label = condition.display ?? condition.code ?? entry.category
                if let code = condition.code, condition.display != nil { label += " (" + code + ")" }
                dated = condition.date.map { " on " + $0.description } ?? ""
            }
            switch condition.effectiveStatus {
            case .active:
                evidence.addDiagnosis("Active diagnosis: " + label + dated)
            case .ruledOut:
                evidence.judgements.append(
                    .init(date: condition.date, present: false, text: evidence.rendering ? "Ruled out: " + label + dated : ""))
            case .resolved:
                if catalog.checks[position].countsWhenResolved?.value == true {
                    evidence.addDiagnosis("History: " + label + " (resolved" + dated + ")")
                } else {
                    evidence.judgements.append(
                        .init(date: condition.date, present: false, text: evidence.rendering ? "Resolved: " + label + dated : ""))
                }
            }
        }
        if let category = episodeCategory,
            position < 64
                ? episodeChecks & (1 << UInt64(position)) != 0 : catalog.checks[position].categories.contains(category)
        {
            let code = record.episode?.diagnosis?.code ?? category
            evidence.addDiagnosis("Episode diagnosis " + code + " (" + category + ")")
        }
    }

    /// Clinician findings recorded for this check.
    func addFindings(at position: Int, to evidence: inout CheckEvidence) {
        for placed in findings where placed.check == position {
            let finding = placed.finding
            var text = ""
            if evidence.rendering {
                text = "Clinician finding: " + finding.status.rawValue
                if let method = finding.method { text += " (" + method + ")" }
                if let date = finding.date { text += " on " + date.description }
            }
            evidence.judgements.append(.init(date: finding.date, present: finding.status == .present, text: text))
        }
    }

    /// The episode diagnosis's psychotic-features field and code.
    func addEpisodePsychosis(to evidence: inout CheckEvidence) {
        if episodeCodeIsPsychotic {
            let code = record.episode?.diagnosis?.code ?? ""
            evidence.addDiagnosis("Episode diagnosis " + code + " records psychotic features")
        }
        if !psychoticCodes.isEmpty {
            for entry in conditions where entry.condition.effectiveStatus == .active {
                guard let code = entry.condition.code, psychoticCodes.contains(code) else { continue }
                evidence.addDiagnosis("Active diagnosis " + code + " records psychotic features")
            }
        }
        switch record.episode?.diagnosis?.psychoticFeatures {
        case true?:
            evidence.addDiagnosis("Episode diagnosis: psychotic features present")
        case false?:
            evidence.judgements.append(
                .init(date: nil, present: false, text: "Episode diagnosis: no psychotic features"))
        case nil:
            break
        }
    }

    /// Adds the most relevant screening result(s) for `check`: the latest administration of each
    /// listed instrument.
    func addScreens(at position: Int, to evidence: inout CheckEvidence) {
        let slots = catalog.screenSlots[position]
        let screens = catalog.checks[position].screens
        for ruleIndex in slots.indices {
            let index = latestScreens[slots[ruleIndex]]
            guard index >= 0 else { continue }
            // The rule and the administration are read in place (copying them retained and
            // released every field of both).
            let total = measurements[index].total
            let date = measurements[index].date
            var positive = false
            var negative = false
            if let threshold = screens[ruleIndex].positiveAtOrAbove?.value {
                if let total {
                    positive = total >= threshold
                    negative = !positive
                }
            } else {
                positive = measurements[index].flags.contains { screens[ruleIndex].positiveFlags.contains($0) }
                if !positive {
                    if screens[ruleIndex].negativeFlags != nil {
                        negative = measurements[index].flags.contains { screens[ruleIndex].negativeFlags?.contains($0) == true }
                    } else {
                        negative = total != nil
                    }
                }
            }
            guard positive || negative else {
                evidence.addNote(
                    (screens[ruleIndex].name ?? screens[ruleIndex].instrument) + " on " + date.description
                        + " has no screen result")
                continue
            }
            var text = ""
            if evidence.rendering {
                text = (screens[ruleIndex].name ?? screens[ruleIndex].instrument) + (positive ? " positive" : " negative")
                if let total { text += " (total " + String(total) + ")" }
                text += " on " + date.description
                if measurements[index].flags.contains(InstrumentFlag.pointsOnlyFromQuestion1) {
                    text += "; all points from question 1: drinking is likely within limits"
                }
            }
            let source = screens[ruleIndex].positiveAtOrAbove?.sources.first ?? screens[ruleIndex].sources.first
            evidence.results.append(CheckEvidence.Result(date: date, positive: positive, text: text, source: source))
        }
    }

    /// Labs catalogued for this check (e.g. TSH for `thyroid`).
    func addLabs(at position: Int, to evidence: inout CheckEvidence) {
        for lab in labs where lab.check == position {
            let result = lab.result
            if !evidence.rendering {
                if lab.status != .unitUnknown {
                    evidence.results.append(
                        .init(date: result.date, positive: lab.status == .low || lab.status == .high, text: "",
                            source: lab.source))
                }
                continue
            }
            let definition = catalog.labs[lab.lab]
            let reading = definition.read(result)
            let valueText = Self.number(result.value) + (result.unit.map { " " + $0 } ?? "")
            let head = definition.title + " " + valueText + " on " + result.date.description
            switch reading.status {
            case .unitUnknown:
                evidence.notes.append(head + ": unit missing or not recognised, cannot be interpreted")
            case .low, .high, .normal:
                var text = head + ": " + (reading.status == .normal ? "within range" : reading.status.rawValue)
                if let note = reading.note { text += " (" + note + ")" }
                evidence.results.append(
                    .init(date: result.date, positive: reading.isAbnormal, text: text, source: reading.sources.first))
            }
        }
    }

    /// A short decimal rendering without Foundation formatting (at most two decimals).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "?" }
        let hundredths = (value * 100).rounded()
        guard abs(hundredths) < 1e15 else { return "?" }
        let whole = Int(hundredths) / 100
        let fraction = abs(Int(hundredths) % 100)
        let sign = hundredths < 0 && whole == 0 ? "-" : ""
        if fraction == 0 { return sign + String(whole) }
        if fraction % 10 == 0 { return sign + String(whole) + "." + String(fraction / 10) }
        return sign + String(whole) + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }
}

/// The latest administration of each screening instrument of the catalogue (by screen slot), or
/// -1: held inline for up to eight instruments (the bundled catalogue lists six), so preparing the
/// checklist allocates nothing for it; a larger catalogue keeps the rest in an array.
struct ScreenPositions: Sendable {
    private var inline = SIMD8<Int32>(repeating: -1)
    private var overflow: [Int]

    init(count: Int) {
        overflow = count > 8 ? [Int](repeating: -1, count: count - 8) : []
    }

    subscript(slot: Int) -> Int {
        get { slot < 8 ? Int(inline[slot]) : overflow[slot - 8] }
        set {
            if slot < 8 { inline[slot] = Int32(truncatingIfNeeded: newValue) } else { overflow[slot - 8] = newValue }
        }
    }
}
