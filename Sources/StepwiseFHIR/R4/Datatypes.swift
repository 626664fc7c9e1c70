// SPDX-License-Identifier: Apache-2.0

extension R4 {
    /// A reference to a code in a code system (`Coding`).
    public struct Coding: Codable, Sendable, Equatable, Hashable {
        /// The code system URI (e.g. `http://loinc.org`).
        public var system: String?
        /// The version of the code system.
        public var version: String?
        /// The code.
        public var code: String?
        /// A human-readable representation.
        public var display: String?
        /// Whether the user selected this coding directly.
        public var userSelected: Bool?
        /// Extensions (e.g. `ordinalValue` on an answer coding).
        public var `extension`: [Extension]?

        /// Creates a coding.
        public init(
            system: String? = nil, code: String? = nil, display: String? = nil, version: String? = nil,
            extension: [Extension]? = nil
        ) {
            self.system = system
            self.code = code
            self.display = display
            self.version = version
            self.extension = `extension`
        }
    }

    /// A concept given by codings and/or text (`CodeableConcept`).
    public struct CodeableConcept: Codable, Sendable, Equatable, Hashable {
        /// Codings of the concept.
        public var coding: [Coding]?
        /// Plain-text representation.
        public var text: String?

        /// Creates a concept.
        public init(coding: [Coding]? = nil, text: String? = nil) {
            self.coding = coding
            self.text = text
        }

        /// The first coding with `system`, if any.
        public func coding(system: String) -> Coding? {
            coding?.first { $0.system == system && $0.code != nil }
        }

        /// Whether any coding has `system` and one of `codes`.
        public func contains(system: String, codes: Set<String>) -> Bool {
            coding?.contains { $0.system == system && $0.code.map(codes.contains) == true } ?? false
        }
    }

    /// A measured amount (`Quantity`).
    public struct Quantity: Codable, Sendable, Equatable, Hashable {
        /// The numeric value.
        public var value: Double?
        /// `<`, `<=`, `>=`, `>` when the value is not exact.
        public var comparator: String?
        /// The unit as displayed.
        public var unit: String?
        /// The unit system (usually `http://unitsofmeasure.org`).
        public var system: String?
        /// The coded unit.
        public var code: String?

        /// Creates a quantity.
        public init(
            value: Double? = nil, unit: String? = nil, system: String? = nil, code: String? = nil,
            comparator: String? = nil
        ) {
            self.value = value
            self.unit = unit
            self.system = system
            self.code = code
            self.comparator = comparator
        }
    }

    /// A reference from one resource to another (`Reference`).
    public struct Reference: Codable, Sendable, Equatable, Hashable {
        /// A literal reference: `Patient/123`, `urn:uuid:…` or an absolute URL.
        public var reference: String?
        /// The type the reference refers to.
        public var type: String?
        /// A logical identifier.
        public var identifier: Identifier?
        /// Text alternative.
        public var display: String?

        /// Creates a reference.
        public init(reference: String? = nil, type: String? = nil, display: String? = nil) {
            self.reference = reference
            self.type = type
            self.display = display
        }
    }

    /// A time range (`Period`); start and end are FHIR dateTime strings.
    public struct Period: Codable, Sendable, Equatable, Hashable {
        /// Starting time, inclusive.
        public var start: String?
        /// End time, inclusive; absent when ongoing.
        public var end: String?

        /// Creates a period.
        public init(start: String? = nil, end: String? = nil) {
            self.start = start
            self.end = end
        }
    }

    /// An identifier (`Identifier`).
    public struct Identifier: Codable, Sendable, Equatable, Hashable {
        /// `usual`, `official`, `temp`, `secondary`, `old`.
        public var use: String?
        /// Identifier type.
        public var type: CodeableConcept?
        /// The namespace.
        public var system: String?
        /// The value.
        public var value: String?

        /// Creates an identifier.
        public init(system: String? = nil, value: String? = nil, use: String? = nil) {
            self.system = system
            self.value = value
            self.use = use
        }
    }

    /// A minimal extension: a URL and the value types Stepwise reads or writes.
    public struct Extension: Codable, Sendable, Equatable, Hashable {
        /// Identifies the meaning of the extension.
        public var url: String
        /// Decimal value (e.g. `ordinalValue`).
        public var valueDecimal: Double?
        /// Integer value.
        public var valueInteger: Int?
        /// String value.
        public var valueString: String?
        /// Code value.
        public var valueCode: String?
        /// Boolean value.
        public var valueBoolean: Bool?
        /// Coding value.
        public var valueCoding: Coding?

        /// Creates an extension.
        public init(
            url: String, valueDecimal: Double? = nil, valueInteger: Int? = nil, valueString: String? = nil,
            valueCode: String? = nil, valueBoolean: Bool? = nil, valueCoding: Coding? = nil
        ) {
            self.url = url
            self.valueDecimal = valueDecimal
            self.valueInteger = valueInteger
            self.valueString = valueString
            self.valueCode = valueCode
            self.valueBoolean = valueBoolean
            self.valueCoding = valueCoding
        }
    }

    /// A text note (`Annotation`).
    public struct Annotation: Codable, Sendable, Equatable, Hashable {
        /// The annotation text (markdown).
        public var text: String
        /// When it was made.
        public var time: String?

        /// Creates an annotation.
        public init(text: String, time: String? = nil) {
            self.text = text
            self.time = time
        }
    }

    /// Resource metadata (`Meta`).
    public struct Meta: Codable, Sendable, Equatable, Hashable {
        /// Version id.
        public var versionId: String?
        /// Last updated (instant).
        public var lastUpdated: String?
        /// Profiles claimed.
        public var profile: [String]?
        /// Tags.
        public var tag: [Coding]?

        /// Creates metadata.
        public init(versionId: String? = nil, lastUpdated: String? = nil, profile: [String]? = nil, tag: [Coding]? = nil) {
            self.versionId = versionId
            self.lastUpdated = lastUpdated
            self.profile = profile
            self.tag = tag
        }
    }

    /// Human-readable narrative (`Narrative`); `div` is XHTML.
    public struct Narrative: Codable, Sendable, Equatable, Hashable {
        /// `generated`, `extensions`, `additional` or `empty`.
        public var status: String
        /// Limited XHTML content.
        public var div: String

        /// Creates a narrative.
        public init(status: String, div: String) {
            self.status = status
            self.div = div
        }
    }

    /// A length of time (`Duration`, also used for `Timing.repeat.bounds`).
    public struct Duration: Codable, Sendable, Equatable, Hashable {
        /// The numeric value.
        public var value: Double?
        /// The unit as displayed.
        public var unit: String?
        /// The unit system.
        public var system: String?
        /// The coded unit (`d`, `wk`, `mo`).
        public var code: String?

        /// Creates a duration.
        public init(value: Double? = nil, unit: String? = nil, system: String? = nil, code: String? = nil) {
            self.value = value
            self.unit = unit
            self.system = system
            self.code = code
        }
    }
}
