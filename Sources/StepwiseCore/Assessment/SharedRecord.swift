// SPDX-License-Identifier: Apache-2.0

/// The record being assessed, in one object shared by the engine steps whose deferred texts read
/// it when a report is written (the safety signals, the checklist, the monitoring items).
///
/// Each of those steps used to keep its own copy of the record (a retain of every field, and a
/// release when the report is freed); one object per assessment makes each a single retain.
final class SharedRecord: Sendable {
    /// The record, as given to the assessor.
    let record: PatientRecord
    /// The episode diagnosis code's mapping in the knowledge base's condition catalogue
    /// (``ConditionCatalog/mapping(forCode:system:)``; `.some(nil)`: no code or no match), looked up
    /// once for the safety and checklist steps; `nil` when not looked up (each step looks it up).
    let diagnosisMapping: CodeMapping??
    /// The two fields of ``diagnosisMapping`` the checklist reads (its category, `nil` without a
    /// mapping, and whether the code records psychotic features), kept apart so that reading them
    /// copies no mapping; meaningful only when ``diagnosisMapping`` is not `nil`.
    let diagnosisCategory: String?
    let diagnosisPsychotic: Bool

    init(_ record: PatientRecord) {
        self.record = record
        diagnosisMapping = nil
        diagnosisCategory = nil
        diagnosisPsychotic = false
    }

    /// A shared record whose episode diagnosis code is mapped once by `catalog` (the catalogue the
    /// assessment's steps read: ``KnowledgeBase/conditions``).
    init(_ record: PatientRecord, conditions catalog: ConditionCatalog) {
        self.record = record
        let mapping = Self.diagnosisMapping(record, catalog: catalog)
        diagnosisMapping = .some(mapping)
        diagnosisCategory = mapping?.category
        diagnosisPsychotic = mapping?.psychoticFeatures ?? false
    }

    /// The episode diagnosis code's mapping, or `nil` without a code or a match.
    static func diagnosisMapping(_ record: PatientRecord, catalog: ConditionCatalog) -> CodeMapping? {
        guard let diagnosis = record.episode?.diagnosis, let code = diagnosis.code else { return nil }
        return catalog.mapping(forCode: code, system: diagnosis.system)
    }
}
