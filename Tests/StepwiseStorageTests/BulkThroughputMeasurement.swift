// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import StepwiseStorage
import StepwiseStorageSQLite
import StepwiseStoragePostgres
import Testing

/// Prints bulk-save throughput; runs only with `STEPWISE_STORAGE_THROUGHPUT=<records>` set.
/// A measurement, not a timed test: it asserts only that everything was stored.
@Suite struct BulkThroughputMeasurement {
    static var count: Int? { ProcessInfo.processInfo.environment["STEPWISE_STORAGE_THROUGHPUT"].flatMap { Int($0) } }

    static func measure(_ backend: Backend, count: Int) async throws {
        try await backend.withStore { store in
            let org = Fixtures.organizationID()
            let batchSize = 1000
            let records = (0..<count).map { Fixtures.record(String(format: "tp-%08d", $0), phq9: [20, 16, 12]) }
            let clock = ContinuousClock()
            var result = BulkSaveResult()
            let elapsed = try await clock.measure {
                for start in stride(from: 0, to: count, by: batchSize) {
                    result.add(
                        try await store.savePatients(
                            Array(records[start..<min(start + batchSize, count)]), organizationID: org, actor: "bench"))
                }
            }
            let again = try await clock.measure {
                for start in stride(from: 0, to: count, by: batchSize) {
                    _ = try await store.savePatients(
                        Array(records[start..<min(start + batchSize, count)]), organizationID: org, actor: "bench")
                }
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let secondsAgain = Double(again.components.seconds) + Double(again.components.attoseconds) / 1e18
            print(
                "storage-throughput \(backend.rawValue): \(count) new records in \(String(format: "%.2f", seconds)) s = "
                    + "\(Int(Double(count) / seconds * 60)) records/min; unchanged re-save "
                    + "\(Int(Double(count) / secondsAgain * 60)) records/min (batches of \(batchSize))")
            #expect(result.created == count)
            #expect(try await store.patientCount(organizationID: org) == count)
        }
    }

    @Test(.enabled(if: count != nil, "set STEPWISE_STORAGE_THROUGHPUT=100000 to measure"), arguments: Backend.available)
    func bulkSaveThroughput(_ backend: Backend) async throws {
        try await Self.measure(backend, count: try #require(Self.count))
    }
}
