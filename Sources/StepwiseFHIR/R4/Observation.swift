// SPDX-License-Identifier: Apache-2.0

extension R4 {
    /// A measurement or assertion (`Observation`): scale totals, item answers, labs, and
    /// Stepwise's staging results on export.
    public struct Observation: Codable, Sendable, Equatable {
        /// Always `Observation`.
        public var resourceType: String = "Observation"
        /// Logical id.
        public var id: String?
        /// Metadata.
        public var meta: Meta?
        /// Human-readable summary.
        public var text: Narrative?
        /// Business identifiers.
        public var identifier: [Identifier]?
        /// `registered`, `preliminary`, `final`, `amended`, `corrected`, `cancelled`,
        /// `entered-in-error`, `unknown`.
        public var status: String
        /// Classification (e.g. `survey`, `laboratory`).
        public var category: [CodeableConcept]?
        /// What was observed.
        public var code: CodeableConcept
        /// Who it is about.
        public var subject: Reference?
        /// The encounter.
        public var encounter: Reference?
        /// Clinically relevant time (dateTime).
        public var effectiveDateTime: String?
        /// Clinically relevant period.
        public var effectivePeriod: Period?
        /// Clinically relevant instant.
        public var effectiveInstant: String?
        /// When this version was made available (instant).
        public var issued: String?
        /// Who is responsible.
        public var performer: [Reference]?
        /// Value as a quantity.
        public var valueQuantity: Quantity?
        /// Value as a concept.
        public var valueCodeableConcept: CodeableConcept?
        /// Value as a string.
        public var valueString: String?
        /// Value as a boolean.
        public var valueBoolean: Bool?
        /// Value as an integer.
        public var valueInteger: Int?
        /// Value as a dateTime.
        public var valueDateTime: String?
        /// Why the value is missing.
        public var dataAbsentReason: CodeableConcept?
        /// High, low, normal, etc.
        public var interpretation: [CodeableConcept]?
        /// Comments.
        public var note: [Annotation]?
        /// Method used.
        public var method: CodeableConcept?
        /// Related resources that belong to this observation (e.g. item observations of a panel).
        public var hasMember: [Reference]?
        /// Resources it was derived from (e.g. the QuestionnaireResponse scored).
        public var derivedFrom: [Reference]?
        /// Component results (e.g. MSM dimensions).
        public var component: [Component]?

        /// Creates an observation.
        public init(id: String? = nil, status: String = "final", code: CodeableConcept, subject: Reference? = nil) {
            self.id = id
            self.status = status
            self.code = code
            self.subject = subject
        }

        /// A component result (`Observation.component`).
        public struct Component: Codable, Sendable, Equatable {
            /// What was observed.
            public var code: CodeableConcept
            /// Value as a quantity.
            public var valueQuantity: Quantity?
            /// Value as a concept.
            public var valueCodeableConcept: CodeableConcept?
            /// Value as a string.
            public var valueString: String?
            /// Value as a boolean.
            public var valueBoolean: Bool?
            /// Value as an integer.
            public var valueInteger: Int?
            /// Why the value is missing.
            public var dataAbsentReason: CodeableConcept?

            /// Creates a component.
            public init(code: CodeableConcept) {
                self.code = code
            }
        }
    }
}
