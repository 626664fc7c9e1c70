// SPDX-License-Identifier: Apache-2.0

import StepwiseCore

/// MedicationStatement, MedicationRequest and MedicationDispense → medication segments and fills.
extension MappingRun {
    mutating func mapMedicationStatement(_ statement: R4.MedicationStatement, _ input: MappingInput) {
        let skipped: Set<String> = ["entered-in-error", "not-taken", "intended"]
        if skipped.contains(statement.status) {
            issue(input, "status", "status is \(statement.status); not a course the patient took; not used")
            return
        }
        guard let identity = identify(statement.medicationCodeableConcept, statement.medicationReference, input) else { return }
        guard let index = draft(for: statement.subject, input) else { return }
        let startText = statement.effectivePeriod?.start ?? statement.effectiveDateTime
        guard let startText else {
            issue(input, "effective[x]", "no start date (effectivePeriod.start or effectiveDateTime); not used", patient: drafts[index].id)
            return
        }
        let startPath = statement.effectivePeriod?.start != nil ? "effectivePeriod.start" : "effectiveDateTime"
        guard let start = day(startText, input, startPath) else { return }
        var end: LocalDate?
        if let endText = statement.effectivePeriod?.end {
            end = day(endText, input, "effectivePeriod.end")
            if let known = end, known < start {
                issue(input, "effectivePeriod.end", "the end is before the start; the end was not used", patient: drafts[index].id)
                end = nil
            }
        }
        let dose = dailyDose(statement.dosage ?? [], identity: identity, path: "dosage", input, patient: drafts[index].id)
        let reasons = statement.statusReason ?? []
        drafts[index].medicationSegments.append(
            MedicationSegment(
                drug: identity.drug, start: start, end: end, mgPerDay: dose, status: statement.status,
                stopReason: stopReason(reasons), source: input.label))
    }

    mutating func mapMedicationRequest(_ request: R4.MedicationRequest, _ input: MappingInput) {
        let skipped: Set<String> = ["entered-in-error", "cancelled", "draft"]
        if skipped.contains(request.status) {
            issue(input, "status", "status is \(request.status); not a course the patient took; not used")
            return
        }
        if request.intent == "proposal" || request.intent == "plan" || request.intent == "option" {
            issue(input, "intent", "intent is \(request.intent), not an order; not used")
            return
        }
        guard let identity = identify(request.medicationCodeableConcept, request.medicationReference, input) else { return }
        guard let index = draft(for: request.subject, input) else { return }
        let bounds = request.dosageInstruction?.first?.timing?.repeat?.boundsPeriod
        let startText = bounds?.start ?? request.authoredOn
        guard let startText else {
            issue(input, "authoredOn", "no start date (authoredOn or timing.repeat.boundsPeriod.start); not used", patient: drafts[index].id)
            return
        }
        guard let start = day(startText, input, bounds?.start != nil ? "dosageInstruction[0].timing.repeat.boundsPeriod.start" : "authoredOn")
        else { return }
        var end: LocalDate?
        if let endText = bounds?.end {
            end = day(endText, input, "dosageInstruction[0].timing.repeat.boundsPeriod.end")
        } else if let duration = request.dosageInstruction?.first?.timing?.repeat?.boundsDuration {
            if let days = Self.days(duration), (1...3650).contains(days) {
                end = start.adding(days: days - 1)
            } else {
                issue(
                    input, "dosageInstruction[0].timing.repeat.boundsDuration",
                    "the course length is not a number of days or weeks between 1 day and 10 years; the end was not used",
                    patient: drafts[index].id)
            }
        }
        if let known = end, known < start {
            issue(input, "dosageInstruction[0].timing.repeat.bounds[x]", "the end is before the start; the end was not used", patient: drafts[index].id)
            end = nil
        }
        let dose = dailyDose(request.dosageInstruction ?? [], identity: identity, path: "dosageInstruction", input, patient: drafts[index].id)
        drafts[index].medicationSegments.append(
            MedicationSegment(
                drug: identity.drug, start: start, end: end, mgPerDay: dose, status: request.status,
                stopReason: stopReason(request.statusReason.map { [$0] } ?? []), source: input.label))
    }

    mutating func mapMedicationDispense(_ dispense: R4.MedicationDispense, _ input: MappingInput) {
        guard dispense.status == "completed" else {
            issue(input, "status", "status is \(dispense.status), not completed; the fill was not counted")
            return
        }
        guard let identity = identify(dispense.medicationCodeableConcept, dispense.medicationReference, input) else { return }
        guard let index = draft(for: dispense.subject, input) else { return }
        let dateText = dispense.whenHandedOver ?? dispense.whenPrepared
        guard let dateText else {
            issue(input, "whenHandedOver", "no hand-over date; the fill was not counted", patient: drafts[index].id)
            return
        }
        guard let date = day(dateText, input, dispense.whenHandedOver != nil ? "whenHandedOver" : "whenPrepared") else { return }
        guard let supply = dispense.daysSupply else {
            issue(input, "daysSupply", "no days supply; the fill was not counted toward days covered", patient: drafts[index].id)
            return
        }
        guard let days = Self.days(supply), days > 0, days <= 400 else {
            issue(
                input, "daysSupply",
                "days supply must be a whole number of days (unit d) between 1 and 400; the fill was not counted",
                patient: drafts[index].id)
            return
        }
        drafts[index].dispenses.append(DispenseFill(drug: identity.drug, date: date, daysSupply: days, source: input.label))
        // Kept as a segment too, used only when the patient has no order or statement for the drug.
        let dose: Double?
        if let dosages = dispense.dosageInstruction, !dosages.isEmpty,
            case .mgPerDay(let mg) = DailyDose.compute(dosages, identity: identity, path: "dosageInstruction")
        {
            dose = mg
        } else {
            dose = nil
        }
        drafts[index].medicationSegments.append(
            MedicationSegment(
                drug: identity.drug, start: date, end: date.adding(days: days - 1), mgPerDay: dose, status: "completed",
                stopReason: nil, source: input.label, fromDispense: true))
    }

    /// Whole days in a `Duration`/`Quantity`-like value with unit `d` (or `wk`).
    static func days(_ duration: R4.Duration) -> Int? {
        days(value: duration.value, unit: duration.code ?? duration.unit)
    }

    static func days(_ quantity: R4.Quantity) -> Int? {
        days(value: quantity.value, unit: quantity.code ?? quantity.unit)
    }

    private static func days(value: Double?, unit: String?) -> Int? {
        guard let value, let whole = wholeNumber(value) else { return nil }
        switch (unit ?? "").lowercased() {
        case "d", "day", "days", "{day}", "{days}": return whole
        case "wk", "week", "weeks": return whole * 7
        default: return nil
        }
    }

    private mutating func identify(_ concept: R4.CodeableConcept?, _ reference: R4.Reference?, _ input: MappingInput) -> MedicationIdentity? {
        var resolved = concept
        if resolved == nil, let target = reference?.reference {
            resolved = medications[target]?.code
            if resolved == nil {
                issue(input, "medicationReference", "the referenced Medication is not in the input; not used")
                return nil
            }
        }
        guard let resolved else {
            issue(input, "medication[x]", "no medication code; not used")
            return nil
        }
        if let identity = MedicationIdentity.identify(resolved, drugs: knowledge.drugs) { return identity }
        let code = resolved.coding(system: FHIRSystem.rxnorm)?.code
        let display = resolved.coding?.first?.display ?? resolved.text
        noteUnused(
            kind: "Medication:\(code ?? display ?? "-")", label: input.label,
            reason: "\(Self.unusedMedicationName(code: code, display: display)) is not an antidepressant or augmenting agent in the drug catalogue; not used")
        return nil
    }

    /// Names the RxNorm code only; a medication named in free text (which may carry a patient's
    /// name or a note) is described by its length, never quoted.
    static func unusedMedicationName(code: String?, display: String?) -> String {
        if let code { return "RxNorm \(code.prefix(20))" }
        if let display { return "the medication (named in free text only, \(display.count) characters, no RxNorm code)" }
        return "the medication"
    }

    private mutating func dailyDose(
        _ dosages: [R4.Dosage], identity: MedicationIdentity, path: String, _ input: MappingInput, patient: String
    ) -> Double? {
        switch DailyDose.compute(dosages, identity: identity, path: path) {
        case .mgPerDay(let mg): return mg
        case .unknown(let path, let reason):
            issue(input, path, "\(reason) (recorded as dose unknown, never guessed)", patient: patient)
            return nil
        }
    }

    /// `statusReason` → stop reason, from the codes' display or text (no confirmed code list):
    /// adverse reaction / side effect / intolerance → `side-effects`; patient choice or refusal →
    /// `patient-choice`; ineffective / no response → `non-response`.
    func stopReason(_ reasons: [R4.CodeableConcept]) -> StopReason? {
        for reason in reasons {
            let words = ([reason.text] + (reason.coding ?? []).map(\.display) + (reason.coding ?? []).map(\.code))
                .compactMap { $0?.lowercased() }.joined(separator: " ")
            if words.isEmpty { continue }
            if ["adverse", "side effect", "side-effect", "intoleran", "allerg", "toxicity"].contains(where: words.contains) {
                return .sideEffects
            }
            if ["patient choice", "patient request", "patient refus", "patient decision", "patient preference"].contains(where: words.contains) {
                return .patientChoice
            }
            if ["ineffective", "not effective", "lack of efficacy", "no response", "non-response", "nonresponse"].contains(where: words.contains) {
                return .nonResponse
            }
            if words.contains("remission") { return .remission }
            return .other
        }
        return nil
    }
}
