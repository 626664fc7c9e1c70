// SPDX-License-Identifier: Apache-2.0

import StepwiseCore
import StepwiseFHIR

/// Maps the prefetched (or fetched) FHIR resources of one hook call into the patient's record with
/// ``FHIRRecordMapper``.
struct CDSRecordMapping: Sendable {
    let knowledge: KnowledgeBase

    /// The record of `patientID` (or of the only patient present; an empty record when there is none)
    /// and the number of mapping issues.
    func record(
        from resources: [R4.Resource], patientID: String, asOf: LocalDate
    ) -> (record: PatientRecord, issues: Int) {
        let result = FHIRRecordMapper(knowledge: knowledge, asOf: asOf).map(resources: resources)
        let record =
            result.records.first { $0.id == patientID }
            ?? (result.records.count == 1 ? result.records[0] : nil)
            ?? PatientRecord(id: patientID)
        return (record, result.issues.count)
    }
}
