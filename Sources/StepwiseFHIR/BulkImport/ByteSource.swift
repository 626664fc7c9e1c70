// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where NDJSON bytes come from: a plain file, or a gzip file decompressed by the system's
/// `gzip -dc` through a pipe (so no compression library is linked and memory stays bounded).
///
/// Not `Sendable`: one reader owns one source.
final class ByteSource {
    private var descriptor: Int32
    private let process: Process?
    private let pipe: Pipe?
    /// The file's name, for error locations (never its content).
    let name: String

    /// Opens `path`; a name ending in `.gz` is decompressed on the fly.
    init(path: String) throws {
        name = (path as NSString).lastPathComponent
        if path.hasSuffix(".gz") {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["gzip", "-dc", "--", path]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            do {
                try process.run()
            } catch {
                throw StepwiseError(.unavailable, "gzip could not be started to read this file.", at: name)
            }
            self.process = process
            self.pipe = pipe
            descriptor = pipe.fileHandleForReading.fileDescriptor
        } else {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw StepwiseError(.notFound, "The file cannot be opened.", at: name) }
            descriptor = fd
            process = nil
            pipe = nil
        }
    }

    /// Whether the bytes are the file's own (not decompressed): a line can then be read again
    /// later at its offset.
    var isPlainFile: Bool { process == nil }

    /// Reads up to `count` bytes into `buffer`; returns 0 at the end of the input.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        while true {
            #if canImport(Glibc)
            let n = Glibc.read(descriptor, buffer, count)
            #else
            let n = Darwin.read(descriptor, buffer, count)
            #endif
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw StepwiseError(.unavailable, "The file could not be read.", at: name)
        }
    }

    /// Closes the file and, for gzip, checks that decompression succeeded.
    func finish() throws {
        if let process {
            try? pipe?.fileHandleForReading.close()
            process.waitUntilExit()
            descriptor = -1
            if process.terminationStatus != 0 {
                throw StepwiseError(.invalidInput, "The gzip data is damaged or truncated.", at: name)
            }
        } else if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
    }

    deinit {
        if process == nil, descriptor >= 0 { close(descriptor) }
        if let process, process.isRunning { process.terminate() }
    }
}
