// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// One partition of a large import, decoded and mapped on its own (partitions are independent:
/// each holds all the resources of its patients).
struct DecodedPartition: Sendable {
    var batch: ImportBatch
    var mapped: MappedBatch
    /// Lines that did not decode, in line order: reported when the partition is absorbed.
    var rejects: [PartitionReject]
    /// Resources of types that are not mapped (not expected here: the first pass keeps them).
    var unused: [(location: ResourceLocation, type: String)]
}

/// A line of a partition that was rejected while decoding.
struct PartitionReject: Sendable {
    var location: ResourceLocation
    var reason: BulkRejectReason
    var message: String
}

extension ImportRun {
    /// Second pass of a large import, on both cores: partitions are decoded and mapped two at a
    /// time (each worker with its own JSON tape and file reader) while the records of earlier
    /// partitions are written. Results are absorbed, reported and written in partition order, one
    /// write at a time, so the outcome is the same as mapping the partitions one after another.
    mutating func mapPartitions(_ buckets: SpillBuckets) async throws {
        let mapper = self.mapper
        let sink = self.sink
        let storeWasEmpty = self.storeWasEmpty
        let files = self.files
        let medications = self.medications
        let attempts = options.writeAttempts
        let paths = (0..<buckets.count).map { buckets.path($0) }
        var queue = RecordQueue()
        var index = 0
        while index < paths.count {
            let written = self.written
            let toSave = queue.count >= Self.recordsPerWrite ? queue.take() : nil
            let firstPath = paths[index]
            let second = index + 1 < paths.count ? paths[index + 1] : nil
            async let first = Self.decodeAndMap(firstPath, files: files, medications: medications, mapper: mapper)
            async let other = Self.decodeAndMapIfAny(second, files: files, medications: medications, mapper: mapper)
            async let saved = Self.saveIfAny(
                toSave, sink: sink, storeWasEmpty: storeWasEmpty, written: written, attempts: attempts)
            for partition in [try await first, try await other].compactMap({ $0 }) {
                absorbPartition(partition)
                queue.add(partition.mapped.result.records)
            }
            if let done = try await saved { absorbSaving(done) }
            index += second == nil ? 1 : 2
            tellProgress(file: "part \(index) of \(paths.count)", force: true)
        }
        if let rest = queue.take() {
            absorbSaving(
                try await Self.save(rest, sink: sink, storeWasEmpty: storeWasEmpty, written: written, attempts: attempts))
        }
    }

    /// Counts and reports a decoded and mapped partition.
    private mutating func absorbPartition(_ partition: DecodedPartition) {
        for reject in partition.rejects {
            self.reject(reject.location, reject.reason, reject.message)
        }
        for (location, type) in partition.unused {
            summary.notUsed[type, default: 0] += 1
            if reportedTypes.insert(type).inserted {
                emit(location, .notUsed, nil, "\(type) resources are not used by Stepwise (counted in the summary)")
            }
        }
        absorbMapping(partition.mapped, partition.batch)
    }

    static func decodeAndMapIfAny(
        _ path: String?, files: [String], medications: [R4.Resource], mapper: FHIRRecordMapper
    ) async throws -> DecodedPartition? {
        guard let path else { return nil }
        return try await decodeAndMap(path, files: files, medications: medications, mapper: mapper)
    }

    /// Decodes every line of the partition at `path` (reading referenced lines from their input
    /// files) and maps them, with the import's `Medication`s in front as reference targets.
    static func decodeAndMap(
        _ path: String, files: [String], medications: [R4.Resource], mapper: FHIRRecordMapper
    ) async throws -> DecodedPartition {
        var tape = JSONTape()
        let rereader = LineRereader(paths: files)
        var resources = medications
        var locations: [ResourceLocation] = []
        var rejects: [PartitionReject] = []
        var unused: [(location: ResourceLocation, type: String)] = []
        try SpillBuckets.forEachEntry(path: path) { entry in
            let location = ResourceLocation(file: Int32(clamping: entry.file), line: Int32(clamping: entry.line), entry: -1)
            let body = try entry.bytes ?? rereader.read(file: entry.file, offset: entry.offset, length: entry.length)
            do throws(JSONSyntaxError) {
                try tape.parse(body)
            } catch {
                rejects.append(
                    PartitionReject(
                        location: location, reason: .malformedJSON,
                        message: "malformed JSON at byte \(error.offset + 1): \(error.reason)"))
                return
            }
            do throws(BulkResourceDecoder.Failure) {
                let resource = try BulkResourceDecoder.decode(tape, root: 0, expectedType: nil)
                if case .other(let type) = resource {
                    unused.append((location, type))
                } else {
                    resources.append(resource)
                    locations.append(location)
                }
            } catch {
                rejects.append(PartitionReject(location: location, reason: error.reason, message: error.message))
            }
        }
        let batch = ImportBatch(resources: resources, locations: locations, offset: medications.count)
        return DecodedPartition(batch: batch, mapped: map(batch, mapper: mapper), rejects: rejects, unused: unused)
    }
}
