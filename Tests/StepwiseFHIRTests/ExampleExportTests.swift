// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import StepwiseFHIR
import Testing

/// Every example patient in `Examples/` (native JSON records), assessed and exported, is a valid
/// R4B Bundle for `fhir.resources`.
@Suite struct ExampleExportTests {
    static var examplesDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples")
    }

    static func exampleFiles() -> [URL] {
        let files = (try? FileManager.default.contentsOfDirectory(at: examplesDirectory, includingPropertiesForKeys: nil)) ?? []
        return files.filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test(.enabled(if: FHIRPythonValidator.isAvailable, "python3 with fhir.resources is not installed: \(FHIRPythonValidator.pipLine)"))
    func everyExamplePatientExportsAValidBundle() throws {
        let files = Self.exampleFiles()
        try #require(files.count >= 10, "expected the example patients in \(Self.examplesDirectory.path)")
        let assessor = Assessor(knowledge: MappingFixtures.knowledge)
        let exporter = FHIRReportExporter(knowledge: MappingFixtures.knowledge)
        var documents: [Data] = []
        for file in files {
            let record = try JSONDecoder().decode(PatientRecord.self, from: Data(contentsOf: file))
            let report = try assessor.assess(record, asOf: MappingFixtures.day("2026-11-21"))
            let bundle = exporter.bundle(report: report, record: record)
            #expect((bundle.entry?.count ?? 0) >= 3 + report.trd.count + report.measurements.count, "\(file.lastPathComponent)")
            documents.append(try FHIRJSON.encode(bundle))
        }
        let problems = try FHIRPythonValidator.problems(inAll: documents)
        for (index, problem) in problems.sorted(by: { $0.key < $1.key }) {
            Issue.record("\(index >= 0 && index < files.count ? files[index].lastPathComponent : "validator"): \(problem)")
        }
    }
}
