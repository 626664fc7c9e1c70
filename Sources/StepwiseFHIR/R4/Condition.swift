// SPDX-License-Identifier: Apache-2.0

extension R4 {
    /// A problem, diagnosis or other clinical concern (`Condition`).
    public struct Condition: Codable, Sendable, Equatable {
        /// Always `Condition`.
        public var resourceType: String = "Condition"
        /// Logical id.
        public var id: String?
        /// Metadata.
        public var meta: Meta?
        /// `active`, `recurrence`, `relapse`, `inactive`, `remission`, `resolved`.
        public var clinicalStatus: CodeableConcept?
        /// `unconfirmed`, `provisional`, `differential`, `confirmed`, `refuted`, `entered-in-error`.
        public var verificationStatus: CodeableConcept?
        /// `problem-list-item`, `encounter-diagnosis`.
        public var category: [CodeableConcept]?
        /// Subjective severity.
        public var severity: CodeableConcept?
        /// The condition (ICD-10-CM, SNOMED CT).
        public var code: CodeableConcept?
        /// Who has it.
        public var subject: Reference?
        /// The encounter.
        public var encounter: Reference?
        /// Onset as a dateTime.
        public var onsetDateTime: String?
        /// Onset as a period.
        public var onsetPeriod: Period?
        /// Onset as a string.
        public var onsetString: String?
        /// Abatement as a dateTime.
        public var abatementDateTime: String?
        /// Abatement as a period.
        public var abatementPeriod: Period?
        /// Abatement as a string.
        public var abatementString: String?
        /// When first recorded.
        public var recordedDate: String?
        /// Notes.
        public var note: [Annotation]?

        /// Creates a condition.
        public init(id: String? = nil, code: CodeableConcept? = nil, subject: Reference? = nil) {
            self.id = id
            self.code = code
            self.subject = subject
        }
    }
}
