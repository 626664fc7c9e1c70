// SPDX-License-Identifier: Apache-2.0

extension R4 {
    /// A record that a patient is, was or will be taking a medication (`MedicationStatement`).
    public struct MedicationStatement: Codable, Sendable, Equatable {
        /// Always `MedicationStatement`.
        public var resourceType: String = "MedicationStatement"
        /// Logical id.
        public var id: String?
        /// Metadata.
        public var meta: Meta?
        /// `active`, `completed`, `entered-in-error`, `intended`, `stopped`, `on-hold`, `unknown`,
        /// `not-taken`.
        public var status: String
        /// Why the status is what it is (e.g. stopped for an adverse reaction).
        public var statusReason: [CodeableConcept]?
        /// The medication as a concept (RxNorm).
        public var medicationCodeableConcept: CodeableConcept?
        /// The medication as a reference to a `Medication` resource.
        public var medicationReference: Reference?
        /// Who is taking it.
        public var subject: Reference?
        /// When it is/was taken (dateTime).
        public var effectiveDateTime: String?
        /// When it is/was taken (period).
        public var effectivePeriod: Period?
        /// When the statement was asserted.
        public var dateAsserted: String?
        /// Why it is taken.
        public var reasonCode: [CodeableConcept]?
        /// Further information.
        public var note: [Annotation]?
        /// How it is taken.
        public var dosage: [Dosage]?

        /// Creates a statement.
        public init(id: String? = nil, status: String, medicationCodeableConcept: CodeableConcept? = nil, subject: Reference? = nil) {
            self.id = id
            self.status = status
            self.medicationCodeableConcept = medicationCodeableConcept
            self.subject = subject
        }
    }

    /// An order for a medication (`MedicationRequest`).
    public struct MedicationRequest: Codable, Sendable, Equatable {
        /// Always `MedicationRequest`.
        public var resourceType: String = "MedicationRequest"
        /// Logical id.
        public var id: String?
        /// Metadata.
        public var meta: Meta?
        /// `active`, `on-hold`, `cancelled`, `completed`, `entered-in-error`, `stopped`, `draft`,
        /// `unknown`.
        public var status: String
        /// Why the status is what it is.
        public var statusReason: CodeableConcept?
        /// `proposal`, `plan`, `order`, `original-order`, `reflex-order`, `filler-order`,
        /// `instance-order`, `option`.
        public var intent: String
        /// The medication as a concept (RxNorm).
        public var medicationCodeableConcept: CodeableConcept?
        /// The medication as a reference.
        public var medicationReference: Reference?
        /// Who it is for.
        public var subject: Reference?
        /// The encounter.
        public var encounter: Reference?
        /// When the request was first authored.
        public var authoredOn: String?
        /// Who asked for it.
        public var requester: Reference?
        /// Why it was ordered.
        public var reasonCode: [CodeableConcept]?
        /// Comments.
        public var note: [Annotation]?
        /// How it should be taken.
        public var dosageInstruction: [Dosage]?
        /// Dispense details.
        public var dispenseRequest: DispenseRequest?

        /// Creates a request.
        public init(id: String? = nil, status: String, intent: String = "order", medicationCodeableConcept: CodeableConcept? = nil, subject: Reference? = nil) {
            self.id = id
            self.status = status
            self.intent = intent
            self.medicationCodeableConcept = medicationCodeableConcept
            self.subject = subject
        }

        /// Dispense details (`MedicationRequest.dispenseRequest`).
        public struct DispenseRequest: Codable, Sendable, Equatable {
            /// Period the prescription is valid for.
            public var validityPeriod: Period?
            /// Number of refills authorised.
            public var numberOfRepeatsAllowed: Int?
            /// Amount per dispense.
            public var quantity: Quantity?
            /// Days supply per dispense.
            public var expectedSupplyDuration: Duration?

            /// Creates dispense details.
            public init(numberOfRepeatsAllowed: Int? = nil, quantity: Quantity? = nil) {
                self.numberOfRepeatsAllowed = numberOfRepeatsAllowed
                self.quantity = quantity
            }
        }
    }

    /// A supply of a medication handed out (`MedicationDispense`).
    public struct MedicationDispense: Codable, Sendable, Equatable {
        /// Always `MedicationDispense`.
        public var resourceType: String = "MedicationDispense"
        /// Logical id.
        public var id: String?
        /// Metadata.
        public var meta: Meta?
        /// `preparation`, `in-progress`, `cancelled`, `on-hold`, `completed`, `entered-in-error`,
        /// `stopped`, `declined`, `unknown`.
        public var status: String
        /// The medication as a concept (RxNorm).
        public var medicationCodeableConcept: CodeableConcept?
        /// The medication as a reference.
        public var medicationReference: Reference?
        /// Who it is for.
        public var subject: Reference?
        /// The prescription(s) it fills.
        public var authorizingPrescription: [Reference]?
        /// Amount dispensed.
        public var quantity: Quantity?
        /// Days of supply.
        public var daysSupply: Quantity?
        /// When prepared.
        public var whenPrepared: String?
        /// When handed over.
        public var whenHandedOver: String?
        /// How it should be taken.
        public var dosageInstruction: [Dosage]?

        /// Creates a dispense.
        public init(id: String? = nil, status: String = "completed", medicationCodeableConcept: CodeableConcept? = nil, subject: Reference? = nil) {
            self.id = id
            self.status = status
            self.medicationCodeableConcept = medicationCodeableConcept
            self.subject = subject
        }
    }
}
