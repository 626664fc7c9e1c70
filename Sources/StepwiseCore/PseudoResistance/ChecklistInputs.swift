// SPDX-License-Identifier: Apache-2.0

/// The record's conditions, findings, labs and episode diagnosis, prepared once per assessment for
/// the checklist.
struct ChecklistInputs {
    /// A condition with its resolved category.
    struct CategorisedCondition {
        var category: String
        var condition: Condition
    }

    /// A lab result read once against its catalogue definition.
    struct ReadLab {
        var check: String
        var title: String
        var result: LabResult
        var reading: LabReading
    }

    let record: PatientRecord
    let conditions: [CategorisedCondition]
    let labs: [ReadLab]
    let episodeCategory: String?
    let episodeCodeIsPsychotic: Bool
    let psychoticCodes: [String]

    init(record: PatientRecord, catalog: ConditionCatalog) {
        self.record = record
        var categorised: [CategorisedCondition] = []
        categorised.reserveCapacity(record.conditions.count)
        for condition in record.conditions {
            if let category = catalog.category(of: condition) {
                categorised.append(CategorisedCondition(category: category, condition: condition))
            }
        }
        conditions = categorised
        var read: [ReadLab] = []
        for result in record.labs {
            guard let definition = catalog.lab(forCode: result.test), let check = definition.check else { continue }
            read.append(ReadLab(check: check, title: definition.title, result: result, reading: definition.read(result)))
        }
        labs = read
        psychoticCodes = record.conditions.compactMap { condition in
            guard let code = condition.code, catalog.indicatesPsychoticFeatures(code: code, system: condition.system)
            else { return nil }
            return code
        }
        if let diagnosis = record.episode?.diagnosis, let code = diagnosis.code {
            episodeCategory = catalog.category(forCode: code, system: diagnosis.system)
            episodeCodeIsPsychotic = catalog.indicatesPsychoticFeatures(code: code, system: diagnosis.system)
        } else {
            episodeCategory = nil
            episodeCodeIsPsychotic = false
        }
    }

    /// Active diagnoses count as present; ruled-out and resolved ones as clinician "absent" judgements.
    func addConditions(for check: CheckDefinition, to evidence: inout CheckEvidence) {
        guard !check.categories.isEmpty else { return }
        for entry in conditions where check.categories.contains(entry.category) {
            let condition = entry.condition
            var label = condition.display ?? condition.code ?? entry.category
            if let code = condition.code, condition.display != nil { label += " (" + code + ")" }
            let dated = condition.date.map { " on " + $0.description } ?? ""
            switch condition.effectiveStatus {
            case .active:
                evidence.diagnoses.append("Active diagnosis: " + label + dated)
            case .ruledOut:
                evidence.judgements.append(
                    .init(date: condition.date, present: false, text: "Ruled out: " + label + dated))
            case .resolved:
                evidence.judgements.append(
                    .init(date: condition.date, present: false, text: "Resolved: " + label + dated))
            }
        }
        if let category = episodeCategory, check.categories.contains(category) {
            let code = record.episode?.diagnosis?.code ?? category
            evidence.diagnoses.append("Episode diagnosis " + code + " (" + category + ")")
        }
    }

    /// Clinician findings recorded for this check.
    func addFindings(for check: CheckDefinition, to evidence: inout CheckEvidence) {
        for finding in record.findings where finding.check == check.id {
            var text = "Clinician finding: " + finding.status.rawValue
            if let method = finding.method { text += " (" + method + ")" }
            if let date = finding.date { text += " on " + date.description }
            evidence.judgements.append(.init(date: finding.date, present: finding.status == .present, text: text))
        }
    }

    /// The episode diagnosis's psychotic-features field and code.
    func addEpisodePsychosis(to evidence: inout CheckEvidence) {
        if episodeCodeIsPsychotic {
            let code = record.episode?.diagnosis?.code ?? ""
            evidence.diagnoses.append("Episode diagnosis " + code + " records psychotic features")
        }
        for entry in conditions where entry.condition.effectiveStatus == .active {
            guard let code = entry.condition.code, psychoticCodes.contains(code) else { continue }
            evidence.diagnoses.append("Active diagnosis " + code + " records psychotic features")
        }
        switch record.episode?.diagnosis?.psychoticFeatures {
        case true?:
            evidence.diagnoses.append("Episode diagnosis: psychotic features present")
        case false?:
            evidence.judgements.append(
                .init(date: nil, present: false, text: "Episode diagnosis: no psychotic features"))
        case nil:
            break
        }
    }

    /// Labs catalogued for this check (e.g. TSH for `thyroid`).
    func addLabs(for check: CheckDefinition, to evidence: inout CheckEvidence) {
        for lab in labs where lab.check == check.id {
            let result = lab.result
            let reading = lab.reading
            let valueText = Self.number(result.value) + (result.unit.map { " " + $0 } ?? "")
            let head = lab.title + " " + valueText + " on " + result.date.description
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
