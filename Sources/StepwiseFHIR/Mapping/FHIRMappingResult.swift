// SPDX-License-Identifier: Apache-2.0

public import StepwiseCore

/// The outcome of mapping FHIR resources into Stepwise's native records.
public struct FHIRMappingResult: Sendable, Equatable {
    /// One record per patient (grouped by the resources' subject reference), in first-seen order.
    public var records: [PatientRecord]
    /// Everything that could not be mapped (or was mapped with a caveat), with where and why.
    public var issues: [FHIRMappingIssue]

    /// Creates a result.
    public init(records: [PatientRecord] = [], issues: [FHIRMappingIssue] = []) {
        self.records = records
        self.issues = issues
    }
}

/// One resource (or part of one) that could not be mapped, or was mapped with a caveat.
///
/// Messages never contain patient data: they name the resource, the element and the code or
/// unit that was not understood.
public struct FHIRMappingIssue: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The resource: `Observation/abc`, or `entry[3]` when it has no id (or did not decode).
    public var resource: String
    /// The FHIR element concerned, e.g. `valueQuantity.unit` or `$.entry[3].resource.status`.
    public var path: String
    /// What was wrong, what was expected and what Stepwise did about it.
    public var reason: String
    /// The patient record it concerns, when known (the record's pseudonymous id).
    public var patient: String?

    /// Creates an issue.
    public init(resource: String, path: String, reason: String, patient: String? = nil) {
        self.resource = resource
        self.path = path
        self.reason = reason
        self.patient = patient
    }

    public var description: String { "\(resource) \(path): \(reason)" }

    /// The issue as an `InputIssue` of an assessment report (`severity` `warning`).
    public var inputIssue: InputIssue {
        InputIssue(path: "\(resource).\(path)", message: reason, severity: "warning")
    }
}
