// SPDX-License-Identifier: Apache-2.0

/// Evaluates TRD under several published definitions side by side (engine step 4).
///
/// Only current-episode trials count. Each verdict lists the trials it counted and, in its
/// explanation, why each other trial did not count. See `stepwise explain trd-<definition>`.
public enum TRDDefinitions {
    /// One verdict per definition: `fda`, `eu-pearl-2022`, `canadian-2021`, `karolinska-register`.
    public static func evaluate(
        _ trials: [TrialAssessment], record: PatientRecord, context: AssessmentContext, knowledge: KnowledgeBase
    ) -> [TRDVerdict] {
        guard let tables = knowledge.drugs.tables else { return [] }
        let paired = TrialOrder.pair(trials, record: record)
        let drugs = trials.map { $0.kind == "medication" ? knowledge.drugs.drug(named: $0.agent) : nil }
        let input = TRDInput(
            trials: trials, records: paired, drugs: drugs, context: context, knowledge: knowledge, tables: tables)
        return [
            TRDRules.fda(input),
            TRDRules.euPearl(input, bipolar: hasBipolarDiagnosis(record, knowledge: knowledge)),
            TRDRules.canadian(input),
            TRDRules.karolinska(input),
        ]
    }

    /// An active (not ruled-out, not resolved) bipolar-spectrum diagnosis, by category or code.
    static func hasBipolarDiagnosis(_ record: PatientRecord, knowledge: KnowledgeBase) -> Bool {
        record.conditions.contains { condition in
            condition.effectiveStatus == .active && knowledge.conditions.category(of: condition) == "bipolar"
        }
    }
}

/// What every definition reads.
struct TRDInput {
    var trials: [TrialAssessment]
    var records: [TreatmentTrial?]
    /// The catalogued drug of each medication trial, looked up once.
    var drugs: [DrugDefinition?]
    var context: AssessmentContext
    var knowledge: KnowledgeBase
    var tables: TreatmentTables
}
