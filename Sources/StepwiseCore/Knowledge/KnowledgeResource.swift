// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Reads the versioned knowledge files bundled with `StepwiseCore` (`Resources/Knowledge/*.json`).
///
/// This is the only I/O the core performs. Each catalogue (instruments, drugs, profiles, rules,
/// plan options, condition codes) decodes its own file through ``load(_:as:)``.
public enum KnowledgeResource {
    /// The knowledge-base version, bumped whenever a clinical value changes.
    public static let version = "2026.11.6"

    /// Decodes the bundled file `Resources/Knowledge/<name>.json` as `T`.
    ///
    /// - Throws: ``StepwiseError`` with code ``StepwiseError/Code/knowledgeBase`` naming the file and
    ///   JSON path when the file is missing or malformed (a defect of the release, not of user input).
    public static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Knowledge")
        else {
            throw StepwiseError(.knowledgeBase, "bundled knowledge file is missing", at: "\(name).json")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw StepwiseError(.knowledgeBase, "bundled knowledge file cannot be read", at: "\(name).json")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            let described = DecodingErrorDescription(error)
            throw StepwiseError(.knowledgeBase, described.message, at: "\(name).json \(described.path)")
        }
    }

    /// Raw bytes of a bundled knowledge file (used by tests that check every value has a source).
    public static func data(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Knowledge")
        else {
            throw StepwiseError(.knowledgeBase, "bundled knowledge file is missing", at: "\(name).json")
        }
        return try Data(contentsOf: url)
    }

    /// Names (without `.json`) of every bundled knowledge file.
    public static func fileNames() -> [String] {
        guard let dir = Bundle.module.url(forResource: "Knowledge", withExtension: nil),
            let items = try? FileManager.default.contentsOfDirectory(atPath: dir.path)
        else { return [] }
        return items.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }
}
