// SPDX-License-Identifier: Apache-2.0

extension R4 {
    /// A plan of care (`CarePlan`); Stepwise writes its next-step options as a draft proposal.
    public struct CarePlan: Codable, Sendable, Equatable {
        /// Always `CarePlan`.
        public var resourceType: String = "CarePlan"
        /// Logical id.
        public var id: String?
        /// Metadata.
        public var meta: Meta?
        /// Human-readable summary.
        public var text: Narrative?
        /// Business identifiers.
        public var identifier: [Identifier]?
        /// `draft`, `active`, `on-hold`, `revoked`, `completed`, `entered-in-error`, `unknown`.
        public var status: String
        /// `proposal`, `plan`, `order`, `option`.
        public var intent: String
        /// Type of plan.
        public var category: [CodeableConcept]?
        /// Human-friendly name.
        public var title: String?
        /// Summary of the plan.
        public var description: String?
        /// Who the plan is for.
        public var subject: Reference
        /// When created.
        public var created: String?
        /// Health issues the plan addresses.
        public var addresses: [Reference]?
        /// Information considered.
        public var supportingInfo: [Reference]?
        /// Proposed actions.
        public var activity: [Activity]?
        /// Comments.
        public var note: [Annotation]?

        /// Creates a care plan.
        public init(id: String? = nil, status: String, intent: String, subject: Reference) {
            self.id = id
            self.status = status
            self.intent = intent
            self.subject = subject
        }

        /// One action (`CarePlan.activity`).
        public struct Activity: Codable, Sendable, Equatable {
            /// Comments about the activity.
            public var progress: [Annotation]?
            /// The activity in-line.
            public var detail: Detail?

            /// Creates an activity.
            public init(detail: Detail?, progress: [Annotation]? = nil) {
                self.detail = detail
                self.progress = progress
            }
        }

        /// In-line definition of an activity (`CarePlan.activity.detail`).
        public struct Detail: Codable, Sendable, Equatable {
            /// Appointment, MedicationRequest, ServiceRequest, …
            public var kind: String?
            /// Detail type of activity.
            public var code: CodeableConcept?
            /// Why the activity should be done.
            public var reasonCode: [CodeableConcept]?
            /// `not-started`, `scheduled`, `in-progress`, `on-hold`, `completed`, `cancelled`,
            /// `stopped`, `unknown`, `entered-in-error`.
            public var status: String
            /// Reason for the current status.
            public var statusReason: CodeableConcept?
            /// Whether the activity should not be done.
            public var doNotPerform: Bool?
            /// Extra information.
            public var description: String?

            /// Creates a detail.
            public init(status: String, code: CodeableConcept? = nil, description: String? = nil) {
                self.status = status
                self.code = code
                self.description = description
            }
        }
    }
}
