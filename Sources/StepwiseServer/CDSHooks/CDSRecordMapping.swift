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
        let result = mapper(asOf: asOf).map(resources: resources)
        return (record(of: patientID, in: result), result.issues.count)
    }

    /// The mapper with `asOf` set (for ``CDSHookRequestDecoder/decodeMapped(bytes:keys:mapper:activeMedications:)``).
    func mapper(asOf: LocalDate) -> FHIRRecordMapper {
        var mapper = self.mapper
        mapper.asOf = asOf
        return mapper
    }

    /// The record of `patientID` in `result` (or of the only patient present; an empty record when
    /// there is none).
    func record(of patientID: String, in result: FHIRMappingResult) -> PatientRecord {
        result.records.first { $0.id == patientID }
            ?? (result.records.count == 1 ? result.records[0] : nil)
            ?? PatientRecord(id: patientID)
    }
}
