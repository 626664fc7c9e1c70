// SPDX-License-Identifier: Apache-2.0
public import StepwiseCore

/// Settings of a bulk import.
public struct BulkImportOptions: Sendable, Equatable {
    /// Lines longer than this many bytes are rejected without being held in memory.
    public var maxLineBytes: Int
    /// Largest Bundle `.json` file accepted (a Bundle is one JSON document, read whole).
    public var maxBundleBytes: Int
    /// How much NDJSON (in bytes) is mapped at a time. A larger import is first partitioned by
    /// patient into temporary files of about this size, so memory stays bounded while every
    /// patient's resources are still mapped together.
    public var batchBytes: Int
    /// Where the temporary partitions go (default: the system's temporary folder).
    public var temporaryDirectory: String?
    /// Bytes read per chunk from a file.
    public var chunkBytes: Int
    /// How many times a write is tried when someone else (e.g. a clinician on the clinic server)
    /// changes one of its patients between the importer's read and its save. Each try re-reads
    /// and re-merges; a patient still changing after that is reported as not written, never
    /// overwritten.
    public var writeAttempts: Int
    /// How many bytes of lines a partitioned import copies into its temporary partitions. Lines of
    /// plain `.ndjson` files beyond this are kept there as references (file, offset, length) and
    /// read again from the input file when their partition is mapped; lines of `.ndjson.gz` files
    /// are always copied. Copying costs temporary disk space (at most this much, plus one line,
    /// plus the gzip lines) but reads each partition back in one sequential read instead of one
    /// system call and a cold copy per line.
    public var copiedLineBytes = 1 << 30

    /// Creates options; the defaults suit exports of any size.
    public init(
        maxLineBytes: Int = 4 << 20, maxBundleBytes: Int = 256 << 20, batchBytes: Int = 4 << 20,
        chunkBytes: Int = 1 << 20, temporaryDirectory: String? = nil, writeAttempts: Int = 8
    ) {
        self.maxLineBytes = maxLineBytes
        self.maxBundleBytes = maxBundleBytes
        self.batchBytes = batchBytes
        self.chunkBytes = chunkBytes
        self.temporaryDirectory = temporaryDirectory
        self.writeAttempts = writeAttempts
    }
}

/// What an import did: counts only, no patient data.
public struct BulkImportSummary: Sendable, Equatable, Codable {
    /// Files read.
    public var files = 0
    /// Non-blank lines (NDJSON) and Bundle entries seen: each should be one resource.
    public var resourcesRead = 0
    /// Blank lines skipped (they hold no resource).
    public var blankLines = 0
    /// Resources that went into a patient record.
    public var mapped = 0
    /// Resources of types Stepwise does not use (e.g. Claim, Immunization), by type; read,
    /// not errors, and not imported.
    public var notUsed: [String: Int] = [:]
    /// Rejected resources by reason.
    public var rejected: [BulkRejectReason: Int] = [:]
    /// Mapping notes about resources that were imported with a caveat (e.g. an item answer
    /// without a LOINC answer code), by count.
    public var warnings = 0
    /// Patients created in the store.
    public var patientsCreated = 0
    /// Patients whose stored record changed.
    public var patientsUpdated = 0
    /// Patients whose stored record was already identical (a repeated import).
    public var patientsUnchanged = 0
    /// Patients not written because someone else kept changing them in the store while the
    /// import tried to merge into them; their stored records were left as they were. Running
    /// the same import again merges them.
    public var patientsNotWritten = 0
    /// Bytes read from the input files (after decompression).
    public var bytesRead = 0
    /// Time spent mapping resources to records (seconds; overlaps reading on a second core).
    public var mappingSeconds = 0.0
    /// Time spent merging and writing records to the store (seconds).
    public var storingSeconds = 0.0

    /// Creates an empty summary.
    public init() {}

    /// All rejected resources.
    public var rejectedTotal: Int { rejected.values.reduce(0, +) }
    /// All resources of unused types.
    public var notUsedTotal: Int { notUsed.values.reduce(0, +) }
    /// Patients written (created, updated or confirmed unchanged).
    public var patientsWritten: Int { patientsCreated + patientsUpdated + patientsUnchanged }
}

/// Progress of a running import, for a progress bar.
public struct BulkImportProgress: Sendable, Equatable {
    /// Bytes read so far across all files.
    public var bytesRead: Int
    /// Total bytes of all input files when known (compressed files count their compressed size).
    public var totalBytes: Int
    /// Resources read so far.
    public var resources: Int
    /// The file (or partition) being worked on.
    public var file: String
    /// `reading` (first pass) or `mapping` (second pass of a large import).
    public var phase: String
}

/// Counts returned by a `BulkRecordSink` for one batch.
public struct BulkWriteCounts: Sendable, Equatable {
    /// New patients.
    public var created: Int
    /// Changed patients.
    public var updated: Int
    /// Patients already identical.
    public var unchanged: Int

    /// Creates counts.
    public init(created: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.created = created
        self.updated = updated
        self.unchanged = unchanged
    }
}

/// A stored patient record and the version it was read at.
public struct VersionedRecord: Sendable, Equatable {
    /// The stored record.
    public var record: PatientRecord
    /// Its version in the store.
    public var version: Int

    /// Creates a versioned record.
    public init(record: PatientRecord, version: Int) {
        self.record = record
        self.version = version
    }
}

/// Where an import writes patients: the store of the clinic (SQLite or PostgreSQL), adapted by
/// the caller, so this module does not depend on storage.
///
/// Writes are guarded by versions so that a save made by someone else between the importer's
/// read and its write is never overwritten: the importer re-reads, re-merges and tries again.
public protocol BulkRecordSink: Sendable {
    /// Whether the store holds no patients yet (then nothing needs reading back for merging).
    func isEmpty() async throws -> Bool
    /// The stored records among `ids` with their versions (absent ids are missing from the result).
    func existingRecords(ids: [String]) async throws -> [String: VersionedRecord]
    /// Saves `records` (unique ids) in one transaction if every stored version still equals
    /// `expectedVersions[id]`, the version that was read and merged into; an id absent from
    /// `expectedVersions` must not be stored yet. Otherwise saves nothing and throws
    /// `StepwiseError(.conflict)`. A record identical to the stored one counts as unchanged.
    func save(_ records: [PatientRecord], expectedVersions: [String: Int]) async throws -> BulkWriteCounts
}
