// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import Testing

@testable import StepwiseFHIR

/// Helpers for the bulk-import suites: fixture paths, a store double, problem collection.
enum BulkFixtures {
    /// The path of `Fixtures/bulk/<name>`.
    static func path(_ name: String) throws -> String {
        let base = try #require(Bundle.module.resourceURL)
        return base.appendingPathComponent("Fixtures/bulk/\(name)").path
    }

    /// A fresh private temporary folder for a test.
    static func temporaryFolder() throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("stepwise-bulk-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
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

/// An in-memory store double with the same idempotency rule as the real stores: a record equal
/// to the stored one is `unchanged`.
actor MemorySink: BulkRecordSink {
    private(set) var records: [String: PatientRecord] = [:]
    private(set) var saves = 0

    func isEmpty() async throws -> Bool { records.isEmpty }

    func existingRecords(ids: [String]) async throws -> [String: PatientRecord] {
        var found: [String: PatientRecord] = [:]
        for id in ids { found[id] = records[id] }
        return found
    }

    func save(_ batch: [PatientRecord]) async throws -> BulkWriteCounts {
        saves += 1
        var counts = BulkWriteCounts()
        precondition(Set(batch.map(\.id)).count == batch.count, "a batch must not repeat a patient")
        for record in batch {
            switch records[record.id] {
            case nil: counts.created += 1
            case record?: counts.unchanged += 1
            default: counts.updated += 1
            }
            records[record.id] = record
        }
        return counts
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
