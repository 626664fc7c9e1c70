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
