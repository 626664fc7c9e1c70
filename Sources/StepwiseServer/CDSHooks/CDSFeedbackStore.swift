// SPDX-License-Identifier: Apache-2.0

import StepwiseFHIR

/// Where card feedback (accepted / overridden, with override reasons) is kept. The clinic server
/// backs this with its database; ``InMemoryCDSFeedbackStore`` serves tests and standalone use.
public protocol CDSFeedbackStore: Sendable {
    /// Stores the feedback a client sent for the service `serviceID`.
    ///
    /// - Throws: ``StepwiseCore/StepwiseError`` (`unavailable`) when the store cannot write; the client
    ///   then receives 503 and may retry.
    func record(_ feedback: [CDSFeedback], serviceID: String, client: CDSVerifiedClient) async throws
}

/// One stored feedback entry.
public struct CDSStoredFeedback: Sendable, Equatable {
    /// The service the card came from.
    public var serviceID: String
    /// The CDS client's issuer.
    public var issuer: String
    /// The feedback as sent.
    public var feedback: CDSFeedback
}

/// Keeps feedback in memory (lost on restart), bounded to the most recent `capacity` entries.
public actor InMemoryCDSFeedbackStore: CDSFeedbackStore {
    private var entries: [CDSStoredFeedback] = []
    private let capacity: Int

    /// Creates a store that keeps at most `capacity` entries.
    public init(capacity: Int = 10_000) { self.capacity = max(1, capacity) }

    /// Appends `feedback`, dropping the oldest entries beyond the capacity.
    public func record(_ feedback: [CDSFeedback], serviceID: String, client: CDSVerifiedClient) async throws {
        entries += feedback.map { CDSStoredFeedback(serviceID: serviceID, issuer: client.issuer, feedback: $0) }
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }

    /// Everything stored, oldest first.
    public func all() -> [CDSStoredFeedback] { entries }
}
