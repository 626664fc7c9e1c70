// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import StepwiseFHIR
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
        let name = path
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
        // Strict syntax first: Foundation's decoder accepts a trailing comma, which would read a
        // damaged FHIR Bundle as a native record with every entry ignored.
        if let problem = StrictJSON.firstProblem(in: data) {
            throw StepwiseError(
                .invalidInput,
                "the file is not valid JSON: \(problem.message) (line \(problem.line), column \(problem.column))",
                at: "\(name):\(problem.line)")
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
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty,
                let number = JSONNumberDiagnosis.culprit(in: data, decoding: PatientRecord.self)
            {
                // The syntax is valid, so a root-level "not valid JSON" is a number that does not
                // fit its field (1.5 or 10^23 where a whole number is expected).
                throw StepwiseError(.invalidInput, number.message, at: "\(name) \(number.path)")
            }
            let described = DecodingErrorDescription(error)
            throw StepwiseError(.invalidInput, described.message, at: "\(name) \(described.path)")
        }
    }

    private func decodeYAML(_ data: Data, name: String) throws -> PatientRecord {
        guard let text = String(data: data, encoding: .utf8) else {
            throw StepwiseError(.invalidInput, "the file is not UTF-8 text", at: name)
        }
        if text.allSatisfy(\.isWhitespace) {
            throw StepwiseError(.invalidInput, "the file is empty; expected a patient record", at: name)
        }
        do {
            // Anchors and aliases can expand a small file exponentially ("billion laughs"):
            // compose once (aliases stay shared), then count nodes against a budget before decoding.
            guard let node = try Yams.compose(yaml: text) else {
                throw StepwiseError(.invalidInput, "the file holds no YAML document; expected a patient record", at: name)
            }
            var budget = Self.yamlNodeBudget
            guard Self.fits(node, budget: &budget) else {
                throw StepwiseError(
                    .invalidInput,
                    "the YAML expands to more than \(Self.yamlNodeBudget) values (anchors and aliases); a patient record needs far fewer",
                    at: name)
            }
            return try YAMLDecoder().decode(PatientRecord.self, from: node)
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

    /// The most values a YAML record may expand to (a record with 1 000 measurements of 30 answers
    /// is about 40 000).
    static let yamlNodeBudget = 1_000_000

    /// Whether `node` expands to at most `budget` values; stops counting as soon as it does not.
    private static func fits(_ node: Node, budget: inout Int) -> Bool {
        budget -= 1
        guard budget >= 0 else { return false }
        switch node {
        case .scalar, .alias: return true
        case .sequence(let sequence):
            for child in sequence where !fits(child, budget: &budget) { return false }
            return true
        case .mapping(let mapping):
            for (key, value) in mapping where !fits(key, budget: &budget) || !fits(value, budget: &budget) {
                return false
            }
            return true
        }
    }

    private static func location(_ error: YamlError, name: String) -> String {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return "\(name):\(mark.line)"
        case .duplicatedKeysInMapping(_, let context):
            return "\(name):\(context.mark.line)"
        default:
            return name
        }
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return "the file is not valid YAML (\(problem))"
        case .duplicatedKeysInMapping(let duplicates, _):
            let keys = duplicates.sorted().prefix(5).map { $0.count > 40 ? String($0.prefix(40)) + "…" : $0 }
            return "the file is not valid YAML: a key appears twice in one mapping (\(keys.joined(separator: ", "))); each key may appear once"
        default:
            return "the file is not valid YAML"
        }
    }
}
