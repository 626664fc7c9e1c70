// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import StepwiseFHIR

/// Detects and maps FHIR R4 input for the record-reading commands.
enum FHIRInput {
    /// Returns the mapped records when `data` is a FHIR resource, `nil` when it is not FHIR.
    ///
    /// Unmappable parts become warnings that name the resource, element and reason; a Bundle
    /// with no patient data at all is an error.
    static func loadIfFHIR(data: Data, name: String, knowledge: KnowledgeBase, asOf: LocalDate?) throws -> RecordLoader.Loaded? {
        guard FHIRRecordMapper.looksLikeFHIR(data) else { return nil }
        let result: FHIRMappingResult
        do {
            result = try FHIRRecordMapper(knowledge: knowledge, asOf: asOf).map(bundleData: data)
        } catch let error as StepwiseError {
            var located = error
            located.location = error.location.map { "\(name) \($0)" } ?? name
            throw located
        }
        guard !result.records.isEmpty else {
            let reasons = result.issues.prefix(3).map(\.description).joined(separator: "; ")
            throw StepwiseError(
                .invalidInput, "the FHIR input holds no patient data Stepwise can map" + (reasons.isEmpty ? "" : " (\(reasons))"),
                at: name)
        }
        return RecordLoader.Loaded(
            records: result.records, issues: result.issues.map(\.inputIssue), format: "fhir-bundle")
    }
}
