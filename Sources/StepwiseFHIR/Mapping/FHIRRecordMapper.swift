// SPDX-License-Identifier: Apache-2.0

public import Foundation
public import StepwiseCore

/// Maps FHIR R4 resources, as EHRs and Synthea write them, into Stepwise's native
/// ``PatientRecord``s, one per patient.
///
/// Nothing is guessed: what cannot be mapped is reported as a ``FHIRMappingIssue`` naming the
/// resource, the element and the reason (an unknown code, a dose unit that is not mg, an
/// impossible date, a missing subject). The mapping rules are documented in `docs/fhir.md`.
///
/// ```swift
/// let mapper = FHIRRecordMapper(knowledge: try KnowledgeBase.bundled())
/// let result = try mapper.map(bundleData: data)
/// for record in result.records { … }
/// ```
public struct FHIRRecordMapper: Sendable {
    /// The knowledge base (instrument LOINC codes, drug catalogue, condition codes).
    public let knowledge: KnowledgeBase
    /// "Today", used only to close the adherence window of ongoing trials; without it the
    /// proportion of days covered is not computed for ongoing trials.
    public var asOf: LocalDate?
    let vocabulary: MappingVocabulary

    /// Creates a mapper.
    ///
    /// - Parameters:
    ///   - knowledge: the knowledge base.
    ///   - asOf: the assessment date, used for the adherence window of ongoing trials.
    public init(knowledge: KnowledgeBase, asOf: LocalDate? = nil) {
        self.knowledge = knowledge
        self.asOf = asOf
        self.vocabulary = MappingVocabulary(knowledge: knowledge)
    }

    /// Whether `data` looks like FHIR JSON (a JSON object with a top-level `resourceType`), for
    /// telling a FHIR Bundle from Stepwise's native record format.
    public static func looksLikeFHIR(_ data: Data) -> Bool {
        JSONSyntax.hasTopLevelMember("resourceType", in: data)
    }

    /// Decodes a Bundle (or a single resource) and maps it.
    ///
    /// - Throws: ``StepwiseError`` when the input is not JSON (with line and column), or its top
    ///   level is not a FHIR resource. Problems inside entries are issues, not errors.
    public func map(bundleData: Data) throws -> FHIRMappingResult {
        switch try FHIRJSON.decodeResource(bundleData) {
        case .bundle(let bundle): return map(bundle: bundle)
        case let resource: return map(resources: [resource])
        }
    }

    /// Maps every entry of `bundle`; entries that did not decode become issues.
    public func map(bundle: R4.Bundle) -> FHIRMappingResult {
        var inputs: [MappingInput] = []
        var issues: [FHIRMappingIssue] = []
        collect(bundle, prefix: "", into: &inputs, issues: &issues)
        var run = MappingRun(mapper: self)
        run.issues = issues
        return run.map(inputs)
    }

    /// Maps loose resources (e.g. from NDJSON); labels are `Type/id` or `resource[i]`.
    public func map(resources: [R4.Resource]) -> FHIRMappingResult {
        var inputs: [MappingInput] = []
        var issues: [FHIRMappingIssue] = []
        for (index, resource) in resources.enumerated() {
            if case .bundle(let nested) = resource {
                collect(nested, prefix: "resource[\(index)].", into: &inputs, issues: &issues)
            } else {
                inputs.append(
                    MappingInput(resource: .resource(resource), fullUrl: nil, ordinal: inputs.count, positionPrefix: "resource[", index: index))
            }
        }
        var run = MappingRun(mapper: self)
        run.issues = issues
        return run.map(inputs)
    }

    /// ``map(resources:)`` for resources of which some are Observations read straight from a JSON
    /// tape (see ``BulkResourceDecoder/decodeMappable(_:root:expectedType:)``): the same records,
    /// issues and labels (`Type/id` or `resource[i]`) as mapping the same resources decoded.
    func map(mappable resources: [MappableResource]) -> FHIRMappingResult {
        var inputs: [MappingInput] = []
        inputs.reserveCapacity(resources.count)
        var issues: [FHIRMappingIssue] = []
        for (index, resource) in resources.enumerated() {
            if case .resource(.bundle(let nested)) = resource {
                collect(nested, prefix: "resource[\(index)].", into: &inputs, issues: &issues)
            } else {
                inputs.append(
                    MappingInput(resource: resource, fullUrl: nil, ordinal: inputs.count, positionPrefix: "resource[", index: index))
            }
        }
        var run = MappingRun(mapper: self)
        run.issues = issues
        return run.map(inputs)
    }

    private func collect(_ bundle: R4.Bundle, prefix: String, into inputs: inout [MappingInput], issues: inout [FHIRMappingIssue]) {
        let entryPrefix = "\(prefix)entry["
        for (index, entry) in (bundle.entry ?? []).enumerated() {
            let position = "\(entryPrefix)\(index)]"
            if let problem = entry.problem {
                issues.append(
                    FHIRMappingIssue(
                        resource: position, path: problem.path,
                        reason: "\(problem.message); the entry was not used"))
                continue
            }
            guard let resource = entry.resource else {
                if entry.request?.method.uppercased() != "DELETE" {
                    issues.append(FHIRMappingIssue(resource: position, path: "resource", reason: "the entry has no resource"))
                }
                continue
            }
            if case .bundle(let nested) = resource {
                collect(nested, prefix: "\(position).resource.", into: &inputs, issues: &issues)
                continue
            }
            inputs.append(
                MappingInput(
                    resource: .resource(resource), fullUrl: entry.fullUrl, ordinal: inputs.count, positionPrefix: entryPrefix,
                    index: index))
        }
    }
}

/// One resource to map, with where it came from.
struct MappingInput {
    var resource: MappableResource
    var fullUrl: String?
    /// Where it is in the mapping run's inputs (unique within a run).
    var ordinal: Int
    /// `entry[` or `resource[` (with any nesting prefix), completed by `index` into ``position``.
    var positionPrefix: String
    var index: Int

    /// `entry[3]` or `resource[3]` (built only when an issue or a label needs it).
    var position: String { "\(positionPrefix)\(index)]" }

    /// `Observation/abc` when the resource has an id, else the position.
    var label: String {
        switch resource {
        case .observation(let observation):
            return observation.label ?? position
        case .resource(let resource):
            if let id = resource.id, !id.isEmpty { return "\(resource.resourceType)/\(id)" }
            return position
        }
    }
}
