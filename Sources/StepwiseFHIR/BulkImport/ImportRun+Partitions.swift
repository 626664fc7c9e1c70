// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// One partition of a large import, decoded and mapped on its own (partitions are independent:
/// each holds all the resources of its patients).
struct DecodedPartition: Sendable {
    /// What reporting the mapping issues needs (the resources themselves are freed by the worker).
    var index: MappedBatchIndex
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

/// What finished in the second pass's task group.
enum PartitionStep: Sendable {
    /// A partition decoded and mapped, and the read buffer its worker used (for the next one).
    case decoded(Int, DecodedPartition, SpillBuckets.ReadBuffer)
    case saved(SavedBatch)
}

extension ImportRun {
    /// Partitions decoded and mapped at the same time (one per core of the machine this was
    /// measured on; a write runs beside them).
    static var partitionsInFlight: Int { 2 }
    /// Mapped records waiting to be written beyond which no further partition is started until a
    /// write finishes (bounds memory when writing is slower than mapping).
    static var maxQueuedRecords: Int { 5_000 }

    /// Second pass of a large import, as a pipeline on both cores: partitions are decoded and
    /// mapped two at a time (each worker with its own JSON tape and file reader) while the records
    /// of partitions already mapped are written, one write at a time, as soon as
    /// ``recordsPerWrite`` patients are waiting (and the rest at the end). Results are absorbed
    /// and reported in partition order and written in that order, each write reading back only
    /// patients written before it, so the outcome is the same as mapping and writing the
    /// partitions one after another.
    mutating func mapPartitions(_ buckets: SpillBuckets) async throws {
        let mapper = self.mapper
        let sink = self.sink
        let storeWasEmpty = self.storeWasEmpty
        let files = self.files
        let medications = self.medications
        let attempts = options.writeAttempts
        let paths = (0..<buckets.count).map { buckets.path($0) }
        try await withThrowingTaskGroup(of: PartitionStep.self) { group in
            var queue = RecordQueue()
            var ready: [Int: DecodedPartition] = [:]
            var nextToDecode = 0
            var nextToAbsorb = 0
            var decoding = 0
            var saving = false
            var readBuffers: [SpillBuckets.ReadBuffer] = []
            while true {
                while decoding < Self.partitionsInFlight, nextToDecode < paths.count,
                    queue.count < Self.maxQueuedRecords
                {
                    let index = nextToDecode
                    let path = paths[index]
                    let buffer = readBuffers.popLast() ?? SpillBuckets.ReadBuffer()
                    group.addTask {
                        let partition = try await Self.decodeAndMap(
                            path, files: files, medications: medications, mapper: mapper, buffer: buffer)
                        return .decoded(index, partition, buffer)
                    }
                    nextToDecode += 1
                    decoding += 1
                }
                let allAbsorbed = nextToAbsorb == paths.count
                if !saving, queue.count >= Self.recordsPerWrite || allAbsorbed, let records = queue.take() {
                    let written = self.written
                    group.addTask {
                        .saved(
                            try await Self.save(
                                records, sink: sink, storeWasEmpty: storeWasEmpty, written: written, attempts: attempts))
                    }
                    saving = true
                }
                guard let step = try await group.next() else { break }
                switch step {
                case .decoded(let index, let partition, let buffer):
                    decoding -= 1
                    readBuffers.append(buffer)
                    ready[index] = partition
                    while let partition = ready.removeValue(forKey: nextToAbsorb) {
                        absorbPartition(partition)
                        queue.add(partition.mapped.result.records)
                        nextToAbsorb += 1
                        tellProgress(file: "part \(nextToAbsorb) of \(paths.count)", force: true)
                    }
                case .saved(let done):
                    saving = false
                    absorbSaving(done)
                }
            }
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
        absorbMapping(partition.mapped, partition.index)
    }

    /// Decodes every line of the partition at `path` (reading referenced lines from their input
    /// files) and maps them, with the import's `Medication`s in front as reference targets.
    /// The partition is read into `buffer`.
    static func decodeAndMap(
        _ path: String, files: [String], medications: [R4.Resource], mapper: FHIRRecordMapper,
        buffer: SpillBuckets.ReadBuffer = SpillBuckets.ReadBuffer()
    ) async throws -> DecodedPartition {
        var tape = JSONTape()
        let rereader = LineRereader(paths: files)
        var resources: [MappableResource] = medications.map { .resource($0) }
        var locations: [ResourceLocation] = []
        var rejects: [PartitionReject] = []
        var unused: [(location: ResourceLocation, type: String)] = []
        try SpillBuckets.forEachEntry(path: path, buffer: buffer) { entry in
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
                let resource = try BulkResourceDecoder.decodeMappable(tape, root: 0, expectedType: nil)
                if case .resource(.other(let type)) = resource {
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
        let mapped = map(batch, mapper: mapper)
        return DecodedPartition(
            index: MappedBatchIndex(mapped.result.issues, batch), mapped: mapped, rejects: rejects, unused: unused)
    }
}
