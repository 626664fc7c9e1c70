// SPDX-License-Identifier: Apache-2.0

extension R4 {
    /// Any resource Stepwise models, chosen by `resourceType` on decoding.
    ///
    /// Resource types Stepwise does not model decode as ``other(_:)`` (keeping only the type), so
    /// a Bundle that also carries Claims, Immunizations or DiagnosticReports still reads.
    ///
    /// Every case is stored indirectly (boxed): a resource is one reference, so the bulk importer
    /// and the mapper move and copy resources without copying their (large) structs.
    public indirect enum Resource: Sendable, Equatable {
        /// A `Patient`.
        case patient(Patient)
        /// An `Observation`.
        case observation(Observation)
        /// A `QuestionnaireResponse`.
        case questionnaireResponse(QuestionnaireResponse)
        /// A `Questionnaire`.
        case questionnaire(Questionnaire)
        /// A `Medication` (the target of `medicationReference`).
        case medication(Medication)
        /// A `MedicationStatement`.
        case medicationStatement(MedicationStatement)
        /// A `MedicationRequest`.
        case medicationRequest(MedicationRequest)
        /// A `MedicationDispense`.
        case medicationDispense(MedicationDispense)
        /// A `Condition`.
        case condition(Condition)
        /// A `Procedure`.
        case procedure(Procedure)
        /// An `Encounter`.
        case encounter(Encounter)
        /// A `CarePlan`.
        case carePlan(CarePlan)
        /// A `DetectedIssue`.
        case detectedIssue(DetectedIssue)
        /// An `OperationOutcome`.
        case operationOutcome(OperationOutcome)
        /// A nested `Bundle` (e.g. a searchset inside a collection).
        case bundle(Bundle)
        /// A resource type Stepwise does not model; only its type is kept.
        case other(String)

        /// The FHIR resource type name.
        public var resourceType: String {
            switch self {
            case .patient: "Patient"
            case .observation: "Observation"
            case .questionnaireResponse: "QuestionnaireResponse"
            case .questionnaire: "Questionnaire"
            case .medication: "Medication"
            case .medicationStatement: "MedicationStatement"
            case .medicationRequest: "MedicationRequest"
            case .medicationDispense: "MedicationDispense"
            case .condition: "Condition"
            case .procedure: "Procedure"
            case .encounter: "Encounter"
            case .carePlan: "CarePlan"
            case .detectedIssue: "DetectedIssue"
            case .operationOutcome: "OperationOutcome"
            case .bundle: "Bundle"
            case .other(let type): type
            }
        }

        /// The logical id, when the resource has one (`nil` for ``other(_:)``).
        public var id: String? {
            switch self {
            case .patient(let r): r.id
            case .observation(let r): r.id
            case .questionnaireResponse(let r): r.id
            case .questionnaire(let r): r.id
            case .medication(let r): r.id
            case .medicationStatement(let r): r.id
            case .medicationRequest(let r): r.id
            case .medicationDispense(let r): r.id
            case .condition(let r): r.id
            case .procedure(let r): r.id
            case .encounter(let r): r.id
            case .carePlan(let r): r.id
            case .detectedIssue(let r): r.id
            case .operationOutcome(let r): r.id
            case .bundle(let r): r.id
            case .other: nil
            }
        }
    }
}

extension R4.Resource: Codable {
    private enum TypeKey: String, CodingKey { case resourceType }

    /// Decodes the resource named by `resourceType`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TypeKey.self)
        let type = try container.decode(String.self, forKey: .resourceType)
        switch type {
        case "Patient": self = .patient(try R4.Patient(from: decoder))
        case "Observation": self = .observation(try R4.Observation(from: decoder))
        case "QuestionnaireResponse": self = .questionnaireResponse(try R4.QuestionnaireResponse(from: decoder))
        case "Questionnaire": self = .questionnaire(try R4.Questionnaire(from: decoder))
        case "Medication": self = .medication(try R4.Medication(from: decoder))
        case "MedicationStatement": self = .medicationStatement(try R4.MedicationStatement(from: decoder))
        case "MedicationRequest": self = .medicationRequest(try R4.MedicationRequest(from: decoder))
        case "MedicationDispense": self = .medicationDispense(try R4.MedicationDispense(from: decoder))
        case "Condition": self = .condition(try R4.Condition(from: decoder))
        case "Procedure": self = .procedure(try R4.Procedure(from: decoder))
        case "Encounter": self = .encounter(try R4.Encounter(from: decoder))
        case "CarePlan": self = .carePlan(try R4.CarePlan(from: decoder))
        case "DetectedIssue": self = .detectedIssue(try R4.DetectedIssue(from: decoder))
        case "OperationOutcome": self = .operationOutcome(try R4.OperationOutcome(from: decoder))
        case "Bundle": self = .bundle(try R4.Bundle(from: decoder))
        default: self = .other(type)
        }
    }

    /// Encodes the wrapped resource (``other(_:)`` encodes only its `resourceType`).
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .patient(let r): try r.encode(to: encoder)
        case .observation(let r): try r.encode(to: encoder)
        case .questionnaireResponse(let r): try r.encode(to: encoder)
        case .questionnaire(let r): try r.encode(to: encoder)
        case .medication(let r): try r.encode(to: encoder)
        case .medicationStatement(let r): try r.encode(to: encoder)
        case .medicationRequest(let r): try r.encode(to: encoder)
        case .medicationDispense(let r): try r.encode(to: encoder)
        case .condition(let r): try r.encode(to: encoder)
        case .procedure(let r): try r.encode(to: encoder)
        case .encounter(let r): try r.encode(to: encoder)
        case .carePlan(let r): try r.encode(to: encoder)
        case .detectedIssue(let r): try r.encode(to: encoder)
        case .operationOutcome(let r): try r.encode(to: encoder)
        case .bundle(let r): try r.encode(to: encoder)
        case .other(let type):
            var container = encoder.container(keyedBy: TypeKey.self)
            try container.encode(type, forKey: .resourceType)
        }
    }
}
