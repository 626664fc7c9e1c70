// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// The append-only audit log and CDS Hooks feedback.
public protocol AuditStore: Sendable {
    /// Appends an event and returns it with its assigned `id` (strictly increasing).
    @discardableResult func appendAudit(_ event: AuditEvent) async throws -> AuditEvent
    /// Events of an organisation with `id > after`, oldest first, at most `limit`.
    func auditEvents(organizationID: String, after: Int64?, limit: Int) async throws -> [AuditEvent]

    /// Records what a clinician did with a CDS card.
    func saveCDSFeedback(_ feedback: CDSFeedback) async throws
    /// Feedback for a service (or all services when `nil`), oldest first, at most `limit`.
    func cdsFeedback(serviceID: String?, limit: Int) async throws -> [CDSFeedback]
}
