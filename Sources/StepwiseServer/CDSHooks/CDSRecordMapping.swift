// SPDX-License-Identifier: Apache-2.0

import StepwiseCore
import StepwiseFHIR

/// Maps the prefetched (or fetched) FHIR resources of one hook call into the patient's record with
/// ``FHIRRecordMapper``. The mapper (and its code vocabulary) is built once, not per call.
struct CDSRecordMapping: Sendable {
    private let mapper: FHIRRecordMapper

    init(knowledge: KnowledgeBase) { mapper = FHIRRecordMapper(knowledge: knowledge) }

    /// The record of `patientID` (or of the only patient present; an empty record when there is none)
    /// and the number of mapping issues.
    func record(
        from resources: [R4.Resource], patientID: String, asOf: LocalDate
    ) -> (record: PatientRecord, issues: Int) {
        var mapper = self.mapper
        mapper.asOf = asOf
        let result = mapper.map(resources: resources)
        let record =
            result.records.first { $0.id == patientID }
            ?? (result.records.count == 1 ? result.records[0] : nil)
            ?? PatientRecord(id: patientID)
        return (record, result.issues.count)
    }
}
