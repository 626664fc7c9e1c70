// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import Testing

@testable import StepwiseFHIR

/// The partitioned import writes records while it still maps later partitions (a write starts once
/// `recordsPerWrite` patients wait). These tests import enough patients for several such writes and
/// compare the outcome with the same files mapped and written as one batch.
@Suite struct BulkImportPipelineTests {
    /// Patients and two PHQ-9 totals each, with a bad line every so often; returns the folder.
    static func writeExport(patients: Int) throws -> String {
        let folder = try BulkFixtures.temporaryFolder()
        var patientLines: [String] = []
        var observationLines: [String] = []
        for n in 0..<patients {
            let id = String(format: "p-%05d", n)
            patientLines.append(
                #"{"resourceType":"Patient","id":"\#(id)","gender":"\#(n % 2 == 0 ? "female" : "male")","birthDate":"19\#(50 + n % 40)-0\#(1 + n % 9)-1\#(n % 9)"}"#)
            for visit in 0..<2 {
                let day = String(format: "2024-%02d-%02d", 1 + visit * 2, 1 + n % 28)
                observationLines.append(
                    #"{"resourceType":"Observation","id":"o-\#(n)-\#(visit)","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"44261-6"}]},"subject":{"reference":"Patient/\#(id)"},"effectiveDateTime":"\#(day)","valueInteger":\#((n + visit * 7) % 28)}"#)
            }
            if n % 301 == 0 { observationLines.append(#"{"resourceType":"Observation","id":"broken"#) }
            if n % 457 == 0 { observationLines.append("") }
        }
        // Observations of the same visit round come first for every patient, as an export interleaves them.
        observationLines.sort { $0.contains("-1\",\"status") == $1.contains("-1\",\"status") ? false : !$0.contains("-1\",\"status") }
        try (patientLines.joined(separator: "\n") + "\n").write(
            toFile: (folder as NSString).appendingPathComponent("Patient.ndjson"), atomically: true, encoding: .utf8)
        try (observationLines.joined(separator: "\n") + "\n").write(
            toFile: (folder as NSString).appendingPathComponent("Observation.ndjson"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func aPartitionedImportThatWritesWhileItMapsGivesTheSameRecordsAndProblems() async throws {
        let patients = ImportRun<MemorySink>.recordsPerWrite * 3 + 123
        let folder = try Self.writeExport(patients: patients)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let (whole, wholeProblems, oneBatch) = try await BulkImporterTests.run(
            [folder], options: BulkImportOptions(batchBytes: 256 << 20))
        let small = BulkImportOptions(batchBytes: 60_000, temporaryDirectory: try BulkFixtures.temporaryFolder())
        let (split, splitProblems, partitioned) = try await BulkImporterTests.run([folder], options: small)

        #expect(whole.patientsCreated == patients)
        #expect(split.patientsCreated == patients)
        #expect(split.resourcesRead == whole.resourcesRead)
        #expect(split.mapped == whole.mapped)
        #expect(split.rejected == whole.rejected)
        #expect(split.blankLines == whole.blankLines)
        #expect(split.rejectedTotal > 0, "the bad lines are reported")
        func key(_ problem: BulkImportProblem) -> String {
            "\(problem.file):\(problem.line):\(problem.severity):\(problem.reason.map { "\($0)" } ?? "-"):\(problem.message)"
        }
        #expect(splitProblems.map(key).sorted() == wholeProblems.map(key).sorted())
        #expect(await partitioned.records == oneBatch.records)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: try #require(small.temporaryDirectory))
        #expect(leftovers.isEmpty)
    }

    @Test func importingThePipelinedExportAgainChangesNothing() async throws {
        let folder = try Self.writeExport(patients: ImportRun<MemorySink>.recordsPerWrite * 2 + 7)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let small = BulkImportOptions(batchBytes: 60_000, temporaryDirectory: try BulkFixtures.temporaryFolder())
        let sink = MemorySink()
        let (first, _, _) = try await BulkImporterTests.run([folder], into: sink, options: small)
        let stored = await sink.records
        let (second, _, _) = try await BulkImporterTests.run([folder], into: sink, options: small)
        #expect(second.patientsUnchanged == first.patientsCreated)
        #expect(second.patientsCreated == 0)
        #expect(second.patientsUpdated == 0)
        #expect(await sink.records == stored)
    }
}
