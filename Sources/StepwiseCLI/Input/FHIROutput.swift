// SPDX-License-Identifier: Apache-2.0
import StepwiseCore

/// Renders reports as FHIR R4 (wired to the FHIR exporter).
enum FHIROutput {
    static func render(reports: [AssessmentReport], records: [PatientRecord]) throws -> String {
        throw StepwiseError(.unavailable, "FHIR output is not available in this build")
    }
}
