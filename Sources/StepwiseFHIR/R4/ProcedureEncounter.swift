// SPDX-License-Identifier: Apache-2.0

extension R4 {
    /// An action performed on a patient (`Procedure`), e.g. one ECT or rTMS session.
    public struct Procedure: Codable, Sendable, Equatable {
        /// Always `Procedure`.
        public var resourceType: String = "Procedure"
        /// Logical id.
        public var id: String?
        /// Metadata.
        public var meta: Meta?
        /// `preparation`, `in-progress`, `not-done`, `on-hold`, `stopped`, `completed`,
        /// `entered-in-error`, `unknown`.
        public var status: String
        /// Why it was not done or stopped.
        public var statusReason: CodeableConcept?
        /// Classification.
        public var category: CodeableConcept?
        /// What was done (CPT, SNOMED CT).
        public var code: CodeableConcept?
        /// Who it was done to.
        public var subject: Reference?
        /// The encounter.
        public var encounter: Reference?
        /// When (dateTime).
        public var performedDateTime: String?
        /// When (period).
        public var performedPeriod: Period?
        /// Why it was done.
        public var reasonCode: [CodeableConcept]?
        /// Body site (e.g. laterality for ECT).
        public var bodySite: [CodeableConcept]?
        /// The outcome.
        public var outcome: CodeableConcept?
        /// Notes.
        public var note: [Annotation]?

        /// Creates a procedure.
        public init(id: String? = nil, status: String = "completed", code: CodeableConcept? = nil, subject: Reference? = nil) {
            self.id = id
            self.status = status
            self.code = code
            self.subject = subject
        }
    }

    /// An interaction between a patient and a provider (`Encounter`).
    public struct Encounter: Codable, Sendable, Equatable {
        /// Always `Encounter`.
        public var resourceType: String = "Encounter"
        /// Logical id.
        public var id: String?
        /// Metadata.
        public var meta: Meta?
        /// `planned`, `arrived`, `triaged`, `in-progress`, `onleave`, `finished`, `cancelled`, …
        public var status: String
        /// Classification (ActCode: `AMB`, `IMP`, …). Required by FHIR; optional here because
        /// Stepwise does not read encounters and should not reject a Bundle over one.
        public var `class`: Coding?
        /// Specific type.
        public var type: [CodeableConcept]?
        /// The patient.
        public var subject: Reference?
        /// Start and end.
        public var period: Period?
        /// Coded reason.
        public var reasonCode: [CodeableConcept]?

        /// Creates an encounter.
        public init(id: String? = nil, status: String, class encounterClass: Coding? = nil, subject: Reference? = nil) {
            self.id = id
            self.status = status
            self.class = encounterClass
            self.subject = subject
        }
    }
}
