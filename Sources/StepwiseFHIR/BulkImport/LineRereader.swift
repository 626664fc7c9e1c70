// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines of plain input files again at the offsets the first pass noted
/// (``SpillBuckets/appendReference(bucket:file:line:offset:length:)``), through one buffer.
///
/// (Mapping the files instead was tried: the kernel maps neighbouring pages too, and the
/// import's resident memory grew to the size of the export.)
///
/// Not `Sendable`: owned by one partition's decoding.
final class LineRereader {
    private let paths: [String]
    private var descriptors: [Int: Int32] = [:]
    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int

    init(paths: [String]) {
        self.paths = paths
        capacity = 1 << 16
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        for descriptor in descriptors.values { close(descriptor) }
        buffer.deallocate()
    }

    /// The `length` bytes at `offset` of input file `file`, valid until the next call.
    func read(file: Int, offset: Int, length: Int) throws -> UnsafeRawBufferPointer {
        var name: String { (paths[file] as NSString).lastPathComponent }
        let descriptor: Int32
        if let open = descriptors[file] {
            descriptor = open
        } else {
            descriptor = open(paths[file], O_RDONLY)
            guard descriptor >= 0 else { throw StepwiseError(.notFound, "The file cannot be opened.", at: name) }
            descriptors[file] = descriptor
        }
        if length > capacity {
            buffer.deallocate()
            capacity = max(length, capacity * 2)
            buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        }
        var done = 0
        while done < length {
            let n = pread(descriptor, buffer + done, length - done, off_t(offset + done))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                throw StepwiseError(.unavailable, "The file changed or could not be read while it was imported.", at: name)
            }
            done += n
        }
        return UnsafeRawBufferPointer(start: buffer, count: length)
    }
}
