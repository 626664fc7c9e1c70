// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import StepwiseFHIR

/// A medication order from `context.draftOrders`, as the order checks read it.
struct CDSDraftOrder: Sendable {
    /// `MedicationRequest/{id}` when the order has an id.
    var reference: String?
    /// The catalogued drug, when the code or name is known.
    var drug: DrugDefinition?
    /// The medication as written (code display or text), for cards.
    var label: String
    /// Total daily dose in mg (per session for intranasal esketamine), when it can be computed.
    var mgPerDay: Double?
    /// Why the dose could not be computed, when it could not.
    var doseProblem: String?

    static let rxnormSystem = "http://www.nlm.nih.gov/research/umls/rxnorm"

    /// Reads every `MedicationRequest` in `bundle` (other resources are ignored).
    static func orders(in resource: R4.Resource?, drugs: DrugCatalog) -> [CDSDraftOrder] {
        var requests: [R4.MedicationRequest] = []
        switch resource {
        case .bundle(let bundle):
            for entry in bundle.entry ?? [] {
                if case .medicationRequest(let request) = entry.resource { requests.append(request) }
            }
        case .medicationRequest(let request): requests.append(request)
        default: break
        }
        return requests.map { order(from: $0, drugs: drugs) }
    }

    static func order(from request: R4.MedicationRequest, drugs: DrugCatalog) -> CDSDraftOrder {
        let concept = request.medicationCodeableConcept
        let codings = concept?.coding ?? []
        var drug: DrugDefinition?
        for coding in codings where coding.system == rxnormSystem {
            if let code = coding.code, let found = drugs.drug(named: code) { drug = found; break }
        }
        let texts = codings.compactMap(\.display) + [concept?.text].compactMap { $0 }
        if drug == nil {
            for text in texts {
                if let found = drugs.drug(named: text) ?? leadingName(text, drugs: drugs) { drug = found; break }
            }
        }
        let label = texts.first ?? drug?.name ?? "medication"
        var order = CDSDraftOrder(
            reference: request.id.map { "MedicationRequest/\($0)" }, drug: drug, label: label, mgPerDay: nil)
        (order.mgPerDay, order.doseProblem) = dailyDose(
            request.dosageInstruction?.first, strength: texts.lazy.compactMap(strengthMG).first,
            perSession: drug?.route == .intranasal)
        return order
    }

    /// The longest run of leading words that names a catalogued drug ("sertraline 50 MG Oral Tablet").
    static func leadingName(_ text: String, drugs: DrugCatalog) -> DrugDefinition? {
        let words = text.lowercased().split(separator: " ")
        for count in stride(from: min(words.count, 3), through: 1, by: -1) {
            if let drug = drugs.drug(named: words.prefix(count).joined(separator: " ")) { return drug }
        }
        return nil
    }

    /// The strength in mg from an RxNorm clinical-drug name such as `fluoxetine 20 MG Oral Capsule`.
    static func strengthMG(_ text: String) -> Double? {
        let words = text.split(separator: " ")
        for (index, word) in words.enumerated().dropFirst() where word.uppercased() == "MG" {
            if let value = Double(words[index - 1]), value > 0 { return value }
        }
        return nil
    }

    /// mg/day from `dosage`: dose quantity (mg, or units × `strength`) × frequency per period.
    static func dailyDose(_ dosage: R4.Dosage?, strength: Double?, perSession: Bool) -> (Double?, String?) {
        guard let dosage else { return (nil, "no dosage instruction") }
        guard let quantity = dosage.doseAndRate?.first?.doseQuantity, let value = quantity.value, value > 0 else {
            return (nil, "no dose quantity")
        }
        let unit = (quantity.code ?? quantity.unit ?? "").lowercased()
        let perDose: Double
        if unit == "mg" {
            perDose = value
        } else if let strength, ["tab", "tablet", "capsule", "cap", "{tbl}", "{capsule}", "1", "{unit}"].contains(unit) {
            perDose = value * strength
        } else {
            return (nil, "dose unit is not mg")
        }
        if perSession { return (perDose, nil) }
        guard let timing = dosage.timing?.repeat else { return (nil, "no timing") }
        let frequency = Double(timing.frequency ?? 1)
        let period = timing.period ?? 1
        let days: Double? =
            switch timing.periodUnit {
            case "d": period
            case "h": period / 24
            case "wk": period * 7
            default: nil
            }
        guard let days, days > 0 else { return (nil, "timing period is not in hours, days or weeks") }
        return (perDose * frequency / days, nil)
    }
}
