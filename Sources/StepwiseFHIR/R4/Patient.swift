// SPDX-License-Identifier: Apache-2.0

extension R4 {
    /// Demographics of a person receiving care (`Patient`). Names and addresses are not modelled:
    /// Stepwise does not need them and so never reads them.
    public struct Patient: Codable, Sendable, Equatable {
        /// Always `Patient`.
        public var resourceType: String = "Patient"
        /// Logical id.
        public var id: String?
        /// Metadata.
        public var meta: Meta?
        /// Business identifiers.
        public var identifier: [Identifier]?
        /// Whether the record is in active use.
        public var active: Bool?
        /// `male`, `female`, `other`, `unknown`.
        public var gender: String?
        /// Date of birth (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
        public var birthDate: String?
        /// Deceased flag.
        public var deceasedBoolean: Bool?
        /// Date and time of death.
        public var deceasedDateTime: String?

        /// Creates a patient.
        public init(id: String? = nil, gender: String? = nil, birthDate: String? = nil) {
            self.id = id
            self.gender = gender
            self.birthDate = birthDate
        }
    }
}
