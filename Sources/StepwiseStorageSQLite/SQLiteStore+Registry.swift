// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB
import StepwiseCore
import StepwiseStorage

extension SQLiteStore {
    /// One transaction (one commit, one fsync) for the whole batch; rows of erased patients are skipped.
    @discardableResult
    public func saveRegistrySummaries(_ summaries: [RegistrySummary], organizationID: String) async throws -> Int {
        guard !summaries.isEmpty else { return 0 }
        let encoded = try summaries.map { ($0.patientID, $0.version, try RecordCoding.encode($0)) }
        return try await write("save the registry summaries") { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO registry_cache (organization_id, patient_id, version, summary)
                    SELECT organization_id, id, ?, ? FROM patients WHERE organization_id = ? AND id = ?
                    ON CONFLICT (organization_id, patient_id) DO UPDATE SET
                        version = excluded.version, summary = excluded.summary
                    """)
            var saved = 0
            for (patientID, version, summary) in encoded {
                try statement.execute(arguments: [version, summary, organizationID, patientID])
                saved += db.changesCount
            }
            return saved
        }
    }
}
