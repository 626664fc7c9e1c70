// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import StepwiseCore

extension StepwiseCommand {
    /// `stepwise assess <record>`: the full assessment of one patient record.
    struct Assess: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Assess a patient record: safety, trial adequacy, TRD definitions, staging, "
                + "pseudo-resistance, monitoring and ranked next-step options.",
            discussion: """
                The record is Stepwise's native format (JSON or YAML, see docs/record-format.md) or a
                FHIR R4 Bundle (detected automatically). --as-of fixes "today" so output is reproducible.

                Exit status: 0 success; 64 usage error; 65 the record is malformed (the message names
                the file and JSON path); 66 the file cannot be read; 69 unknown profile; 70 internal error.
                """
        )

        @Argument(help: "Patient record file (.json, .yaml, or a FHIR R4 Bundle .json).")
        var record: String

        @Option(help: "Assess as of this date (YYYY-MM-DD). Default: today (UTC).")
        var asOf: String?

        @Option(help: "Rule profile (see docs/knowledge.md, profiles.json): mgh-atrq (default), eu-pearl-2022 or collaborative-care.")
        var profile: String?

        @Option(help: "Output format: text, markdown, json or fhir.")
        var format: OutputFormat = .text

        @Flag(help: "Disable colour in text output.")
        var noColour = false

        func run() async throws {
            let asOfDate = try parseAsOf(asOf)
            let output = try withCommandErrors { () throws -> String in
                let knowledge = try KnowledgeBase.bundled()
                let loaded = try RecordLoader(knowledge: knowledge, asOf: asOfDate).load(path: record)
                let assessor = Assessor(knowledge: knowledge)
                var reports: [AssessmentReport] = []
                for patient in loaded.records {
                    var report = try assessor.assess(patient, asOf: asOfDate, profile: profile)
                    report.issues = loaded.issues + report.issues
                    reports.append(report)
                }
                return try render(reports, records: loaded.records, knowledge: knowledge)
            }
            print(output, terminator: output.hasSuffix("\n") ? "" : "\n")
        }

        private func render(_ reports: [AssessmentReport], records: [PatientRecord], knowledge: KnowledgeBase)
            throws -> String
        {
            switch format {
            case .json:
                return reports.count == 1 ? try prettyJSON(reports[0]) : try prettyJSON(reports)
            case .markdown:
                let renderer = ReportRenderer(style: .markdown)
                return reports.map(renderer.render).joined(separator: "\n---\n\n")
            case .text:
                let renderer = ReportRenderer(style: .text(colour: !noColour && standardOutputIsTerminal()))
                return reports.map(renderer.render).joined(separator: "\n")
            case .fhir:
                return try FHIROutput.render(reports: reports, records: records, knowledge: knowledge)
            }
        }
    }

    /// Output formats of `assess`.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, markdown, json, fhir
    }
}
