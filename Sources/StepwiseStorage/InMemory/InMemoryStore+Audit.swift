// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

extension InMemoryStore {
    @discardableResult public func appendAudit(_ event: AuditEvent) async throws -> AuditEvent {
        var event = event
        event.id = Int64(auditLog.count + 1)
        auditLog.append(event)
        return event
    }

    public func auditEvents(organizationID: String, after: Int64?, limit: Int) async throws -> [AuditEvent] {
        auditLog.lazy
            .filter { $0.organizationID == organizationID && ($0.id ?? 0) > (after ?? 0) }
            .prefix(max(0, limit))
            .map { $0 }
    }

    public func saveCDSFeedback(_ feedback: CDSFeedback) async throws { feedbackList.append(feedback) }

    public func cdsFeedback(serviceID: String?, limit: Int) async throws -> [CDSFeedback] {
        Array(feedbackList.filter { serviceID == nil || $0.serviceID == serviceID }.prefix(max(0, limit)))
    }
}
