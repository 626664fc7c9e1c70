// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import Testing

@testable import StepwiseFHIR

/// `BulkImporter` end to end into an in-memory store: counts, per-line problems, idempotency,
/// partitioning of large imports and Bundle files.
@Suite struct BulkImporterTests {
    static func run(
        _ paths: [String], into sink: MemorySink = MemorySink(), options: BulkImportOptions = BulkImportOptions()
    ) async throws -> (BulkImportSummary, [BulkImportProblem], MemorySink) {
        let log = ProblemLog()
        let summary = try await BulkImporter.forTests(options).run(paths: paths, into: sink) { log.add($0) }
        return (summary, log.all, sink)
    }

    @Test func importsAGeneratedExportIntoOneRecordPerPatient() async throws {
        let (summary, problems, sink) = try await Self.run([try BulkFixtures.path("export")])
        #expect(summary.files == 4)
        #expect(summary.resourcesRead == 52)
        #expect(summary.rejectedTotal == 0)
        #expect(summary.mapped + summary.notUsedTotal == summary.resourcesRead)
        #expect(summary.patientsCreated == 4)
        let records = await sink.records
        #expect(records.count == 4)
        for record in records.values {
            #expect(record.birthDate != nil)
            #expect(record.sex != nil)
            #expect(!record.measurements.isEmpty)
            #expect(!record.trials.isEmpty)
            #expect(record.measurements.allSatisfy { $0.id?.hasPrefix("Observation/") == true })
        }
        #expect(problems.allSatisfy { $0.severity != .rejected })
    }

    @Test func reportsEveryBadLineWithFileLineAndReasonAndImportsTheRest() async throws {
        let (summary, problems, sink) = try await Self.run([try BulkFixtures.path("bad")])
        let rejected = problems.filter { $0.severity == .rejected }
        func reason(line: Int) -> BulkRejectReason? {
            rejected.first { $0.file == "Observation.ndjson" && $0.line == line }?.reason
        }
        #expect(reason(line: 2) == .malformedJSON)
        #expect(reason(line: 3) == .wrongResourceType)
        #expect(reason(line: 4) == .missingResourceType)
        #expect(reason(line: 5) == .wrongResourceType)
        #expect(reason(line: 6) == .missingRequiredElement)
        #expect(reason(line: 7) == .notMappable)
        #expect(reason(line: 9) == .wrongElementType)
        #expect(reason(line: 11) == .notAnObject)
        #expect(reason(line: 13) == .missingRequiredElement)
        for line in [1, 8, 10, 12, 14] { #expect(reason(line: line) == nil) }
        // The unknown code is reported where it is, as not used; the non-mg dose as a warning.
        #expect(problems.contains { $0.line == 8 && $0.severity == .notUsed && $0.message.contains("8480-6") })
        #expect(
            problems.contains {
                $0.file == "MedicationRequest.ndjson" && $0.line == 1 && $0.severity == .warning
                    && $0.message.contains("dose unknown")
            })
        #expect(summary.rejectedTotal == 9)
        #expect(summary.blankLines == 1)
        #expect(problems.allSatisfy { $0.description.hasPrefix($0.file) })
        // The good lines are in the record.
        let record = try #require(await sink.records["p1"])
        #expect(record.birthDate == LocalDate("1980-05-17"))
        #expect(Set(record.measurements.compactMap(\.id)).isSuperset(of: ["Observation/phq9-total-1", "Observation/phq9-total-2"]))
        #expect(record.measurements.contains { $0.answer(item: 9) == 1 })
        let sertraline = record.trials.filter { $0.agent == "sertraline" }
        #expect(!sertraline.isEmpty)
    }

    @Test func problemsNeverContainTheRejectedContent() async throws {
        let (_, problems, _) = try await Self.run([try BulkFixtures.path("bad")])
        for problem in problems {
            #expect(!problem.description.contains("1980-05-17"))
            #expect(!problem.description.contains("{\""))
        }
    }

    @Test func runningTheSameImportAgainChangesNothing() async throws {
        let sink = MemorySink()
        let path = try BulkFixtures.path("export")
        let (first, _, _) = try await Self.run([path], into: sink)
        let before = await sink.records
        let (second, _, _) = try await Self.run([path], into: sink)
        let after = await sink.records
        #expect(first.patientsCreated == 4)
        #expect(second.patientsCreated == 0)
        #expect(second.patientsUpdated == 0)
        #expect(second.patientsUnchanged == 4)
        #expect(after == before)
        for record in after.values {
            let ids = record.measurements.compactMap(\.id)
            #expect(Set(ids).count == ids.count)
        }
    }

    @Test func mergesANewFileIntoTheStoredPatientWithoutDuplicates() async throws {
        let sink = MemorySink()
        let folder = try BulkFixtures.path("export")
        _ = try await Self.run(["\(folder)/Patient.ndjson", "\(folder)/Observation.ndjson"], into: sink)
        let (second, _, _) = try await Self.run(["\(folder)/MedicationRequest.ndjson", "\(folder)/Observation.ndjson"], into: sink)
        #expect(second.patientsUpdated == 4)
        let (all, _, fresh) = try await Self.run([folder])
        #expect(all.patientsCreated == 4)
        let merged = await sink.records
        let direct = await fresh.records
        for (id, record) in direct {
            let other = try #require(merged[id])
            #expect(other.birthDate == record.birthDate)
            #expect(Set(other.measurements.compactMap(\.id)) == Set(record.measurements.compactMap(\.id)))
            #expect(other.measurements.count == record.measurements.count)
            #expect(other.trials.count == record.trials.count)
        }
    }

    @Test func aLargeImportPartitionedByPatientGivesTheSameRecords() async throws {
        let folder = try BulkFixtures.path("export")
        let (whole, _, oneBatch) = try await Self.run([folder])
        let tiny = BulkImportOptions(batchBytes: 2_000, temporaryDirectory: try BulkFixtures.temporaryFolder())
        let (split, problems, partitioned) = try await Self.run([folder], options: tiny)
        #expect(split.mapped == whole.mapped)
        #expect(split.resourcesRead == whole.resourcesRead)
        #expect(split.patientsCreated == 4)
        #expect(await partitioned.records == oneBatch.records)
        #expect(problems.allSatisfy { $0.severity != .rejected })
        // The temporary partitions are gone.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: try #require(tiny.temporaryDirectory))
        #expect(leftovers.isEmpty)
    }

    @Test func aPartitionedImportReportsTheSameProblemsAtTheSameLines() async throws {
        let folder = try BulkFixtures.path("bad")
        let (whole, wholeProblems, oneBatch) = try await Self.run([folder])
        let tiny = BulkImportOptions(batchBytes: 500, temporaryDirectory: try BulkFixtures.temporaryFolder())
        let (split, splitProblems, partitioned) = try await Self.run([folder], options: tiny)
        #expect(split.rejected == whole.rejected)
        #expect(split.notUsed == whole.notUsed)
        #expect(split.mapped == whole.mapped)
        #expect(split.warnings == whole.warnings)
        #expect(split.resourcesRead == whole.resourcesRead)
        func key(_ problem: BulkImportProblem) -> String {
            "\(problem.file):\(problem.line):\(problem.severity):\(problem.reason.map { "\($0)" } ?? "-"):\(problem.message)"
        }
        #expect(splitProblems.map(key).sorted() == wholeProblems.map(key).sorted())
        #expect(await partitioned.records == oneBatch.records)
    }

    @Test func aPartitionedImportOfGzipAndPlainFilesGivesTheSameRecords() async throws {
        let source = try BulkFixtures.path("export")
        let folder = try BulkFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let names = try FileManager.default.contentsOfDirectory(atPath: source).filter { $0.hasSuffix(".ndjson") }.sorted()
        #expect(names.count >= 2)
        for (index, name) in names.enumerated() {
            let target = (folder as NSString).appendingPathComponent(name)
            try FileManager.default.copyItem(atPath: (source as NSString).appendingPathComponent(name), toPath: target)
            if index % 2 == 0 {
                let gzip = Process()
                gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                gzip.arguments = ["gzip", "-f", target]
                try gzip.run()
                gzip.waitUntilExit()
                #expect(gzip.terminationStatus == 0)
            }
        }
        let (whole, _, oneBatch) = try await Self.run([source])
        let tiny = BulkImportOptions(batchBytes: 1_000, temporaryDirectory: try BulkFixtures.temporaryFolder())
        let (split, problems, partitioned) = try await Self.run([folder], options: tiny)
        #expect(split.mapped == whole.mapped)
        #expect(split.resourcesRead == whole.resourcesRead)
        #expect(await partitioned.records == oneBatch.records)
        #expect(problems.allSatisfy { $0.severity != .rejected })
    }

    @Test func aLargePartitionedFileChecksItsLinesInChunksWithTheSameOutcome() async throws {
        // Over two chunks' worth of lines (the first pass checks chunks on both cores), with bad,
        // blank and over-long lines on both sides of the chunk boundaries.
        let source = try BulkFixtures.path("export")
        let folder = try BulkFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["Patient.ndjson", "Condition.ndjson"] {
            try FileManager.default.copyItem(
                atPath: (source as NSString).appendingPathComponent(name), toPath: (folder as NSString).appendingPathComponent(name))
        }
        let lines = try String(contentsOfFile: (source as NSString).appendingPathComponent("Observation.ndjson"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        var out: [String] = []
        let chunk = BulkImporterTestsChunk.lines
        let bad: [Int: String] = [
            100: "{not json", chunk: "[1,2]", chunk + 1: "", chunk * 2 - 1: "{\"resourceType\":\"Patient\"}",
            chunk * 2: String(repeating: "x", count: 3_000), chunk * 2 + 1: "{\"resourceType\":\"Observation\"}",
        ]
        for number in 1...(chunk * 2 + 700) {
            if let line = bad[number] {
                out.append(line)
                continue
            }
            let template = lines[number % lines.count]
            out.append(template.replacingOccurrences(of: "\"id\":\"", with: "\"id\":\"n\(number)-"))
        }
        try (out.joined(separator: "\n") + "\n").write(
            toFile: (folder as NSString).appendingPathComponent("Observation.ndjson"), atomically: true, encoding: .utf8)
        let limit = BulkImportOptions(maxLineBytes: 2_000, batchBytes: 64 << 20)
        let (whole, wholeProblems, oneBatch) = try await Self.run([folder], options: limit)
        let tiny = BulkImportOptions(
            maxLineBytes: 2_000, batchBytes: 100_000, temporaryDirectory: try BulkFixtures.temporaryFolder())
        let (split, splitProblems, partitioned) = try await Self.run([folder], options: tiny)
        let rejectedLines = Set(splitProblems.filter { $0.severity == .rejected && $0.file == "Observation.ndjson" }.map(\.line))
        #expect(rejectedLines.isSuperset(of: [100, chunk, chunk * 2 - 1, chunk * 2, chunk * 2 + 1]))
        #expect(!rejectedLines.contains(chunk + 1))
        #expect(whole.blankLines == 1)
        #expect(split.rejected == whole.rejected)
        #expect(split.blankLines == whole.blankLines)
        #expect(split.mapped == whole.mapped)
        #expect(split.resourcesRead == whole.resourcesRead)
        func key(_ problem: BulkImportProblem) -> String {
            "\(problem.file):\(problem.line):\(problem.severity):\(problem.message)"
        }
        #expect(
            splitProblems.filter { $0.severity == .rejected }.map(key).sorted()
                == wholeProblems.filter { $0.severity == .rejected }.map(key).sorted())
        #expect(await partitioned.records == oneBatch.records)
    }

    @Test func rejectsLinesOverTheConfiguredLimitAndKeepsTheRest() async throws {
        let folder = try BulkFixtures.temporaryFolder()
        let good = try String(contentsOfFile: try BulkFixtures.path("bad/Observation.ndjson"), encoding: .utf8)
            .split(separator: "\n").first.map(String.init) ?? ""
        let long = good.replacingOccurrences(of: #""status""#, with: #""note":[{"text":"\#(String(repeating: "n", count: 3_000))"}],"status""#)
        try ([good, long, good.replacingOccurrences(of: "phq9-total-1", with: "phq9-total-9")].joined(separator: "\n"))
            .write(toFile: "\(folder)/Observation.ndjson", atomically: true, encoding: .utf8)
        let (summary, problems, sink) = try await Self.run([folder], options: BulkImportOptions(maxLineBytes: 1_000))
        #expect(summary.rejected[.lineTooLong] == 1)
        #expect(problems.contains { $0.line == 2 && $0.reason == .lineTooLong && $0.message.contains("1000") })
        #expect(summary.mapped == 2)
        #expect(await sink.records.count == 1)
    }

    @Test func importsBundleFilesEntryByEntry() async throws {
        let folder = try BulkFixtures.temporaryFolder()
        let bundle = #"""
            {"resourceType":"Bundle","type":"collection","entry":[
             {"resource":{"resourceType":"Patient","id":"b1","gender":"male","birthDate":"1975-01-02"}},
             {"resource":{"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"44261-6"}]},"subject":{"reference":"Patient/b1"},"effectiveDateTime":"2024-01-01","valueInteger":14}},
             {"fullUrl":"urn:uuid:nothing"},
             {"resource":{"resourceType":"Observation","id":"o2","code":{"coding":[{"system":"http://loinc.org","code":"44261-6"}]},"subject":{"reference":"Patient/b1"}}}
            ]}
            """#
        try bundle.write(toFile: "\(folder)/patient-b1.json", atomically: true, encoding: .utf8)
        try "{\"resourceType\":\"Bundle\",".write(toFile: "\(folder)/broken.json", atomically: true, encoding: .utf8)
        let (summary, problems, sink) = try await Self.run([folder])
        #expect(summary.mapped == 2)
        #expect(problems.contains { $0.file == "patient-b1.json" && $0.entry == "entry[2]" && $0.line == 4 })
        #expect(problems.contains { $0.entry == "entry[3]" && $0.reason == .missingRequiredElement })
        #expect(problems.contains { $0.file == "broken.json" && $0.reason == .malformedJSON })
        #expect(await sink.records["b1"]?.measurements.first?.total == 14)
    }

    @Test func aMissingInputIsAnErrorNamingOnlyTheFile() async throws {
        await #expect(throws: StepwiseError.self) {
            _ = try await Self.run(["/nonexistent/folder/Observation.ndjson"])
        }
    }
}

/// The first pass's chunk size, as the tests see it.
enum BulkImporterTestsChunk {
    static var lines: Int { ImportRun<MemorySink>.linesPerChunk }
}
