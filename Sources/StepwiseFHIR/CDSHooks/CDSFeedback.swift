// SPDX-License-Identifier: Apache-2.0

/// The body of `POST {base}/cds-services/{id}/feedback`.
public struct CDSFeedbackRequest: Codable, Sendable, Equatable {
    /// One entry per card the clinician acted on.
    public var feedback: [CDSFeedback]

    /// Creates a feedback request.
    public init(feedback: [CDSFeedback]) { self.feedback = feedback }
}

/// What the clinician did with one card.
public struct CDSFeedback: Codable, Sendable, Equatable {
    /// The card's `uuid`.
    public var card: String
    /// `accepted` or `overridden`.
    public var outcome: Outcome
    /// The suggestions accepted (their `uuid`s).
    public var acceptedSuggestions: [AcceptedSuggestion]?
    /// Why the card was overridden.
    public var overrideReason: OverrideReason?
    /// When (ISO 8601 instant).
    public var outcomeTimestamp: String

    /// Creates a feedback entry.
    public init(
        card: String, outcome: Outcome, acceptedSuggestions: [AcceptedSuggestion]? = nil,
        overrideReason: OverrideReason? = nil, outcomeTimestamp: String
    ) {
        self.card = card
        self.outcome = outcome
        self.acceptedSuggestions = acceptedSuggestions
        self.overrideReason = overrideReason
        self.outcomeTimestamp = outcomeTimestamp
    }

    /// The outcome of a card.
    public enum Outcome: String, Codable, Sendable, CaseIterable {
        /// The clinician followed the card (or one of its suggestions).
        case accepted
        /// The clinician chose not to follow it.
        case overridden

        /// Decodes `accepted` or `overridden`; anything else is a `dataCorrupted` error saying so (not the
        /// decoder's text with a Swift type name, and without echoing the value).
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            guard let value = try? container.decode(String.self), let outcome = Outcome(rawValue: value) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "outcome must be accepted or overridden")
            }
            self = outcome
        }
    }

    /// A suggestion that was accepted.
    public struct AcceptedSuggestion: Codable, Sendable, Equatable {
        /// The suggestion's `uuid`.
        public var id: String

        /// Creates an entry.
        public init(id: String) { self.id = id }
    }

    /// The reason given for overriding a card.
    public struct OverrideReason: Codable, Sendable, Equatable {
        /// One of the card's `overrideReasons`.
        public var reason: CDSCoding?
        /// The clinician's comment (free text: may contain patient data, never logged).
        public var userComment: String?

        /// Creates a reason.
        public init(reason: CDSCoding? = nil, userComment: String? = nil) {
            self.reason = reason
            self.userComment = userComment
        }
    }
}
