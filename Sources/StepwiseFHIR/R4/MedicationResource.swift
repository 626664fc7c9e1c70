// SPDX-License-Identifier: Apache-2.0

extension R4 {
    /// A medication definition (`Medication`), referenced by `medicationReference`.
    public struct Medication: Codable, Sendable, Equatable {
        /// Always `Medication`.
        public var resourceType: String = "Medication"
        /// Logical id.
        public var id: String?
        /// Metadata.
        public var meta: Meta?
        /// The product (RxNorm).
        public var code: CodeableConcept?
        /// `active`, `inactive`, `entered-in-error`.
        public var status: String?
        /// Dose form.
        public var form: CodeableConcept?

        /// Creates a medication.
        public init(id: String? = nil, code: CodeableConcept? = nil) {
            self.id = id
            self.code = code
        }
    }
}
