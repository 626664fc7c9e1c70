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
/// Each spilled line is `<file>\t<line>\t<resource JSON>\n`, keeping where it came from for error
/// reports. The folder is private to the user (mode 0700) and removed when the import ends; it
/// holds the same data as the input files, never longer than the import runs.
final class SpillBuckets {
    /// How many partitions.
    let count: Int
    /// The private temporary folder.
    let directory: String
    private var descriptors: [Int32]
    private var buffers: [[UInt8]]
    private static let bufferSize = 1 << 18

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
    func bucket(for key: UnsafeRawBufferPointer) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(hash % UInt64(count))
    }

    /// Appends one line with its origin to partition `bucket`.
    func append(bucket: Int, file: Int, line: Int, bytes: UnsafeRawBufferPointer) throws {
        buffers[bucket].append(contentsOf: String(file).utf8)
        buffers[bucket].append(9)
        buffers[bucket].append(contentsOf: String(line).utf8)
        buffers[bucket].append(9)
        buffers[bucket].append(contentsOf: bytes)
        buffers[bucket].append(10)
        if buffers[bucket].count >= Self.bufferSize { try drain(bucket) }
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
        (directory as NSString).appendingPathComponent("part-\(index).ndjson")
    }
}
