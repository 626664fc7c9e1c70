// SPDX-License-Identifier: Apache-2.0

extension R4 {
    /// A clinical issue with an action for a patient (`DetectedIssue`); Stepwise writes safety
    /// flags and pseudo-resistance findings this way.
    public struct DetectedIssue: Codable, Sendable, Equatable {
        /// Always `DetectedIssue`.
        public var resourceType: String = "DetectedIssue"
        /// Logical id.
        public var id: String?
        /// Metadata.
        public var meta: Meta?
        /// Business identifiers.
        public var identifier: [Identifier]?
        /// `registered`, `preliminary`, `final`, `amended`, …
        public var status: String
        /// Issue category.
        public var code: CodeableConcept?
        /// `high`, `moderate`, `low`.
        public var severity: String?
        /// The patient.
        public var patient: Reference?
        /// When identified (dateTime).
        public var identifiedDateTime: String?
        /// Problem resources.
        public var implicated: [Reference]?
        /// Supporting evidence.
        public var evidence: [Evidence]?
        /// Description and context.
        public var detail: String?
        /// Authority for the issue (URI).
        public var reference: String?
        /// Steps taken or suggested.
        public var mitigation: [Mitigation]?

        /// Creates a detected issue.
        public init(id: String? = nil, status: String = "final", code: CodeableConcept? = nil, patient: Reference? = nil) {
            self.id = id
            self.status = status
            self.code = code
            self.patient = patient
        }

        /// Supporting evidence (`DetectedIssue.evidence`).
        public struct Evidence: Codable, Sendable, Equatable {
            /// Manifestation.
            public var code: [CodeableConcept]?
            /// Supporting information.
            public var detail: [Reference]?

            /// Creates evidence.
            public init(code: [CodeableConcept]? = nil, detail: [Reference]? = nil) {
                self.code = code
                self.detail = detail
            }
        }

        /// A suggested or taken action (`DetectedIssue.mitigation`).
        public struct Mitigation: Codable, Sendable, Equatable {
            /// What was or should be done.
            public var action: CodeableConcept
            /// When (dateTime).
            public var date: String?

            /// Creates a mitigation.
            public init(action: CodeableConcept, date: String? = nil) {
                self.action = action
                self.date = date
            }
        }
    }

    /// Errors, warnings and information about an action (`OperationOutcome`).
    public struct OperationOutcome: Codable, Sendable, Equatable {
        /// Always `OperationOutcome`.
        public var resourceType: String = "OperationOutcome"
        /// Logical id.
        public var id: String?
        /// The issues.
        public var issue: [Issue]

        /// Creates an outcome.
        public init(id: String? = nil, issue: [Issue]) {
            self.id = id
            self.issue = issue
        }

        /// One issue (`OperationOutcome.issue`).
        public struct Issue: Codable, Sendable, Equatable {
            /// `fatal`, `error`, `warning`, `information`.
            public var severity: String
            /// IssueType code: `invalid`, `structure`, `required`, `value`, `not-found`,
            /// `processing`, `exception`, …
            public var code: String
            /// Additional details.
            public var details: CodeableConcept?
            /// Diagnostic information (must not contain patient data).
            public var diagnostics: String?
            /// FHIRPath expressions of the elements concerned.
            public var expression: [String]?

            /// Creates an issue.
            public init(severity: String, code: String, diagnostics: String? = nil, expression: [String]? = nil, details: CodeableConcept? = nil) {
                self.severity = severity
                self.code = code
                self.diagnostics = diagnostics
                self.expression = expression
                self.details = details
            }
        }
    }
}
