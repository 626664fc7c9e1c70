// SPDX-License-Identifier: Apache-2.0

/// The names of the medications a hook's prefetch shows as currently ordered, for the order checks
/// that concern drugs outside the drug catalogue (linezolid and methylene blue act as MAO inhibitors but
/// are not depression treatments, so the mapper keeps no trial for them).
public enum CDSPrefetchMedications {
    /// The statuses of a `MedicationRequest` that mean the medication is being given.
    static let activeStatuses: Set<String> = ["active", "on-hold"]

    /// The medication's text and each coding's display, for every `MedicationRequest` in `resources`
    /// whose status is `active` or `on-hold`, in order. A request that names its medication only by a
    /// `medicationReference` is not read.
    public static func activeNames(in resources: some Sequence<R4.Resource>) -> [String] {
        var names: [String] = []
        for resource in resources {
            if case .medicationRequest(let request) = resource { append(request, to: &names) }
        }
        return names
    }

    /// ``activeNames(in:)`` over resources read for mapping.
    static func activeNames(in items: [MappableResource]) -> [String] {
        var names: [String] = []
        for item in items {
            if case .resource(.medicationRequest(let request)) = item { append(request, to: &names) }
        }
        return names
    }

    private static func append(_ request: R4.MedicationRequest, to names: inout [String]) {
        guard activeStatuses.contains(request.status), let concept = request.medicationCodeableConcept else { return }
        if let text = concept.text { names.append(text) }
        for coding in concept.coding ?? [] {
            if let display = coding.display { names.append(display) }
        }
    }
}
