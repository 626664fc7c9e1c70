// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import Yams

/// Reads patient records from files: Stepwise's native format as JSON or YAML, or a FHIR R4
/// Bundle (detected automatically from its `resourceType`).
struct RecordLoader {
    /// What a loaded file gave.
    struct Loaded {
        /// The records (a native file holds one; a FHIR Bundle may hold several patients).
        var records: [PatientRecord]
        /// Problems that did not stop loading (unmapped FHIR elements), with where and why.
        var issues: [InputIssue]
        /// `native-json`, `native-yaml` or `fhir-bundle`.
        var format: String
    }

    let knowledge: KnowledgeBase
    /// The assessment date, used by the FHIR mapping to close the adherence window of ongoing trials.
    var asOf: LocalDate? = nil

    /// Loads `path`.
    ///
    /// - Throws: ``StepwiseError`` naming the file and the JSON path (or YAML line) of the problem.
    func load(path: String) throws -> Loaded {
        let name = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StepwiseError(.notFound, "cannot read the file (does it exist and is it readable?)", at: name)
        }
        return try load(data: data, name: name)
    }

    /// Loads a record from bytes; `name` is used in error locations and to choose YAML by extension.
    func load(data: Data, name: String) throws -> Loaded {
        let lower = name.lowercased()
        let isYAML = lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")
        if !isYAML, let fhir = try FHIRInput.loadIfFHIR(data: data, name: name, knowledge: knowledge, asOf: asOf) {
            return fhir
        }
        if isYAML {
            let record = try decodeYAML(data, name: name)
            let tree = (try? String(data: data, encoding: .utf8).flatMap { try Yams.load(yaml: $0) }) ?? nil
            let warnings = tree.map(UnknownFieldCheck.warnings(in:)) ?? []
            return Loaded(records: [record], issues: warnings, format: "native-yaml")
        }
        let record = try decodeJSON(data, name: name)
        let tree = try? JSONSerialization.jsonObject(with: data)
        let warnings = tree.map(UnknownFieldCheck.warnings(in:)) ?? []
        return Loaded(records: [record], issues: warnings, format: "native-json")
    }

    private func decodeJSON(_ data: Data, name: String) throws -> PatientRecord {
        do {
            return try JSONDecoder().decode(PatientRecord.self, from: data)
        } catch let error as DecodingError {
            let described = DecodingErrorDescription(error)
            var location = "\(name) \(described.path)"
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty,
                let line = Self.jsonErrorLine(context.underlyingError, data: data)
            {
                location = "\(name):\(line)"
            }
            throw StepwiseError(.invalidInput, described.message, at: location)
        }
    }

    private func decodeYAML(_ data: Data, name: String) throws -> PatientRecord {
        guard let text = String(data: data, encoding: .utf8) else {
            throw StepwiseError(.invalidInput, "the file is not UTF-8 text", at: name)
        }
        do {
            return try YAMLDecoder().decode(PatientRecord.self, from: text)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, let yamlError = context.underlyingError as? YamlError {
                throw StepwiseError(.invalidInput, Self.describe(yamlError), at: Self.location(yamlError, name: name))
            }
            let described = DecodingErrorDescription(error)
            throw StepwiseError(.invalidInput, described.message, at: "\(name) \(described.path)")
        } catch let error as YamlError {
            throw StepwiseError(.invalidInput, Self.describe(error), at: Self.location(error, name: name))
        }
    }

    /// Foundation reports JSON syntax errors with a character index; turn it into a line number.
    private static func jsonErrorLine(_ underlying: (any Error)?, data: Data) -> Int? {
        guard let nsError = underlying as NSError?,
            let index = nsError.userInfo["NSJSONSerializationErrorIndex"] as? Int
        else { return nil }
        var line = 1
        for (offset, byte) in data.enumerated() {
            if offset >= index { break }
            if byte == UInt8(ascii: "\n") { line += 1 }
        }
        return line
    }

    private static func location(_ error: YamlError, name: String) -> String {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return "\(name):\(mark.line)"
        default:
            return name
        }
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return "the file is not valid YAML (\(problem))"
        default:
            return "the file is not valid YAML"
        }
    }
}
