// SPDX-License-Identifier: Apache-2.0
import Foundation
import PostgresNIO
import StepwiseCore
import StepwiseStorage

extension PostgresStore {
    @discardableResult public func appendAudit(_ event: AuditEvent) async throws -> AuditEvent {
        let rows = try await rows(
            """
            INSERT INTO audit_events (at, organization_id, user_id, action, resource_type, resource_id, remote_address)
            VALUES (\(event.at), \(event.organizationID), \(event.userID), \(event.action.rawValue),
                \(event.resourceType), \(event.resourceID), \(event.remoteAddress))
            RETURNING id
            """, "append to the audit log")
        var stored = event
        stored.id = try rows.first?.decode(Int64.self)
        return stored
    }

    public func auditEvents(organizationID: String, after: Int64?, limit: Int) async throws -> [AuditEvent] {
        try await rows(
            """
            SELECT id, at, organization_id, user_id, action, resource_type, resource_id, remote_address
            FROM audit_events WHERE organization_id = \(organizationID) AND id > \(after ?? 0)
            ORDER BY id LIMIT \(max(0, limit))
            """, "read the audit log"
        ).map {
            let (id, at, organizationID, userID, action, resourceType, resourceID, remoteAddress) = try $0.decode(
                (Int64, Date, String?, String?, String, String, String?, String?).self)
            return AuditEvent(
                id: id, at: at, organizationID: organizationID, userID: userID, action: AuditEvent.Action(action),
                resourceType: resourceType, resourceID: resourceID, remoteAddress: remoteAddress)
        }
    }

    public func saveCDSFeedback(_ feedback: CDSFeedback) async throws {
        _ = try await rows(
            """
            INSERT INTO cds_feedback (service_id, card_uuid, outcome, override_reason, at)
            VALUES (\(feedback.serviceID), \(feedback.cardUUID), \(feedback.outcome), \(feedback.overrideReason),
                \(feedback.at))
            """, "save the CDS feedback")
    }

    public func cdsFeedback(serviceID: String?, limit: Int) async throws -> [CDSFeedback] {
        try await rows(
            """
            SELECT service_id, card_uuid, outcome, override_reason, at FROM cds_feedback
            WHERE (\(serviceID)::text IS NULL OR service_id = \(serviceID)::text)
            ORDER BY id LIMIT \(max(0, limit))
            """, "read the CDS feedback"
        ).map {
            let (serviceID, cardUUID, outcome, overrideReason, at) = try $0.decode(
                (String, String, String, String?, Date).self)
            return CDSFeedback(
                serviceID: serviceID, cardUUID: cardUUID, outcome: outcome, overrideReason: overrideReason, at: at)
        }
    }
}
