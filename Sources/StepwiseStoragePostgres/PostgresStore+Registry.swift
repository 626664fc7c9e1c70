// SPDX-License-Identifier: Apache-2.0
import Foundation
import PostgresNIO
import StepwiseCore
import StepwiseStorage

extension PostgresStore {
    /// One transaction for the whole batch; rows of erased patients are skipped.
    @discardableResult
    public func saveRegistrySummaries(_ summaries: [RegistrySummary], organizationID: String) async throws -> Int {
        guard !summaries.isEmpty else { return 0 }
        let encoded = try summaries.map {
            ($0.patientID, $0.version, String(decoding: try RecordCoding.encode($0), as: UTF8.self))
        }
        return try await transaction("save the registry summaries") { connection in
            var saved = 0
            for (patientID, version, json) in encoded {
                let rows = try await connection.query(
                    """
                    INSERT INTO registry_cache (organization_id, patient_id, version, summary)
                    SELECT organization_id, id, \(version), \(json)::jsonb FROM patients
                    WHERE organization_id = \(organizationID) AND id = \(patientID)
                    ON CONFLICT (organization_id, patient_id) DO UPDATE SET
                        version = excluded.version, summary = excluded.summary
                    RETURNING 1
                    """, logger: self.logger
                ).collect()
                saved += rows.count
            }
            return saved
        }
    }
}
