// SPDX-License-Identifier: Apache-2.0

extension R4 {
    /// A structured set of questions (`Questionnaire`).
    public struct Questionnaire: Codable, Sendable, Equatable {
        /// Always `Questionnaire`.
        public var resourceType: String = "Questionnaire"
        /// Logical id.
        public var id: String?
        /// Metadata.
        public var meta: Meta?
        /// Human-readable summary.
        public var text: Narrative?
        /// Extensions.
        public var `extension`: [Extension]?
        /// Canonical URL.
        public var url: String?
        /// Business identifiers.
        public var identifier: [Identifier]?
        /// Business version.
        public var version: String?
        /// Computer-friendly name.
        public var name: String?
        /// Human-friendly name.
        public var title: String?
        /// `draft`, `active`, `retired`, `unknown`.
        public var status: String
        /// For testing purposes.
        public var experimental: Bool?
        /// Resource types that can be subjects.
        public var subjectType: [String]?
        /// Publisher.
        public var publisher: String?
        /// Natural-language description (markdown).
        public var description: String?
        /// Use and/or publishing restrictions (markdown).
        public var copyright: String?
        /// Concept that represents the overall questionnaire (e.g. the LOINC panel).
        public var code: [Coding]?
        /// Questions and sections.
        public var item: [Item]?

        /// Creates a questionnaire.
        public init(id: String? = nil, status: String = "active", title: String? = nil, item: [Item]? = nil) {
            self.id = id
            self.status = status
            self.title = title
            self.item = item
        }

        /// A question or section (`Questionnaire.item`).
        public struct Item: Codable, Sendable, Equatable {
            /// Extensions.
            public var `extension`: [Extension]?
            /// Unique id within the questionnaire.
            public var linkId: String
            /// Corresponding concepts (e.g. the LOINC item code).
            public var code: [Coding]?
            /// Display prefix (e.g. "9.").
            public var prefix: String?
            /// Question text.
            public var text: String?
            /// `group`, `display`, `boolean`, `decimal`, `integer`, `choice`, `string`, `quantity`, …
            public var type: String
            /// Whether an answer is required.
            public var required: Bool?
            /// Whether the item may repeat.
            public var repeats: Bool?
            /// Whether the item is read-only (e.g. a calculated total).
            public var readOnly: Bool?
            /// Permitted answers.
            public var answerOption: [AnswerOption]?
            /// Nested items.
            public var item: [Item]?

            /// Creates an item.
            public init(linkId: String, type: String, text: String? = nil, code: [Coding]? = nil) {
                self.linkId = linkId
                self.type = type
                self.text = text
                self.code = code
            }
        }

        /// A permitted answer (`Questionnaire.item.answerOption`).
        public struct AnswerOption: Codable, Sendable, Equatable {
            /// Extensions (e.g. `ordinalValue`).
            public var `extension`: [Extension]?
            /// Answer as a coding.
            public var valueCoding: Coding?
            /// Answer as an integer.
            public var valueInteger: Int?
            /// Answer as a string.
            public var valueString: String?

            /// Creates an answer option.
            public init(valueCoding: Coding? = nil, valueInteger: Int? = nil, extension: [Extension]? = nil) {
                self.valueCoding = valueCoding
                self.valueInteger = valueInteger
                self.extension = `extension`
            }
        }
    }
}
