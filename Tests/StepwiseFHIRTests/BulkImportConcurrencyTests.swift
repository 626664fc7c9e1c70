// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import Testing

@testable import StepwiseFHIR

/// An import running while clinicians save through the clinic server: nothing anyone saved is
/// lost. `MemorySink.competeBeforeSaves` saves a clinician's edit right before the importer's
/// save, after the importer read the patient, so every case here is deterministic.
@Suite struct BulkImportConcurrencyTests {
    /// What the clinician enters: a PHQ-9 total typed in by hand (no FHIR id).
    static let clinicianScore = Measurement(instrument: "phq9", date: LocalDate(year: 2024, month: 3, day: 9)!, total: 14)

    static func addClinicianScore(_ record: inout PatientRecord) {
        record.measurements.append(clinicianScore)
    }

    static func run(
        _ paths: [String], into sink: MemorySink, options: BulkImportOptions = BulkImportOptions()
    ) async throws -> (BulkImportSummary, [BulkImportProblem]) {
        let (summary, problems, _) = try await BulkImporterTests.run(paths, into: sink, options: options)
        return (summary, problems)
    }

    @Test func aClinicianEditBetweenTheImportsReadAndSaveIsKeptAndTheImportIsMergedIn() async throws {
        let folder = try BulkFixtures.path("export")
        let sink = MemorySink()
        _ = try await Self.run(["\(folder)/Patient.ndjson", "\(folder)/Observation.ndjson"], into: sink)
        let id = try #require(await sink.records.keys.sorted().first)
        await sink.competeBeforeSaves(of: id, times: 1) { Self.addClinicianScore(&$0) }

        let (summary, problems) = try await Self.run([folder], into: sink)

        #expect(await sink.conflicts == 1, "the first save met the clinician's version and was refused")
        #expect(summary.patientsUpdated == 4)
        #expect(summary.patientsNotWritten == 0)
        #expect(!problems.contains { $0.severity == .notWritten })
        let record = try #require(await sink.records[id])
        #expect(record.measurements.contains(Self.clinicianScore), "the clinician's edit is kept")
        #expect(!record.trials.isEmpty, "the import's medication requests were merged in too")
        let (direct, _, fresh) = try await BulkImporterTests.run([folder])
        #expect(direct.patientsCreated == 4)
        let imported = try #require(await fresh.records[id])
        #expect(record.measurements.count == imported.measurements.count + 1)
        #expect(record.trials == imported.trials)
    }

    @Test func aPatientCreatedByAClinicianDuringTheFirstImportIsMergedNotReplaced() async throws {
        let folder = try BulkFixtures.path("export")
        let (_, _, plain) = try await BulkImporterTests.run([folder])
        let id = try #require(await plain.records.keys.sorted().last)
        let sink = MemorySink()
        // The store is empty when the import starts; the clinician creates the patient before its save.
        await sink.competeBeforeSaves(of: id, times: 1) { Self.addClinicianScore(&$0) }

        let (summary, _) = try await Self.run([folder], into: sink)

        #expect(await sink.conflicts == 1)
        #expect(summary.patientsCreated == 3)
        #expect(summary.patientsUpdated == 1)
        let record = try #require(await sink.records[id])
        let imported = try #require(await plain.records[id])
        #expect(record.measurements.contains(Self.clinicianScore))
        #expect(record.measurements.count == imported.measurements.count + 1)
        #expect(record.birthDate == imported.birthDate)
        #expect(record.trials == imported.trials)
    }

    @Test func aClinicianEditDuringAPartitionedImportIsKeptToo() async throws {
        let folder = try BulkFixtures.path("export")
        let sink = MemorySink()
        _ = try await Self.run(["\(folder)/Patient.ndjson"], into: sink)
        let id = try #require(await sink.records.keys.sorted().first)
        await sink.competeBeforeSaves(of: id, times: 2) { Self.addClinicianScore(&$0) }
        let tiny = BulkImportOptions(batchBytes: 2_000, temporaryDirectory: try BulkFixtures.temporaryFolder())

        let (summary, _) = try await Self.run([folder], into: sink, options: tiny)

        #expect(await sink.conflicts == 2)
        #expect(summary.patientsNotWritten == 0)
        #expect(summary.patientsWritten == 4)
        let record = try #require(await sink.records[id])
        #expect(record.measurements.filter { $0 == Self.clinicianScore }.count == 2, "both edits are kept")
        #expect(!record.trials.isEmpty)
    }

    @Test func aPatientStillChangingAfterEveryTryIsReportedAndNotOverwritten() async throws {
        let folder = try BulkFixtures.path("export")
        let sink = MemorySink()
        _ = try await Self.run(["\(folder)/Patient.ndjson"], into: sink)
        let id = try #require(await sink.records.keys.sorted().first)
        await sink.competeBeforeSaves(of: id, times: 1_000) { Self.addClinicianScore(&$0) }

        let (summary, problems) = try await Self.run([folder], into: sink, options: BulkImportOptions(writeAttempts: 3))

        // Three tries of the whole batch, then the busy patient alone three more times.
        #expect(await sink.conflicts == 6)
        #expect(summary.patientsNotWritten == 1)
        #expect(summary.patientsUpdated == 3, "the other patients are written")
        let record = try #require(await sink.records[id])
        #expect(record.measurements == Array(repeating: Self.clinicianScore, count: 6), "only the clinician's edits, nothing overwritten")
        #expect(record.trials.isEmpty)
        let notWritten = problems.filter { $0.severity == .notWritten }
        #expect(notWritten.count == 1)
        let line = try #require(notWritten.first).description
        #expect(line.hasPrefix("import: not written: 1 patient record(s) were not written"))
        #expect(!line.contains(id), "no patient id in the report")
    }

    @Test func runningTheImportAgainAfterwardsMergesThePatientThatWasNotWritten() async throws {
        let folder = try BulkFixtures.path("export")
        let sink = MemorySink()
        _ = try await Self.run(["\(folder)/Patient.ndjson"], into: sink)
        let id = try #require(await sink.records.keys.sorted().first)
        await sink.competeBeforeSaves(of: id, times: 2) { Self.addClinicianScore(&$0) }
        let (first, _) = try await Self.run([folder], into: sink, options: BulkImportOptions(writeAttempts: 1))
        #expect(first.patientsNotWritten == 1)

        let (second, _) = try await Self.run([folder], into: sink, options: BulkImportOptions(writeAttempts: 1))
        #expect(second.patientsNotWritten == 0)
        #expect(second.patientsUpdated == 1)
        #expect(second.patientsUnchanged == 3)
        let (third, _) = try await Self.run([folder], into: sink)
        #expect(third.patientsUnchanged == 4, "a repeated import changes nothing")
        let record = try #require(await sink.records[id])
        #expect(record.measurements.filter { $0 == Self.clinicianScore }.count == 2)
        #expect(!record.trials.isEmpty)
    }
}
