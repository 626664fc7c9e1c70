// SPDX-License-Identifier: Apache-2.0

extension R4 {
    /// A completed questionnaire (`QuestionnaireResponse`), e.g. as LHC-Forms writes it.
    public struct QuestionnaireResponse: Codable, Sendable, Equatable {
        /// Always `QuestionnaireResponse`.
        public var resourceType: String = "QuestionnaireResponse"
        /// Logical id.
        public var id: String?
        /// Metadata.
        public var meta: Meta?
        /// Extensions.
        public var `extension`: [Extension]?
        /// Business identifier.
        public var identifier: Identifier?
        /// The canonical URL of the Questionnaire answered.
        public var questionnaire: String?
        /// `in-progress`, `completed`, `amended`, `entered-in-error`, `stopped`.
        public var status: String
        /// Who the answers are about.
        public var subject: Reference?
        /// The encounter.
        public var encounter: Reference?
        /// When the answers were gathered (dateTime).
        public var authored: String?
        /// Who recorded the answers.
        public var author: Reference?
        /// Who gave the answers.
        public var source: Reference?
        /// Groups and questions.
        public var item: [Item]?

        /// Creates a response.
        public init(id: String? = nil, status: String = "completed", subject: Reference? = nil, item: [Item]? = nil) {
            self.id = id
            self.status = status
            self.subject = subject
            self.item = item
        }

        /// A group or question with its answers.
        public struct Item: Codable, Sendable, Equatable {
            /// Extensions.
            public var `extension`: [Extension]?
            /// The Questionnaire item's linkId (LHC-Forms writes `/44260-8`).
            public var linkId: String
            /// The Questionnaire element this answers (an ElementDefinition URI, may carry a code).
            public var definition: String?
            /// Not in base R4 but written by some tools: the item's codes. Read, never written.
            public var code: [Coding]?
            /// Question text.
            public var text: String?
            /// Answers.
            public var answer: [Answer]?
            /// Nested items (groups).
            public var item: [Item]?

            /// Creates an item.
            public init(linkId: String, text: String? = nil, answer: [Answer]? = nil, item: [Item]? = nil) {
                self.linkId = linkId
                self.text = text
                self.answer = answer
                self.item = item
            }
        }

        /// One answer.
        public struct Answer: Codable, Sendable, Equatable {
            /// Extensions (e.g. `ordinalValue`).
            public var `extension`: [Extension]?
            /// Answer as a coding.
            public var valueCoding: Coding?
            /// Answer as an integer.
            public var valueInteger: Int?
            /// Answer as a decimal.
            public var valueDecimal: Double?
            /// Answer as a string.
            public var valueString: String?
            /// Answer as a boolean.
            public var valueBoolean: Bool?
            /// Answer as a quantity.
            public var valueQuantity: Quantity?
            /// Nested items under this answer.
            public var item: [Item]?

            /// Creates an answer.
            public init(valueCoding: Coding? = nil, valueInteger: Int? = nil, valueDecimal: Double? = nil) {
                self.valueCoding = valueCoding
                self.valueInteger = valueInteger
                self.valueDecimal = valueDecimal
            }
        }
    }
}
