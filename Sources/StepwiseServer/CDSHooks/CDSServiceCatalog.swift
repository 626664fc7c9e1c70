// SPDX-License-Identifier: Apache-2.0

import StepwiseFHIR

/// The three Stepwise CDS services and their prefetch templates.
enum CDSServiceCatalog {
    /// Service ids.
    static let patientView = "stepwise-patient-view"
    static let orderSelect = "stepwise-order-select"
    static let orderSign = "stepwise-order-sign"

    /// LOINC codes Stepwise reads from Observations: instrument totals and items (PHQ-9 and its item 9,
    /// PHQ-2, GAD-7, AUDIT-C, MDQ, PCL-5) and labs (TSH 3016-3/11579-0/11580-8, 25-OH vitamin D).
    static let observationCodes = [
        "44261-6", "44249-1", "44260-8", "44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2",
        "44252-5", "44253-3", "55758-7", "55757-9", "70274-6", "69737-5", "75626-2", "72109-2", "84773-1",
        "85102-2", "101698-9", "101697-1", "3016-3", "11579-0", "11580-8", "62292-8",
    ]

    /// Prefetch templates shared by all three services.
    static let prefetch: [String: String] = [
        "patient": "Patient/{{context.patientId}}",
        "observations": "Observation?patient={{context.patientId}}&code="
            + observationCodes.map { "http://loinc.org|\($0)" }.joined(separator: ","),
        "questionnaireResponses": "QuestionnaireResponse?patient={{context.patientId}}&status=completed",
        "medicationRequests": "MedicationRequest?patient={{context.patientId}}",
        "medicationStatements": "MedicationStatement?patient={{context.patientId}}",
        "conditions": "Condition?patient={{context.patientId}}",
        "procedures": "Procedure?patient={{context.patientId}}",
    ]

    /// The prefetch keys in the order the resolver joins their resources (sorted).
    static let prefetchKeys: [String] = prefetch.keys.sorted()

    /// The discovery entries; `insecure` marks every entry when JWT verification is off.
    static func descriptors(insecure: Bool) -> [CDSServiceDescriptor] {
        let requirements =
            insecure
            ? "INSECURE DEVELOPMENT MODE: JWTs are not verified. Never use with real patient data."
            : "Send a CDS Hooks JWT (ES384 or RS384) signed by an allow-listed issuer; aud = this service's URL."
        return [
            CDSServiceDescriptor(
                hook: "patient-view", title: "Stepwise: treatment-resistant depression review",
                description: "Suicide-risk safety signals, TRD verdicts and staging, pseudo-resistance gaps, "
                    + "treat-to-target and overdue measurements, and next-step options for depression care.",
                id: patientView, prefetch: prefetch, usageRequirements: requirements),
            CDSServiceDescriptor(
                hook: "order-select", title: "Stepwise: antidepressant order checks",
                description: "Checks antidepressant and augmentation orders as they are selected: MAOI washout, "
                    + "serotonergic combinations, bipolar signal, esketamine contraindications and monitoring, "
                    + "doses below the minimum adequate dose.",
                id: orderSelect, prefetch: prefetch, usageRequirements: requirements),
            CDSServiceDescriptor(
                hook: "order-sign", title: "Stepwise: antidepressant order checks at signing",
                description: "The same checks as order-select, on the orders about to be signed.",
                id: orderSign, prefetch: prefetch, usageRequirements: requirements),
        ]
    }

    /// The hook each service answers.
    static func hook(of serviceID: String) -> String? {
        switch serviceID {
        case patientView: "patient-view"
        case orderSelect: "order-select"
        case orderSign: "order-sign"
        default: nil
        }
    }
}
