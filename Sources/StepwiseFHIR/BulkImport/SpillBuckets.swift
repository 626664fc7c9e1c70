// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Temporary files that partition an export by patient, so each patient's resources — spread
/// over `Patient.ndjson`, `Observation.ndjson`, … — can be mapped together while only one
/// partition is in memory at a time.
///
/// Each entry keeps where its line came from (file and line number, for error reports) and
/// either the line's bytes (copied) or a reference to them — its byte offset and length in a
/// plain input file, read again (`pread`) when its partition is mapped. The import copies lines up
/// to ``BulkImportOptions/copiedLineBytes`` (a partition of copies is read back in one sequential
/// read; a reference costs a system call and a cold copy per line) and spills the rest by
/// reference; a line of a gzip file (which cannot be read at an offset) is always copied. Entries
/// are binary: a 13-byte header (kind, file, line, length), then the bytes of a copied line or
/// the 8-byte offset of a reference. The folder is private to the user (mode 0700) and removed
/// when the import ends; it holds at most the same data as the input files, never longer than the
/// import runs.
final class SpillBuckets {
    /// How many partitions.
    let count: Int
    /// The private temporary folder.
    let directory: String
    private var descriptors: [Int32]
    private var buffers: [[UInt8]]
    /// Bytes gathered per partition before they are written (small: one buffer per partition,
    /// up to 512 partitions).
    private static let bufferSize = 1 << 16

    /// Creates `count` empty partitions in a new private folder under `parent` (default: the
    /// system's temporary folder).
    init(count: Int, parent: String? = nil) throws {
        self.count = max(1, count)
        let base = parent ?? NSTemporaryDirectory()
        var template = Array((base as NSString).appendingPathComponent("stepwise-import-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer -> UnsafeMutablePointer<CChar>? in
            guard let start = buffer.baseAddress else { return nil }
            return mkdtemp(start)
        }
        guard let made = created else {
            throw StepwiseError(.unavailable, "Could not create a temporary folder for the import.", at: base)
        }
        directory = String(cString: made)
        descriptors = []
        buffers = Array(repeating: [], count: self.count)
        for index in 0..<self.count {
            let fd = open(Self.path(directory, index), O_CREAT | O_WRONLY | O_TRUNC, 0o600)
            guard fd >= 0 else {
                remove()
                throw StepwiseError(.unavailable, "Could not create a temporary file for the import.", at: directory)
            }
            descriptors.append(fd)
        }
    }

    deinit { remove() }

    /// The partition for a patient key (FNV-1a).
    func bucket(for key: UnsafeRawBufferPointer) -> Int { Self.bucket(for: key, count: count) }

    /// The partition of `count` for a patient key (FNV-1a).
    static func bucket(for key: UnsafeRawBufferPointer, count: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(hash % UInt64(count))
    }

    /// One spilled line: where it came from and either its bytes or where to read them.
    struct Entry {
        var file: Int
        var line: Int
        /// The line's bytes (inline entries; valid until the next entry is read).
        var bytes: UnsafeRawBufferPointer?
        /// The line's byte offset and length in its input file (reference entries).
        var offset: Int
        var length: Int
    }

    /// Appends one line with its origin and bytes to partition `bucket`.
    func append(bucket: Int, file: Int, line: Int, bytes: UnsafeRawBufferPointer) throws {
        header(bucket, kind: 0, file: file, line: line, length: bytes.count)
        buffers[bucket].append(contentsOf: bytes)
        if buffers[bucket].count >= Self.bufferSize { try drain(bucket) }
    }

    /// Appends a reference to one line of a plain input file (`length` bytes at `offset`).
    func appendReference(bucket: Int, file: Int, line: Int, offset: Int, length: Int) throws {
        header(bucket, kind: 1, file: file, line: line, length: length)
        withUnsafeBytes(of: Int64(offset).littleEndian) { buffers[bucket].append(contentsOf: $0) }
        if buffers[bucket].count >= Self.bufferSize { try drain(bucket) }
    }

    private func header(_ bucket: Int, kind: UInt8, file: Int, line: Int, length: Int) {
        buffers[bucket].append(kind)
        withUnsafeBytes(of: Int32(clamping: file).littleEndian) { buffers[bucket].append(contentsOf: $0) }
        withUnsafeBytes(of: Int32(clamping: line).littleEndian) { buffers[bucket].append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(clamping: length).littleEndian) { buffers[bucket].append(contentsOf: $0) }
    }

    /// Reads the partition at `path` (after ``finishWriting()``) and calls `body` with each entry
    /// in the order they were appended.
    static func forEachEntry(path: String, _ body: (Entry) throws -> Void) throws {
        try forEachEntry(path: path, buffer: ReadBuffer(), body)
    }

    /// Memory a partition is read into, kept from one partition to the next by the worker that
    /// reads them: a partition (about 4 MiB) read into fresh memory each time had every page of
    /// it faulted in and zeroed by the kernel first (about 3 % of an import's samples).
    ///
    /// `@unchecked Sendable`: handed from one worker to the next, used by one at a time.
    final class ReadBuffer: @unchecked Sendable {
        private var start: UnsafeMutableRawPointer?
        private var capacity = 0

        init() {}

        deinit { start?.deallocate() }

        /// Room for at least `count` bytes, keeping the first `keeping` bytes.
        fileprivate func reserve(_ count: Int, keeping: Int = 0) -> UnsafeMutableRawPointer {
            if let start, capacity >= count { return start }
            // An eighth more than asked: the next partition is often a little larger.
            let grown = max(count + count / 8, 1 << 16)
            let fresh = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 16)
            if let start {
                fresh.copyMemory(from: start, byteCount: min(keeping, capacity))
                start.deallocate()
            }
            capacity = grown
            start = fresh
            return fresh
        }
    }

    /// Reads the whole file at `path` into `buffer` (`read`s until its end).
    private static func readWhole(path: String, into buffer: ReadBuffer) throws -> UnsafeRawBufferPointer {
        let failure = StepwiseError(.unavailable, "Could not read the import's temporary file.")
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw failure }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure }
        // One byte over the size, so reaching the end takes one more `read` returning 0.
        var room = max(Int(status.st_size), 0) + 1
        var filled = 0
        while true {
            if filled == room { room *= 2 }  // the file grew since `fstat` (not expected)
            let start = buffer.reserve(room, keeping: filled)
            let n = read(descriptor, start + filled, room - filled)
            if n < 0 {
                if errno == EINTR { continue }
                throw failure
            }
            if n == 0 { return UnsafeRawBufferPointer(start: start, count: filled) }
            filled += n
        }
    }

    /// ``forEachEntry(path:_:)`` reading the partition into `buffer` (reused across calls).
    static func forEachEntry(path: String, buffer: ReadBuffer, _ body: (Entry) throws -> Void) throws {
        let raw = try readWhole(path: path, into: buffer)
        var at = 0
        func int32(_ offset: Int) -> Int { Int(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self))) }
        while at + 13 <= raw.count {
            let kind = raw[at]
            let file = int32(at + 1)
            let line = int32(at + 5)
            let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at + 9, as: UInt32.self)))
            at += 13
            if kind == 0 {
                guard at + length <= raw.count else { break }
                let bytes = UnsafeRawBufferPointer(rebasing: raw[at..<(at + length)])
                at += length
                try body(Entry(file: file, line: line, bytes: bytes, offset: 0, length: length))
            } else {
                guard at + 8 <= raw.count else { break }
                let offset = Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int64.self)))
                at += 8
                try body(Entry(file: file, line: line, bytes: nil, offset: offset, length: length))
            }
        }
    }

    /// Writes every buffer out and closes the files; the partitions can then be read.
    func finishWriting() throws {
        for index in 0..<count {
            try drain(index)
            if descriptors[index] >= 0 { close(descriptors[index]) }
            descriptors[index] = -1
        }
    }

    /// The path of partition `index`.
    func path(_ index: Int) -> String { Self.path(directory, index) }

    /// Deletes the partitions and the folder.
    func remove() {
        for index in descriptors.indices where descriptors[index] >= 0 {
            close(descriptors[index])
            descriptors[index] = -1
        }
        for index in 0..<count { unlink(Self.path(directory, index)) }
        rmdir(directory)
    }

    private func drain(_ index: Int) throws {
        guard !buffers[index].isEmpty else { return }
        let ok = buffers[index].withUnsafeBytes { bytes -> Bool in
            guard let start = bytes.baseAddress else { return true }
            var offset = 0
            while offset < bytes.count {
                let n = write(descriptors[index], start + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
        guard ok else { throw StepwiseError(.unavailable, "Could not write the import's temporary file (disk full?).") }
        buffers[index].removeAll(keepingCapacity: true)
    }

    private static func path(_ directory: String, _ index: Int) -> String {
        (directory as NSString).appendingPathComponent("part-\(index).bin")
    }
}
