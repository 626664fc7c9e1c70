// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import StepwiseFHIR
import StepwiseStorage
import StepwiseStoragePostgres
import StepwiseStorageSQLite
import Testing

@testable import StepwiseCLI

/// `stepwise import`'s store sink against the real stores while a clinician saves through the
/// clinic server: the clinician's save lands right after the importer read the patient and
/// right before its save (`CompetingSink`), so the case is deterministic.
@Suite struct ImportConcurrencyTests {
    enum Backend: String, CaseIterable, Sendable {
        case memory, sqlite, postgres

        static var postgresURL: String? {
            ProcessInfo.processInfo.environment["STEPWISE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
        }
        static var available: [Backend] { postgresURL == nil ? [.memory, .sqlite] : allCases }

        func withStore(_ body: @Sendable (any StepwiseStore) async throws -> Void) async throws {
            switch self {
            case .memory:
                try await body(InMemoryStore())
            case .sqlite:
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-import-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: folder) }
                let store = try SQLiteStore(path: folder.appendingPathComponent("clinic.sqlite").path)
                try await body(store)
                try store.close()
            case .postgres:
                let url = try #require(Self.postgresURL)
                try await PostgresStore.withStore(url: url, maximumConnections: 4) { try await body($0) }
            }
        }
    }

    static let export = CLIHarness.packageRoot.appendingPathComponent("Tests/StepwiseFHIRTests/Fixtures/bulk/export").path
    static let clinicianScore = Measurement(instrument: "phq9", date: LocalDate(year: 2024, month: 3, day: 9)!, total: 14)

    /// The importer's sink with a clinician who saves an edit of patient `id` through the store's
    /// guarded single-patient save right before each of the next `times` saves that include it.
    struct CompetingSink: BulkRecordSink {
        final class Countdown: @unchecked Sendable {
            private let lock = NSLock()
            private var left: Int
            init(_ left: Int) { self.left = left }
            func take() -> Bool {
                lock.lock()
                defer { lock.unlock() }
                guard left > 0 else { return false }
                left -= 1
                return true
            }
        }

        let base: StoreSink
        let id: String
        let countdown: Countdown

        func isEmpty() async throws -> Bool { try await base.isEmpty() }

        func existingRecords(ids: [String]) async throws -> [String: VersionedRecord] {
            try await base.existingRecords(ids: ids)
        }

        func save(_ records: [PatientRecord], expectedVersions: [String: Int]) async throws -> BulkWriteCounts {
            if records.contains(where: { $0.id == id }), countdown.take() {
                _ = try await base.store.updatePatient(id: id, organizationID: base.organizationID, actor: "clinician") {
                    $0.measurements.append(ImportConcurrencyTests.clinicianScore)
                }
            }
            return try await base.save(records, expectedVersions: expectedVersions)
        }
    }

    static func importer(writeAttempts: Int = 8) throws -> BulkImporter {
        BulkImporter(
            mapper: FHIRRecordMapper(knowledge: try KnowledgeBase.bundled()),
            options: BulkImportOptions(writeAttempts: writeAttempts))
    }

    /// Imports the patients alone, then returns the first patient's id.
    static func seed(_ sink: StoreSink) async throws -> String {
        _ = try await importer().run(paths: ["\(export)/Patient.ndjson"], into: sink) { _ in }
        let stored = try await sink.store.patients(organizationID: sink.organizationID, after: nil, limit: 1)
        return try #require(stored.first?.id)
    }

    @Test(arguments: Backend.available)
    func aClinicianSaveBetweenTheImportsReadAndWriteIsKeptAndTheImportMergedIn(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let sink = StoreSink(store: store, organizationID: "import-\(UUID().uuidString)")
            let id = try await Self.seed(sink)
            let competing = CompetingSink(base: sink, id: id, countdown: .init(1))

            let summary = try await Self.importer().run(paths: [Self.export], into: competing) { _ in }

            #expect(summary.patientsUpdated == 4)
            #expect(summary.patientsNotWritten == 0)
            let history = try await store.patientVersions(id: id, organizationID: sink.organizationID)
            #expect(history.map(\.updatedBy) == ["import", "clinician", "import"], "the import saved after re-reading")
            let current = try #require(history.last?.record)
            #expect(current.measurements.contains(Self.clinicianScore), "the clinician's save is kept")
            #expect(!current.trials.isEmpty, "and the import's medication requests merged in")
            #expect(current.measurements.count > 1)

            let again = try await Self.importer().run(paths: [Self.export], into: sink) { _ in }
            #expect(again.patientsUnchanged == 4, "running the same import again changes nothing")
        }
    }

    @Test(arguments: Backend.available)
    func aPatientStillChangingAfterEveryTryIsLeftAsTheClinicianSavedIt(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let sink = StoreSink(store: store, organizationID: "import-\(UUID().uuidString)")
            let id = try await Self.seed(sink)
            let competing = CompetingSink(base: sink, id: id, countdown: .init(1_000))

            let summary = try await Self.importer(writeAttempts: 2).run(paths: [Self.export], into: competing) { _ in }

            #expect(summary.patientsNotWritten == 1)
            #expect(summary.patientsUpdated == 3)
            let stored = try #require(try await store.patient(id: id, organizationID: sink.organizationID))
            #expect(stored.updatedBy == "clinician", "the import did not overwrite the clinician's save")
            #expect(stored.record.trials.isEmpty)
            #expect(stored.record.measurements == Array(repeating: Self.clinicianScore, count: 4))
        }
    }

    @Test(arguments: Backend.available)
    func everyClinicianSaveMadeWhileAnImportRunsIsKept(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let sink = StoreSink(store: store, organizationID: "import-\(UUID().uuidString)")
            let id = try await Self.seed(sink)
            let importer = try Self.importer()
            // Whatever the interleaving, each acknowledged save must be in the final record.
            let acknowledged = try await withThrowingTaskGroup(of: [String].self) { group in
                group.addTask {
                    for _ in 0..<10 { _ = try await importer.run(paths: [Self.export], into: sink) { _ in } }
                    return []
                }
                group.addTask {
                    var saved: [String] = []
                    for n in 0..<60 {
                        let score = Measurement(
                            id: "clinician-\(n)", instrument: "phq9", date: LocalDate(year: 2024, month: 4, day: 1)!, total: n % 27)
                        _ = try await store.updatePatient(id: id, organizationID: sink.organizationID, actor: "clinician") {
                            $0.measurements.append(score)
                        }
                        saved.append("clinician-\(n)")
                        await Task.yield()
                    }
                    return saved
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            let record = try #require(try await store.patient(id: id, organizationID: sink.organizationID)?.record)
            let ids = Set(record.measurements.compactMap(\.id))
            #expect(acknowledged.count == 60)
            #expect(acknowledged.allSatisfy(ids.contains), "no acknowledged save was lost")
            #expect(!record.trials.isEmpty, "the import is merged in as well")
        }
    }
}
