// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import StepwiseFHIR
import Testing

/// Loads the FHIR fixtures and the bundled knowledge base once.
enum MappingFixtures {
    static let knowledge: KnowledgeBase = {
        do { return try KnowledgeBase.bundled() } catch { fatalError("bundled knowledge failed to load: \(error)") }
    }()

    /// The bytes of `Fixtures/<name>`.
    static func data(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return try Data(contentsOf: url)
    }

    /// Maps `Fixtures/<name>` with `asOf`.
    static func map(_ name: String, asOf: LocalDate? = nil) throws -> FHIRMappingResult {
        try FHIRRecordMapper(knowledge: knowledge, asOf: asOf).map(bundleData: data(name))
    }

    /// `YYYY-MM-DD` → date (test literal).
    static func day(_ text: String) -> LocalDate {
        guard let date = LocalDate(text) else { preconditionFailure("bad test date \(text)") }
        return date
    }
}
