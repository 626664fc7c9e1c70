// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// One CDS Hooks 2.0 feedback entry: what the clinician did with a card.
public struct CDSFeedback: Codable, Sendable, Equatable {
    /// The CDS service that issued the card (for example `stepwise-patient-view`).
    public var serviceID: String
    /// The card's `uuid`.
    public var cardUUID: String
    /// `accepted` or `overridden`, as sent by the CDS client.
    public var outcome: String
    /// The override reason's code (or display text when no code is sent), if overridden.
    public var overrideReason: String?
    /// The client's `outcomeTimestamp`, or the time of receipt.
    public var at: Date

    /// Creates a feedback entry.
    public init(serviceID: String, cardUUID: String, outcome: String, overrideReason: String? = nil, at: Date) {
        self.serviceID = serviceID
        self.cardUUID = cardUUID
        self.outcome = outcome
        self.overrideReason = overrideReason
        self.at = at
    }
}
