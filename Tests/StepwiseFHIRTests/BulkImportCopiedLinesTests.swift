// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import Testing

@testable import StepwiseFHIR

/// A partitioned import copies lines into its partitions up to `copiedLineBytes` and keeps the
/// rest as references read again from the input files (the former path for every plain line).
/// Whatever the split, the outcome is the same.
@Suite struct BulkImportCopiedLinesTests {
    func key(_ problem: BulkImportProblem) -> String {
        "\(problem.file):\(problem.line):\(problem.severity):\(problem.reason.map { "\($0)" } ?? "-"):\(problem.message)"
    }

    @Test(arguments: [1, 150_000, 400_000])
    func copiedLinesGiveTheSameRecordsAndProblemsAsLinesReadAgain(copied: Int) async throws {
        let patients = 2_000
        let folder = try BulkImportPipelineTests.writeExport(patients: patients)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        var byReference = BulkImportOptions(batchBytes: 60_000, temporaryDirectory: try BulkFixtures.temporaryFolder())
        byReference.copiedLineBytes = 0
        let (before, beforeProblems, referenced) = try await BulkImporterTests.run([folder], options: byReference)
        var mixed = BulkImportOptions(batchBytes: 60_000, temporaryDirectory: try BulkFixtures.temporaryFolder())
        mixed.copiedLineBytes = copied
        let (after, afterProblems, copiedSink) = try await BulkImporterTests.run([folder], options: mixed)

        #expect(before.patientsCreated == patients)
        #expect(before.rejectedTotal > 0, "the bad lines are reported")
        #expect(after.resourcesRead == before.resourcesRead)
        #expect(after.mapped == before.mapped)
        #expect(after.rejected == before.rejected)
        #expect(after.notUsed == before.notUsed)
        #expect(after.blankLines == before.blankLines)
        #expect(after.warnings == before.warnings)
        #expect(after.patientsCreated == before.patientsCreated)
        #expect(afterProblems.map(key) == beforeProblems.map(key))
        #expect(await copiedSink.records == referenced.records)
        for options in [byReference, mixed] {
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: try #require(options.temporaryDirectory))
            #expect(leftovers.isEmpty)
        }
    }

    @Test func theDefaultCopiesUpToOneGibibyte() {
        #expect(BulkImportOptions().copiedLineBytes == 1 << 30)
    }
}
