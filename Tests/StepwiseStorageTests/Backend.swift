// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import StepwiseStorage
import StepwiseStorageSQLite
import StepwiseStoragePostgres
import Testing

/// Every backend runs the same suite. PostgreSQL joins when `STEPWISE_TEST_POSTGRES_URL` is set
/// (`scripts/start-test-postgres.sh` prints it); otherwise `postgresSuiteIsConfigured` shows as skipped.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory, sqlite, postgres

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["STEPWISE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var available: [Backend] { postgresURL == nil ? [.memory, .sqlite] : allCases }
    /// Backends where two independent store instances can share one database.
    static var shared: [Backend] { available.filter { $0 != .memory } }

    var testDescription: String { rawValue }

    /// Hands `body` a fresh store (a new temporary SQLite file; the shared test PostgreSQL).
    func withStore(
        clock: StoreClock = .fixed(Fixtures.t0), _ body: @Sendable (any StepwiseStore) async throws -> Void
    ) async throws {
        switch self {
        case .memory:
            try await body(InMemoryStore(clock: clock))
        case .sqlite:
            try await TemporaryDirectory.with { directory in
                let store = try SQLiteStore(path: directory.appendingPathComponent("stepwise.sqlite").path, clock: clock)
                try await body(store)
                try store.close()
            }
        case .postgres:
            let url = try #require(Self.postgresURL)
            try await PostgresStore.withStore(url: url, clock: clock, maximumConnections: 4) { store in try await body(store) }
        }
    }

    /// Hands `body` two independent store instances over one database (two "server instances").
    func withTwoInstances(_ body: @Sendable (any StepwiseStore, any StepwiseStore) async throws -> Void) async throws {
        switch self {
        case .memory:
            let store = InMemoryStore()
            try await body(store, store)
        case .sqlite:
            try await TemporaryDirectory.with { directory in
                let path = directory.appendingPathComponent("stepwise.sqlite").path
                let first = try SQLiteStore(path: path)
                let second = try SQLiteStore(path: path)
                try await body(first, second)
                try first.close()
                try second.close()
            }
        case .postgres:
            let url = try #require(Self.postgresURL)
            try await PostgresStore.withStore(url: url, maximumConnections: 4) { first in
                try await PostgresStore.withStore(url: url, maximumConnections: 4) { second in try await body(first, second) }
            }
        }
    }
}

/// A temporary directory removed after use.
enum TemporaryDirectory {
    static func with<T>(_ body: (URL) async throws -> T) async throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-storage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        return try await body(url)
    }
}

/// Synthetic test data. Every test uses fresh organisation ids, so tests can share a database.
enum Fixtures {
    /// 2026-01-05T09:00:00Z, whole seconds (every backend stores at least microseconds).
    static let t0 = Date(timeIntervalSince1970: 1_767_603_600)

    static func organizationID() -> String { "org-\(UUID().uuidString)" }

    static func record(_ id: String, phq9: [Int] = [18]) -> PatientRecord {
        let start = LocalDate(year: 2026, month: 1, day: 5)!
        return PatientRecord(
            id: id, sex: .female,
            measurements: phq9.enumerated().map { index, total in
                StepwiseCore.Measurement(instrument: "phq9", date: start.adding(days: 14 * index), total: total)
            })
    }
}
