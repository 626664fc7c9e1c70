// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseFHIR
import StepwiseStorage

/// Keeps card feedback in the clinic's database through its ``StepwiseStorage/AuditStore``
/// (SQLite or PostgreSQL), so it survives restarts and is shared by every server instance.
///
/// The override reason's code is stored (its display when no code is sent). The clinician's free-text
/// `userComment` is not stored: it may contain patient data and the audit model has no field for it.
public struct AuditCDSFeedbackStore: CDSFeedbackStore {
    let store: any AuditStore
    let now: @Sendable () -> Date

    /// Creates a store writing into `store`; `now` dates entries whose `outcomeTimestamp` cannot be read.
    public init(store: any AuditStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    /// Writes one audit-store feedback row per entry.
    public func record(
        _ feedback: [StepwiseFHIR.CDSFeedback], serviceID: String, client: CDSVerifiedClient
    ) async throws {
        for entry in feedback {
            let reason = entry.overrideReason?.reason
            try await store.saveCDSFeedback(
                StepwiseStorage.CDSFeedback(
                    serviceID: serviceID, cardUUID: entry.card, outcome: entry.outcome.rawValue,
                    overrideReason: reason?.code ?? reason?.display,
                    at: Self.instant(entry.outcomeTimestamp) ?? now()))
        }
    }

    /// Parses an ISO 8601 instant with or without fractional seconds.
    static func instant(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
