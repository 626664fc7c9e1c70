// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// Detects and maps FHIR R4 input for the record-reading commands.
enum FHIRInput {
    /// Returns the mapped records when `data` is a FHIR resource, `nil` when it is not FHIR.
    static func loadIfFHIR(data: Data, name: String, knowledge: KnowledgeBase) throws -> RecordLoader.Loaded? {
        nil
    }
}
