// SPDX-License-Identifier: Apache-2.0
import Foundation

/// One line of an NDJSON file, as handed out by `NDJSONLineReader`.
enum NDJSONLine {
    /// A line's bytes (without the line break) and its 1-based number. The pointer is valid
    /// only until the reader's next call.
    case text(UnsafeRawBufferPointer, number: Int)
    /// A line longer than the limit: its number and length. Its bytes were skipped, never held.
    case tooLong(number: Int, bytes: Int)
}

/// Reads an NDJSON file line by line through one fixed buffer, so memory stays bounded by the
/// chunk size plus the line-length limit however large the file is.
///
/// Lines end with LF or CR LF; a UTF-8 byte-order mark at the start is skipped; the last line
/// may lack a line break. Not `Sendable`: one reader per file, used by one task.
final class NDJSONLineReader {
    private let source: ByteSource
    private let maxLineBytes: Int
    private let buffer: UnsafeMutableRawPointer
    private let capacity: Int
    private var start = 0
    private var end = 0
    private var atEnd = false
    private var atFileStart = true
    /// The number of the last line handed out.
    private(set) var lineNumber = 0
    /// Bytes consumed so far (for progress).
    private(set) var bytesRead = 0

    /// Reads `source` in chunks of `chunkSize` bytes; lines longer than `maxLineBytes` are skipped
    /// and reported.
    init(source: ByteSource, chunkSize: Int = 1 << 20, maxLineBytes: Int) {
        self.source = source
        self.maxLineBytes = max(1, maxLineBytes)
        capacity = self.maxLineBytes + max(16, chunkSize) + 1
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// The next line, or `nil` at the end of the file.
    func next() throws -> NDJSONLine? {
        while true {
            if let newline = findNewline(from: start) {
                let lineStart = start
                start = newline + 1
                lineNumber += 1
                return line(from: lineStart, to: newline)
            }
            let pending = end - start
            if pending > maxLineBytes { return try skipLongLine(seen: pending) }
            if atEnd {
                guard pending > 0 else { return nil }
                let lineStart = start
                start = end
                lineNumber += 1
                return line(from: lineStart, to: end)
            }
            try fill()
        }
    }

    /// The byte offset in the input of a line just handed out (`bytes` of its `.text`).
    func inputOffset(of bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return bytesRead - end + start }
        return bytesRead - end + UnsafeRawPointer(buffer).distance(to: base)
    }

    private func line(from lineStart: Int, to lineEnd: Int) -> NDJSONLine {
        var stop = lineEnd
        if stop > lineStart, buffer.load(fromByteOffset: stop - 1, as: UInt8.self) == 13 { stop -= 1 }
        let length = stop - lineStart
        if length > maxLineBytes { return .tooLong(number: lineNumber, bytes: length) }
        return .text(UnsafeRawBufferPointer(start: buffer + lineStart, count: length), number: lineNumber)
    }

    private func findNewline(from offset: Int) -> Int? {
        guard offset < end else { return nil }
        guard let found = memchr(buffer + offset, 10, end - offset) else { return nil }
        return buffer.distance(to: UnsafeMutableRawPointer(found))
    }

    /// Moves the unread tail to the front and reads the next chunk behind it.
    private func fill() throws {
        let pending = end - start
        if start > 0 {
            if pending > 0 { memmove(buffer, buffer + start, pending) }
            start = 0
            end = pending
        }
        let n = try source.read(into: buffer + end, count: capacity - end)
        if n == 0 {
            atEnd = true
            return
        }
        bytesRead += n
        if atFileStart {
            atFileStart = false
            if end == 0, n >= 3, buffer.load(fromByteOffset: 0, as: UInt8.self) == 0xEF,
                buffer.load(fromByteOffset: 1, as: UInt8.self) == 0xBB,
                buffer.load(fromByteOffset: 2, as: UInt8.self) == 0xBF
            {
                start = 3
            }
        }
        end += n
    }

    /// Discards the rest of an over-long line without keeping it, then reports it.
    private func skipLongLine(seen: Int) throws -> NDJSONLine {
        var length = seen
        start = 0
        end = 0
        lineNumber += 1
        while true {
            let n = try source.read(into: buffer, count: capacity)
            if n == 0 {
                atEnd = true
                end = 0
                return .tooLong(number: lineNumber, bytes: length)
            }
            bytesRead += n
            end = n
            if let newline = findNewline(from: 0) {
                start = newline + 1
                length += newline
                return .tooLong(number: lineNumber, bytes: length)
            }
            length += n
        }
    }
}
