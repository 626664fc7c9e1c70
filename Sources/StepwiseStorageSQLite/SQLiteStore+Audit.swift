// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB
import StepwiseCore
import StepwiseStorage

extension SQLiteStore {
    @discardableResult public func appendAudit(_ event: AuditEvent) async throws -> AuditEvent {
        try await write("append to the audit log") { db in
            try db.execute(
                sql: """
                    INSERT INTO audit_events (at, organization_id, user_id, action, resource_type, resource_id, remote_address)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    event.at.sqliteSeconds, event.organizationID, event.userID, event.action.rawValue,
                    event.resourceType, event.resourceID, event.remoteAddress,
                ])
            var stored = event
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    public func auditEvents(organizationID: String, after: Int64?, limit: Int) async throws -> [AuditEvent] {
        try await read("read the audit log") { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM audit_events WHERE organization_id = ? AND id > ? ORDER BY id LIMIT ?",
                arguments: [organizationID, after ?? 0, max(0, limit)]
            ).map {
                AuditEvent(
                    id: $0["id"], at: Date(sqliteSeconds: $0["at"]), organizationID: $0["organization_id"],
                    userID: $0["user_id"], action: AuditEvent.Action($0["action"]), resourceType: $0["resource_type"],
                    resourceID: $0["resource_id"], remoteAddress: $0["remote_address"])
            }
        }
    }

    public func saveCDSFeedback(_ feedback: CDSFeedback) async throws {
        try await write("save the CDS feedback") { db in
            try db.execute(
                sql: """
                    INSERT INTO cds_feedback (service_id, card_uuid, outcome, override_reason, at) VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [
                    feedback.serviceID, feedback.cardUUID, feedback.outcome, feedback.overrideReason,
                    feedback.at.sqliteSeconds,
                ])
        }
    }

    public func cdsFeedback(serviceID: String?, limit: Int) async throws -> [CDSFeedback] {
        try await read("read the CDS feedback") { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM cds_feedback WHERE (? IS NULL OR service_id = ?) ORDER BY id LIMIT ?",
                arguments: [serviceID, serviceID, max(0, limit)]
            ).map {
                CDSFeedback(
                    serviceID: $0["service_id"], cardUUID: $0["card_uuid"], outcome: $0["outcome"],
                    overrideReason: $0["override_reason"], at: Date(sqliteSeconds: $0["at"]))
            }
        }
    }
}
