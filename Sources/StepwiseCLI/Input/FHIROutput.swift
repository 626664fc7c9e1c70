// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import StepwiseFHIR

/// Renders reports as FHIR R4 collection Bundles (one per patient).
enum FHIROutput {
    static func render(reports: [AssessmentReport], records: [PatientRecord], knowledge: KnowledgeBase) throws -> String {
        let exporter = FHIRReportExporter(knowledge: knowledge)
        var outputs: [String] = []
        for (report, record) in zip(reports, records) {
            let data = try exporter.encodedBundle(report: report, record: record, pretty: true)
            outputs.append(String(decoding: data, as: UTF8.self))
        }
        // Several patients: NDJSON-like, one Bundle per line would lose pretty printing, so
        // separate pretty Bundles by a blank line only when there is more than one.
        return outputs.joined(separator: "\n\n")
    }
}
