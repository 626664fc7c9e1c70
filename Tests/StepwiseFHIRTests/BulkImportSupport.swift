// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import Synchronization
import Testing

@testable import StepwiseFHIR

/// Helpers for the bulk-import suites: fixture paths, a store double, problem collection.
enum BulkFixtures {
    /// The path of `Fixtures/bulk/<name>`.
    static func path(_ name: String) throws -> String {
        let base = try #require(Bundle.module.resourceURL)
        return base.appendingPathComponent("Fixtures/bulk/\(name)").path
    }

    /// A fresh private temporary folder for a test; removed with everything in it when the test
    /// process exits.
    static func temporaryFolder() throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("stepwise-bulk-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        TemporaryFolders.register(path)
        return path
    }

    /// The syntax error `JSONTape` finds in `text`, or `nil` when it is valid JSON.
    static func syntaxError(_ text: String) -> JSONSyntaxError? {
        syntaxError(Array(text.utf8))
    }

    /// The syntax error `JSONTape` finds in `bytes`, or `nil` when they are valid JSON.
    static func syntaxError(_ bytes: [UInt8]) -> JSONSyntaxError? {
        bytes.withUnsafeBytes { buffer in
            var tape = JSONTape()
            do throws(JSONSyntaxError) {
                try tape.parse(buffer)
                return nil
            } catch {
                return error
            }
        }
    }

    /// Parses `bytes` and converts the tape to Foundation objects (like `JSONSerialization`).
    static func foundationValue(of bytes: [UInt8]) -> Any? {
        bytes.withUnsafeBytes { buffer -> Any? in
            var tape = JSONTape()
            do throws(JSONSyntaxError) { try tape.parse(buffer) } catch { return nil }
            return value(tape, 0)
        }
    }

    private static func value(_ tape: JSONTape, _ index: Int) -> Any {
        switch tape.kind(index) {
        case .object:
            let object = NSMutableDictionary()
            tape.forEachMember(index) { k, v in object[tape.string(k) ?? ""] = value(tape, v) }
            return object
        case .array:
            let array = NSMutableArray()
            tape.forEachElement(index) { e, _ in array.add(value(tape, e)) }
            return array
        case .string: return tape.string(index) ?? ""
        case .number:
            if let integer = tape.integer(index) { return NSNumber(value: integer) }
            return NSNumber(value: tape.double(index) ?? .nan)
        case .true: return NSNumber(value: true)
        case .false: return NSNumber(value: false)
        case .null: return NSNull()
        }
    }
}

/// An in-memory store double with the same rules as the real stores: a record equal to the
/// stored one is `unchanged`; a save is refused as a whole (`.conflict`) when any stored version
/// differs from the expected one (absent: the patient must not exist yet).
///
/// `competeBeforeSaves` plays a clinician on the clinic server: right before each of the next
/// saves that include the patient, it saves an edit of that patient first (after the importer
/// read it), so the import's save meets a version it did not read.
actor MemorySink: BulkRecordSink {
    private(set) var records: [String: PatientRecord] = [:]
    private(set) var versions: [String: Int] = [:]
    private(set) var saves = 0
    /// Saves refused because a version had changed.
    private(set) var conflicts = 0
    private var competitor: (id: String, remaining: Int, edit: @Sendable (inout PatientRecord) -> Void)?

    func isEmpty() async throws -> Bool { records.isEmpty }

    func existingRecords(ids: [String]) async throws -> [String: VersionedRecord] {
        var found: [String: VersionedRecord] = [:]
        for id in ids {
            if let record = records[id], let version = versions[id] { found[id] = VersionedRecord(record: record, version: version) }
        }
        return found
    }

    func save(_ batch: [PatientRecord], expectedVersions: [String: Int]) async throws -> BulkWriteCounts {
        precondition(Set(batch.map(\.id)).count == batch.count, "a batch must not repeat a patient")
        if var competitor, competitor.remaining > 0, batch.contains(where: { $0.id == competitor.id }) {
            competitor.remaining -= 1
            self.competitor = competitor
            var record = records[competitor.id] ?? PatientRecord(id: competitor.id)
            competitor.edit(&record)
            clinicianSave(record)
        }
        saves += 1
        guard batch.allSatisfy({ versions[$0.id] == expectedVersions[$0.id] }) else {
            conflicts += 1
            throw StepwiseError(.conflict, "Some patients changed since they were read; re-read and retry.")
        }
        var counts = BulkWriteCounts()
        for record in batch {
            switch records[record.id] {
            case nil: counts.created += 1
            case record?: counts.unchanged += 1
            default: counts.updated += 1
            }
            if records[record.id] != record {
                records[record.id] = record
                versions[record.id, default: 0] += 1
            }
        }
        return counts
    }

    /// Before each of the next `times` saves that include patient `id`, saves `edit` of its
    /// current record (or of a new record, when it is not stored) as another user would.
    func competeBeforeSaves(of id: String, times: Int, _ edit: @escaping @Sendable (inout PatientRecord) -> Void) {
        competitor = (id, times, edit)
    }

    /// Saves a record as another user would (a new version, no import involved).
    func clinicianSave(_ record: PatientRecord) {
        records[record.id] = record
        versions[record.id, default: 0] += 1
    }
}

/// Collects the problems an import reports (thread-safe).
final class ProblemLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [BulkImportProblem] = []

    var all: [BulkImportProblem] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }

    func add(_ problem: BulkImportProblem) {
        lock.lock()
        items.append(problem)
        lock.unlock()
    }
}

extension BulkImporter {
    /// An importer with the bundled knowledge base.
    static func forTests(_ options: BulkImportOptions = BulkImportOptions()) -> BulkImporter {
        BulkImporter(mapper: FHIRRecordMapper(knowledge: MappingFixtures.knowledge), options: options)
    }
}

/// The temporary folders the bulk-import tests created, removed at process exit (tests run in one
/// process; a folder may still be in use until the last test ends).
enum TemporaryFolders {
    private static let created = Mutex<[String]>([])
    private static let cleanup: Void = {
        atexit {
            for path in TemporaryFolders.created.withLock({ $0 }) {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
    }()

    static func register(_ path: String) {
        _ = cleanup
        created.withLock { $0.append(path) }
    }
}
