// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import StepwiseCore

/// Every clinical value in the bundled knowledge files must name a source that exists.
@Suite struct KnowledgeIntegrityTests {
    static let files = KnowledgeResource.fileNames()

    static func json(_ name: String) throws -> [String: Any] {
        let data = try KnowledgeResource.data(name)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(name).json")
    }

    /// All source ids defined by any file, with their citations.
    static func registry() throws -> [String: [String]] {
        var registry: [String: [String]] = [:]
        for name in files {
            let object = try json(name)
            for source in object["sources"] as? [[String: Any]] ?? [] {
                if let id = source["id"] as? String, let citation = source["citation"] as? String {
                    registry[id, default: []].append(citation)
                }
            }
        }
        return registry
    }

    @Test func knowledgeFilesAreBundled() {
        for expected in ["profiles", "instruments", "drugs", "conditions"] {
            #expect(Self.files.contains(expected), "missing \(expected).json")
        }
    }

    @Test(arguments: files)
    func fileHasVersionAndValidSourceList(name: String) throws {
        let object = try Self.json(name)
        #expect(object["version"] is String, "\(name).json has no version")
        let sources = try #require(object["sources"] as? [[String: Any]], "\(name).json has no sources list")
        for source in sources {
            let id = source["id"] as? String ?? "?"
            #expect(!(source["citation"] as? String ?? "").isEmpty, "\(name).json source \(id) has no citation")
            let status = source["status"] as? String ?? ""
            #expect(SourceCitation.Status(rawValue: status) != nil, "\(name).json source \(id) has status \(status)")
        }
    }

    @Test func sourceIdsAreNotDefinedTwiceWithDifferentCitations() throws {
        for (id, citations) in try Self.registry() {
            #expect(Set(citations).count == 1, "source \(id) is defined with \(Set(citations).count) different citations")
        }
    }

    @Test(arguments: files)
    func everyValueCitesKnownSources(name: String) throws {
        let registry = try Self.registry()
        let object = try Self.json(name)
        var problems: [String] = []
        Self.walk(object, path: name, isRoot: true, registry: registry, problems: &problems)
        #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
    }

    @Test(arguments: files)
    func everyCatalogueEntryIsCited(name: String) throws {
        let object = try Self.json(name)
        var problems: [String] = []
        for (key, value) in object where key != "sources" {
            guard let entries = value as? [[String: Any]] else { continue }
            for (index, entry) in entries.enumerated() where !Self.containsSources(entry) {
                problems.append("\(name).json \(key)[\(index)] (\(entry["id"] ?? entry["name"] ?? "?")) cites no source")
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
    }

    /// A value object (`{"value": …}`) must carry non-empty `sources`; every `sources` list of ids
    /// must be non-empty and name defined sources.
    static func walk(
        _ node: Any, path: String, isRoot: Bool, registry: [String: [String]], problems: inout [String]
    ) {
        if let object = node as? [String: Any] {
            if object["value"] != nil {
                let ids = object["sources"] as? [String] ?? []
                if ids.isEmpty { problems.append("\(path): value without sources") }
            }
            for (key, child) in object {
                if key == "sources" {
                    if isRoot { continue }
                    if let ids = child as? [String] {
                        if ids.isEmpty { problems.append("\(path).sources is empty") }
                        for id in ids where registry[id] == nil {
                            problems.append("\(path).sources cites unknown source \"\(id)\"")
                        }
                    }
                    continue
                }
                walk(child, path: "\(path).\(key)", isRoot: false, registry: registry, problems: &problems)
            }
        } else if let array = node as? [Any] {
            for (index, child) in array.enumerated() {
                walk(child, path: "\(path)[\(index)]", isRoot: false, registry: registry, problems: &problems)
            }
        }
    }

    static func containsSources(_ node: Any) -> Bool {
        if let object = node as? [String: Any] {
            if let ids = object["sources"] as? [String], !ids.isEmpty { return true }
            return object.values.contains { containsSources($0) }
        }
        if let array = node as? [Any] { return array.contains { containsSources($0) } }
        return false
    }

    @Test func theWholeKnowledgeBaseLoads() throws {
        let knowledge = try KnowledgeBase.bundled()
        #expect(knowledge.profiles.defaultValue != nil)
        #expect(!knowledge.rules.sources.isEmpty)
    }

    @Test func everyRuleExplanationCitesKnownSources() throws {
        let catalog = try RuleCatalog.bundled()
        for rule in catalog.rules.values {
            #expect(!rule.sources.isEmpty, "rule \(rule.id) cites no source")
            for id in rule.sources {
                #expect(catalog.source(id) != nil, "rule \(rule.id) cites unknown source \(id)")
            }
            #expect(!rule.text.isEmpty, "rule \(rule.id) has no text")
        }
    }

    @Test func profilesUseTheDocumentedBoundaries() throws {
        let profiles = try KnowledgeResource.load("profiles", as: ProfileCatalog.self)
        let mgh = try #require(profiles.profile("mgh-atrq"))
        #expect(mgh.adequateWeeks.value == 6)
        #expect(mgh.responsePercent.value == 50)
        #expect(mgh.partialResponsePercent.value == 25)
        #expect(mgh.adherenceThresholdPercent.value == 80)
        let euPearl = try #require(profiles.profile("eu-pearl-2022"))
        #expect(euPearl.adequateWeeks.value == 4)
        #expect(profiles.defaultProfile == "mgh-atrq")
    }
}
