// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// Resources taken out of the run to be mapped: `Medication`s first, then the batch.
struct ImportBatch: Sendable {
    var resources: [MappableResource]
    /// Where each resource after `offset` came from.
    var locations: [ResourceLocation]
    /// How many leading `Medication` resources there are (reference targets, counted already).
    var offset: Int
}

/// A mapped batch and how long mapping took.
struct MappedBatch: Sendable {
    var result: FHIRMappingResult
    var seconds: Double
}

/// What writing a batch did and how long it took.
struct SavedBatch: Sendable {
    var counts: BulkWriteCounts
    /// Patients left unwritten because someone else kept changing them (stored records kept).
    var notWritten = 0
    /// The patients of the batch (written, or left unwritten and so possibly stored).
    var ids: [String]
    var seconds: Double
}

/// Mapped records waiting to be written, one per patient (a patient met again is merged).
struct RecordQueue {
    private var records: [PatientRecord] = []
    private var index: [String: Int] = [:]

    var count: Int { records.count }

    mutating func add(_ more: [PatientRecord]) {
        for record in more {
            if let at = index[record.id] {
                records[at] = RecordMerge.merge(record, into: records[at])
            } else {
                index[record.id] = records.count
                records.append(record)
            }
        }
    }

    /// The waiting records (nil when none), emptying the queue.
    mutating func take() -> [PatientRecord]? {
        guard !records.isEmpty else { return nil }
        defer {
            records = []
            index = [:]
        }
        return records
    }
}

extension ImportRun {
    /// Takes the waiting resources out as a batch (with every `Medication` in front).
    mutating func takeBatch() -> ImportBatch {
        var resources: [MappableResource] = []
        resources.reserveCapacity(medications.count + pending.count)
        for resource in medications { resources.append(.resource(resource)) }
        for resource in pending { resources.append(.resource(resource)) }
        let batch = ImportBatch(resources: resources, locations: locations, offset: medications.count)
        pending.removeAll(keepingCapacity: true)
        locations.removeAll(keepingCapacity: true)
        return batch
    }

    /// Maps the waiting batch, writes it and reports its issues.
    mutating func flush() async throws {
        guard !pending.isEmpty else { return }
        let batch = takeBatch()
        let mapped = Self.map(batch, mapper: mapper)
        absorbMapping(mapped, MappedBatchIndex(mapped.result.issues, batch))
        let saved = try await Self.save(
            mapped.result.records, sink: sink, storeWasEmpty: storeWasEmpty, written: written,
            attempts: options.writeAttempts)
        absorbSaving(saved)
    }

    /// Maps a batch (pure: runs beside the decoding of the next partition).
    static func map(_ batch: ImportBatch, mapper: FHIRRecordMapper) -> MappedBatch {
        let clock = ContinuousClock()
        let start = clock.now
        let result = mapper.map(mappable: batch.resources)
        return MappedBatch(result: result, seconds: (clock.now - start).seconds)
    }

    /// Patients written per store transaction: few durable commits, each write still short for
    /// a running server.
    static var recordsPerTransaction: Int { 5_000 }

    /// Merges each mapped record into the stored one when there may be one (stored before this
    /// import, or written by an earlier batch of it) and writes them, in transactions of at most
    /// `recordsPerTransaction` patients, each guarded by the versions that were read (see
    /// `GuardedWrite`). Batches are saved one at a time, in order, so a patient split over two
    /// batches is merged, never overwritten.
    static func save(
        _ records: [PatientRecord], sink: Sink, storeWasEmpty: Bool, written: Set<String>, attempts: Int
    ) async throws -> SavedBatch {
        let clock = ContinuousClock()
        let start = clock.now
        let mayExist: @Sendable (String) -> Bool
        if storeWasEmpty {
            mayExist = { written.contains($0) }
        } else {
            mayExist = { _ in true }
        }
        let writer = GuardedWrite(sink: sink, attempts: attempts, mayExist: mayExist)
        var saved = SavedBatch(counts: BulkWriteCounts(), ids: records.map(\.id), seconds: 0)
        var from = 0
        while from < records.count {
            let to = min(records.count, from + recordsPerTransaction)
            let outcome = try await writer.write(Array(records[from..<to]))
            saved.counts.created += outcome.counts.created
            saved.counts.updated += outcome.counts.updated
            saved.counts.unchanged += outcome.counts.unchanged
            saved.notWritten += outcome.notWritten
            from = to
        }
        saved.seconds = (clock.now - start).seconds
        return saved
    }

    /// Counts a mapped batch and reports its issues at their files and lines.
    mutating func absorbMapping(_ mapped: MappedBatch, _ index: MappedBatchIndex) {
        var unusable = 0
        if !mapped.result.issues.isEmpty {
            unusable = attribute(mapped.result.issues, index)
        }
        summary.mapped += index.count - index.offset - unusable
        summary.mappingSeconds += mapped.seconds
    }

    /// Counts a write.
    mutating func absorbSaving(_ saved: SavedBatch) {
        summary.patientsCreated += saved.counts.created
        summary.patientsUpdated += saved.counts.updated
        summary.patientsUnchanged += saved.counts.unchanged
        summary.patientsNotWritten += saved.notWritten
        summary.storingSeconds += saved.seconds
        written.formUnion(saved.ids)
        if saved.notWritten > 0 {
            let attempts = max(1, options.writeAttempts)
            emit(
                nil, .notWritten, nil,
                "\(saved.notWritten) patient record(s) were not written: someone else changed them in the store "
                    + "during each of \(attempts) attempt(s) to merge this import into them. Their stored records were "
                    + "left as they are (nothing was overwritten); run the same import again to merge them.")
        }
    }

    /// Reports each mapping issue at its resource's file and line; returns how many pending
    /// resources contributed nothing (rejected or of a kind not read).
    private mutating func attribute(_ issues: [FHIRMappingIssue], _ batch: MappedBatchIndex) -> Int {
        let offset = batch.offset
        var rejectedIndexes: Set<Int> = []
        var unusable = 0
        for (issue, label) in zip(issues, batch.labels) {
            let index = label.position ?? label.key.flatMap { batch.byLabel[$0] }
            var place = index.map { $0 < offset ? medicationLocations[$0] : batch.locations[$0 - offset] }
            if place == nil, let patient = issue.patient {
                // A note about an assembled record (e.g. overlapping trials): point at the
                // patient's own line rather than print the patient's id.
                place = batch.patientIndex[patient].map { batch.locations[$0 - offset] }
            }
            if label.more > 0 || (issue.path == "$" && issue.reason.contains("not used")) {
                let count = label.more + 1
                summary.notUsed["\(label.type ?? "resource") with a code Stepwise does not read", default: 0] += count
                unusable += count
                let more = label.more > 0 ? " (and \(label.more) more like it, counted in the summary)" : ""
                emit(place, .notUsed, nil, "\(issue.path == "$" ? "" : "\(issue.path): ")\(issue.reason)\(more)")
            } else if let index, index >= offset, MappingIssueClassifier.rejects(issue, type: label.type) {
                if rejectedIndexes.insert(index).inserted {
                    unusable += 1
                    summary.rejected[.notMappable, default: 0] += 1
                }
                emit(place, .rejected, .notMappable, "\(issue.path): \(issue.reason)")
            } else {
                summary.warnings += 1
                emit(place, .warning, nil, "\(issue.path): \(issue.reason)")
            }
        }
        return unusable
    }
}

/// Tells a mapping issue that dropped a resource from one about a single element.
enum MappingIssueClassifier {
    /// Whether a mapping issue means the whole resource was left out (rather than one element).
    ///
    /// The mapper says so in words ("…; not used", "was not counted") about a top-level element,
    /// or reports an impossible or partial date in the element that dates the whole resource
    /// (a score without its day is not used). A Patient always yields its record, so its issues
    /// are warnings. (An explicit flag on `FHIRMappingIssue` would make this exact.)
    static func rejects(_ issue: FHIRMappingIssue, type: String?) -> Bool {
        guard type != "Patient" else { return false }
        let badDate = issue.reason.hasPrefix("the date is not a real calendar date")
            || issue.reason.hasPrefix("the date gives only a year or month")
        if badDate { return datingElements.contains(issue.path) }
        let path = issue.path.hasSuffix("[x]") ? String(issue.path.dropLast(3)) : issue.path
        let topLevel = !path.contains(".") && !path.contains("[")
        let dropped = issue.reason.hasSuffix("not used") || issue.reason.contains("was not used")
            || issue.reason.contains("were not used") || issue.reason.contains("not counted")
        return topLevel && dropped
    }

    /// Elements whose date is the resource's own date: without it the mapper drops the resource.
    static let datingElements: Set<String> = [
        "effectiveDateTime", "effectivePeriod.start", "effectiveInstant", "authoredOn", "authored",
        "dosageInstruction[0].timing.repeat.boundsPeriod.start", "effectivePeriod.start", "whenHandedOver",
        "performedDateTime", "performedPeriod.start",
    ]
}

/// What reporting a mapped batch's issues at their files and lines needs from the batch: taken
/// out where the batch was mapped, so its resources are freed there (on a worker, for a partition)
/// rather than on the importing task.
struct MappedBatchIndex: Sendable {
    /// Where each resource after `offset` came from.
    var locations: [ResourceLocation]
    /// How many leading `Medication` resources the batch had.
    var offset: Int
    /// How many resources the batch had, `Medication`s included.
    var count: Int
    /// Each issue's `resource` label taken apart, in issue order.
    var labels: [IssueLabel]
    /// The first resource index for each `Type/id` an issue names.
    var byLabel: [String: Int] = [:]
    /// The first `Patient` resource index (at or after `offset`) for each patient an issue names.
    var patientIndex: [String: Int] = [:]

    init(_ issues: [FHIRMappingIssue], _ batch: ImportBatch) {
        locations = batch.locations
        offset = batch.offset
        count = batch.resources.count
        labels = issues.map { IssueLabel($0.resource) }
        guard !issues.isEmpty else { return }
        let resources = batch.resources
        var wanted: Set<String> = []
        var wantedKeys: Set<String> = []
        for label in labels {
            if let id = label.id { wanted.insert(id) }
            if let key = label.key { wantedKeys.insert(key) }
        }
        if !wanted.isEmpty {
            for (index, resource) in resources.enumerated() {
                // A tape Observation is looked up by its label (`Observation/<id>`, already built),
                // without building its id; only issue labels are ever looked up.
                if case .observation(let observation) = resource {
                    guard let label = observation.label, wantedKeys.contains(label) else { continue }
                    if byLabel[label] == nil { byLabel[label] = index }
                    continue
                }
                guard let id = resource.id, wanted.contains(id) else { continue }
                let key = "\(resource.resourceType)/\(id)"
                if byLabel[key] == nil { byLabel[key] = index }
            }
        }
        let patients = Set(issues.compactMap(\.patient))
        if !patients.isEmpty {
            for index in batch.offset..<resources.count {
                if let patient = resources[index].patient, let id = patient.id, patients.contains(id),
                    patientIndex[id] == nil
                {
                    patientIndex[id] = index
                }
            }
        }
    }
}

/// A mapping issue's `resource` label taken apart: `Observation/abc`, `resource[12]`, each
/// optionally followed by ` (and N more)`.
struct IssueLabel: Sendable {
    var type: String?
    var id: String?
    var position: Int?
    var more = 0

    init(_ text: String) {
        var label = Substring(text)
        if let range = label.range(of: " (and "), label.hasSuffix(" more)") {
            let count = label[range.upperBound...].dropLast(" more)".count)
            more = Int(count) ?? 0
            label = label[..<range.lowerBound]
        }
        if label.hasPrefix("resource["), label.hasSuffix("]") {
            position = Int(label.dropFirst("resource[".count).dropLast())
        } else if let slash = label.firstIndex(of: "/") {
            type = String(label[..<slash])
            id = String(label[label.index(after: slash)...])
        }
    }

    /// `Type/id`, when the label names one.
    var key: String? {
        guard let type, let id else { return nil }
        return "\(type)/\(id)"
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
