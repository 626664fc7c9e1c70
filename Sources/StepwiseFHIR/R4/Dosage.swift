// SPDX-License-Identifier: Apache-2.0

extension R4 {
    /// How a medication is or should be taken (`Dosage`).
    public struct Dosage: Codable, Sendable, Equatable, Hashable {
        /// Order of the dosage instructions.
        public var sequence: Int?
        /// Free-text instructions (e.g. "20 mg once daily").
        public var text: String?
        /// When the medication should be taken.
        public var timing: Timing?
        /// Take "as needed".
        public var asNeededBoolean: Bool?
        /// Route of administration.
        public var route: CodeableConcept?
        /// Amount of medication per dose.
        public var doseAndRate: [DoseAndRate]?

        /// Creates a dosage.
        public init(text: String? = nil, timing: Timing? = nil, doseAndRate: [DoseAndRate]? = nil) {
            self.text = text
            self.timing = timing
            self.doseAndRate = doseAndRate
        }

        /// Amount of medication per dose (`Dosage.doseAndRate`).
        public struct DoseAndRate: Codable, Sendable, Equatable, Hashable {
            /// The kind of dose or rate.
            public var type: CodeableConcept?
            /// Amount of medication per dose.
            public var doseQuantity: Quantity?

            /// Creates a dose.
            public init(doseQuantity: Quantity? = nil, type: CodeableConcept? = nil) {
                self.doseQuantity = doseQuantity
                self.type = type
            }
        }
    }

    /// When an event is to occur (`Timing`).
    public struct Timing: Codable, Sendable, Equatable, Hashable {
        /// When the event occurs (dateTimes).
        public var event: [String]?
        /// The repetition rule.
        public var `repeat`: Repeat?
        /// A coded timing such as `BID`, `QD`.
        public var code: CodeableConcept?

        /// Creates a timing.
        public init(repeat: Repeat? = nil, code: CodeableConcept? = nil) {
            self.repeat = `repeat`
            self.code = code
        }

        /// How often (`Timing.repeat`).
        public struct Repeat: Codable, Sendable, Equatable, Hashable {
            /// Length or range of the whole course.
            public var boundsDuration: Duration?
            /// The course as a period.
            public var boundsPeriod: Period?
            /// Times per period.
            public var frequency: Int?
            /// Upper bound of `frequency` when a range.
            public var frequencyMax: Int?
            /// The period the frequency applies to.
            public var period: Double?
            /// Upper bound of `period` when a range.
            public var periodMax: Double?
            /// `s`, `min`, `h`, `d`, `wk`, `mo`, `a`.
            public var periodUnit: String?
            /// Days of week.
            public var dayOfWeek: [String]?
            /// Time of day.
            public var timeOfDay: [String]?
            /// Event codes such as `MORN`, `HS`.
            public var when: [String]?

            /// Creates a repetition rule.
            public init(frequency: Int? = nil, period: Double? = nil, periodUnit: String? = nil) {
                self.frequency = frequency
                self.period = period
                self.periodUnit = periodUnit
            }
        }
    }
}
