// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import StepwiseCore

extension StepwiseCommand {
    /// `stepwise validate <record>...`: checks records without assessing them.
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check patient records: format, dates, doses, instruments and answers.",
            discussion: """
                Every file is checked; problems are listed one per line as FILE PATH: MESSAGE.
                Exit status: 0 all valid (warnings allowed); 65 at least one error; 66 a file cannot be read.
                """
        )

        @Argument(help: "One or more record files (.json, .yaml, or FHIR R4 Bundles).")
        var records: [String]

        @Option(help: "Output format: text or json.")
        var format: ValidateFormat = .text

        func run() async throws {
            let knowledge = try withCommandErrors { try KnowledgeBase.bundled() }
            let loader = RecordLoader(knowledge: knowledge)
            var results: [FileResult] = []
            var unreadable = false
            for path in records {
                let name = path
                do {
                    let loaded = try loader.load(path: path)
                    var issues = loaded.issues
                    for record in loaded.records {
                        issues += RecordValidation.issues(in: record)
                        issues += MeasurementScoring.score(record, catalog: knowledge.instruments).issues
                    }
                    results.append(FileResult(file: name, format: loaded.format, patients: loaded.records.count, issues: issues))
                } catch let error as StepwiseError {
                    if error.code == .notFound { unreadable = true }
                    results.append(
                        FileResult(
                            file: name, format: nil, patients: 0,
                            issues: [InputIssue(path: error.location ?? name, message: error.message)]))
                }
            }
            switch format {
            case .json:
                print(try prettyJSON(results))
            case .text:
                for result in results {
                    let errors = result.issues.filter { $0.severity == "error" }.count
                    if result.issues.isEmpty {
                        print("\(result.file): valid (\(result.format ?? "?"), \(result.patients) patient(s))")
                    } else {
                        print("\(result.file): \(errors) error(s), \(result.issues.count - errors) warning(s)")
                        for issue in result.issues {
                            let location = issue.path.hasPrefix(result.file) ? issue.path : "\(result.file) \(issue.path)"
                            print("  \(issue.severity): \(location): \(issue.message)")
                        }
                    }
                }
            }
            if unreadable { throw ExitCode(ExitStatus.noInput) }
            if results.contains(where: { $0.issues.contains { $0.severity == "error" } }) {
                throw ExitCode(ExitStatus.dataError)
            }
        }

        struct FileResult: Encodable {
            var file: String
            var format: String?
            var patients: Int
            var issues: [InputIssue]
        }
    }

    /// Output formats of `validate`.
    enum ValidateFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }
}
