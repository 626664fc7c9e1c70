// SPDX-License-Identifier: Apache-2.0

/// A resource ready for the mapper: decoded into the `R4` structs, or an Observation read straight
/// from a JSON tape (``TapeObservation``), which maps to the same records and issues.
enum MappableResource: Sendable {
    case resource(R4.Resource)
    /// A reference (``TapeObservation`` is a class), so an array of resources stays an array of references.
    case observation(TapeObservation)

    /// The FHIR resource type.
    var resourceType: String {
        switch self {
        case .resource(let resource): resource.resourceType
        case .observation: "Observation"
        }
    }

    /// The resource's `id`.
    var id: String? {
        switch self {
        case .resource(let resource): resource.id
        case .observation(let observation): observation.id
        }
    }

    /// The Patient, when it is one.
    var patient: R4.Patient? {
        if case .resource(.patient(let patient)) = self { return patient }
        return nil
    }
}

/// One resource on a JSON tape, for ``FHIRRecordMapper/map(tape:entries:)``.
struct TapeEntry: Sendable {
    /// The token index of the resource's object.
    var root: Int
    /// The entry's `fullUrl` (a reference target for Patients), when there is one.
    var fullUrl: String?
    /// The index in the resource label `resource[i]` (used when the resource has no id).
    var position: Int
}

extension FHIRRecordMapper {
    /// Reads every entry from `tape` (Observations straight from the tape, the rest with
    /// ``BulkResourceDecoder``) and maps them together: the records, issues and labels of
    /// ``map(resources:)`` given the same resources decoded in that order (labels `Type/id`, else
    /// `resource[position]`). Entries that cannot be read are left out and returned with why.
    func map(
        tape: JSONTape, entries: [TapeEntry]
    ) -> (result: FHIRMappingResult, failures: [(position: Int, failure: BulkResourceDecoder.Failure)]) {
        var inputs: [MappingInput] = []
        inputs.reserveCapacity(entries.count)
        var failures: [(position: Int, failure: BulkResourceDecoder.Failure)] = []
        for entry in entries {
            do throws(BulkResourceDecoder.Failure) {
                let resource = try BulkResourceDecoder.decodeMappable(tape, root: entry.root, expectedType: nil)
                inputs.append(
                    MappingInput(
                        resource: resource, fullUrl: entry.fullUrl, ordinal: inputs.count, positionPrefix: "resource[",
                        index: entry.position))
            } catch {
                failures.append((entry.position, error))
            }
        }
        var run = MappingRun(mapper: self)
        return (run.map(inputs), failures)
    }
}
