// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Writes a ``CDSHookResponse`` as JSON by hand, in one pass into one byte array, instead of through
/// `JSONEncoder` (which builds a tree of boxed values first).
///
/// The output is the same JSON as `JSONEncoder` with `.withoutEscapingSlashes` produces: the same
/// members (absent optionals left out), the same string escapes (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`,
/// `\t`, other control characters as `\u00XX`, everything else as UTF-8) and the same numbers. Only the
/// member order differs, and it is now fixed: members in declaration order, and the members of a
/// ``CDSJSON`` object sorted by key (`JSONEncoder` on Linux emits members in hash order, which changes
/// from process to process).
///
/// ```swift
/// let bytes = CDSResponseWriter.encode(CDSHookResponse(cards: cards))   // [UInt8], UTF-8 JSON
/// ```
public enum CDSResponseWriter {
    /// The response as UTF-8 JSON.
    public static func encode(_ response: CDSHookResponse) -> [UInt8] {
        var writer = Writer()
        // patient-view cards run to 4–5 kB each (Markdown detail, sources, override reasons): one allocation.
        writer.sink.bytes.reserveCapacity(estimatedSize(response))
        writer.response(response)
        return writer.bytes
    }

    /// Room that usually holds the answer (patient-view cards run to 2–9 kB each), for a caller that
    /// writes it into memory of its own with ``encode(_:into:)``.
    public static func estimatedSize(_ response: CDSHookResponse) -> Int {
        5_120 * max(1, response.cards.count)
    }

    /// Writes the response as UTF-8 JSON into `memory` (e.g. a server's response buffer, so the answer
    /// is not copied there afterwards) and returns the number of bytes written, or `nil` when it does
    /// not fit (the bytes in `memory` are then unspecified). The bytes are those of ``encode(_:)``.
    public static func encode(_ response: CDSHookResponse, into memory: UnsafeMutableRawBufferPointer) -> Int? {
        guard let base = memory.baseAddress else { return nil }
        var writer = SinkWriter(
            sink: MemorySink(base: base.assumingMemoryBound(to: UInt8.self), capacity: memory.count))
        writer.response(response)
        return writer.sink.overflowed ? nil : writer.sink.count
    }

    /// Where a writer's bytes go.
    protocol ByteSink {
        mutating func append(_ byte: UInt8)
        mutating func append(_ bytes: UnsafeBufferPointer<UInt8>)
    }

    /// A growing byte array.
    struct ArraySink: ByteSink {
        var bytes: [UInt8] = []

        @inline(__always) mutating func append(_ byte: UInt8) { bytes.append(byte) }
        @inline(__always) mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes.append(contentsOf: bytes) }
    }

    /// Memory of a fixed size; what does not fit is dropped and `overflowed` set.
    struct MemorySink: ByteSink {
        let base: UnsafeMutablePointer<UInt8>
        let capacity: Int
        var count = 0
        var overflowed = false

        @inline(__always) mutating func append(_ byte: UInt8) {
            guard count < capacity else {
                overflowed = true
                return
            }
            base[count] = byte
            count += 1
        }

        @inline(__always) mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard bytes.count <= capacity - count else {
                overflowed = true
                return
            }
            if let source = bytes.baseAddress { (base + count).update(from: source, count: bytes.count) }
            count += bytes.count
        }
    }

    /// The writer into a growing byte array (``encode(_:)``).
    typealias Writer = SinkWriter<ArraySink>

    struct SinkWriter<Sink: ByteSink> {
        var sink: Sink

        mutating func response(_ response: CDSHookResponse) {
            raw("{\"cards\":[")
            for (index, card) in response.cards.enumerated() {
                if index > 0 { byte(UInt8(ascii: ",")) }
                self.card(card)
            }
            raw("]}")
        }

        mutating func card(_ card: CDSCard) {
            var object = ObjectState()
            member(&object, "uuid", card.uuid)
            member(&object, "summary", card.summary)
            member(&object, "detail", card.detail)
            member(&object, "indicator", card.indicator.rawValue)
            key(&object, "source")
            source(card.source)
            if let suggestions = card.suggestions {
                key(&object, "suggestions")
                array(suggestions) { $0.suggestion($1) }
            }
            member(&object, "selectionBehavior", card.selectionBehavior)
            if let reasons = card.overrideReasons {
                key(&object, "overrideReasons")
                array(reasons) { $0.coding($1) }
            }
            if let links = card.links {
                key(&object, "links")
                array(links) { $0.link($1) }
            }
            end(object)
        }

        mutating func source(_ source: CDSSource) {
            var object = ObjectState()
            member(&object, "label", source.label)
            member(&object, "url", source.url)
            if let topic = source.topic {
                key(&object, "topic")
                coding(topic)
            }
            end(object)
        }

        mutating func coding(_ coding: CDSCoding) {
            var object = ObjectState()
            member(&object, "system", coding.system)
            member(&object, "code", coding.code)
            member(&object, "display", coding.display)
            end(object)
        }

        mutating func suggestion(_ suggestion: CDSSuggestion) {
            var object = ObjectState()
            member(&object, "label", suggestion.label)
            member(&object, "uuid", suggestion.uuid)
            if let recommended = suggestion.isRecommended {
                key(&object, "isRecommended")
                raw(recommended ? "true" : "false")
            }
            if let actions = suggestion.actions {
                key(&object, "actions")
                array(actions) { $0.action($1) }
            }
            end(object)
        }

        mutating func action(_ action: CDSAction) {
            var object = ObjectState()
            member(&object, "type", action.type)
            member(&object, "description", action.description)
            if let resource = action.resource {
                key(&object, "resource")
                json(resource)
            }
            member(&object, "resourceId", action.resourceId)
            end(object)
        }

        mutating func link(_ link: CDSLink) {
            var object = ObjectState()
            member(&object, "label", link.label)
            member(&object, "url", link.url)
            member(&object, "type", link.type)
            member(&object, "appContext", link.appContext)
            end(object)
        }

        mutating func json(_ value: CDSJSON) {
            switch value {
            case .null: raw("null")
            case .bool(let flag): raw(flag ? "true" : "false")
            case .number(let number): self.number(number)
            case .string(let text): string(text)
            case .array(let elements): array(elements) { $0.json($1) }
            case .object(let members):
                var object = ObjectState()
                for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                    key(&object, named: name)
                    json(member)
                }
                end(object)
            }
        }

        /// Integers below 2^53 as `JSONEncoder` writes them; anything else through `JSONEncoder` itself,
        /// so every number is spelt exactly as before (and a non-finite one becomes `null` rather than an error).
        mutating func number(_ value: Double) {
            if value.isFinite, value == value.rounded(.towardZero), abs(value) < 9_007_199_254_740_992,
                !(value == 0 && value.sign == .minus)
            {
                raw(String(Int64(value)))
                return
            }
            let encoder = JSONEncoder()
            if let data = try? encoder.encode([value]), data.count >= 2 {
                let inner = Array(data.dropFirst().dropLast())
                inner.withUnsafeBufferPointer { sink.append($0) }
            } else {
                raw("null")
            }
        }

        // MARK: Objects and arrays

        struct ObjectState { var first = true }

        /// One of the writer's own member names: plain ASCII letters that never need escaping, so they
        /// are copied as they are instead of being scanned.
        mutating func key(_ object: inout ObjectState, _ name: StaticString) {
            byte(object.first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            object.first = false
            byte(UInt8(ascii: "\""))
            raw(name)
            byte(UInt8(ascii: "\""))
            byte(UInt8(ascii: ":"))
        }

        /// A member name from the data (a ``CDSJSON`` object key), escaped like any string.
        mutating func key(_ object: inout ObjectState, named name: String) {
            byte(object.first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            object.first = false
            string(name)
            byte(UInt8(ascii: ":"))
        }

        mutating func member(_ object: inout ObjectState, _ name: StaticString, _ value: String?) {
            guard let value else { return }
            key(&object, name)
            string(value)
        }

        mutating func end(_ object: ObjectState) {
            if object.first { byte(UInt8(ascii: "{")) }
            byte(UInt8(ascii: "}"))
        }

        mutating func array<Element>(_ elements: [Element], _ write: (inout Self, Element) -> Void) {
            byte(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { byte(UInt8(ascii: ",")) }
                write(&self, element)
            }
            byte(UInt8(ascii: "]"))
        }

        // MARK: Scalars

        @inline(__always) mutating func byte(_ value: UInt8) { sink.append(value) }

        /// ASCII text that needs no escaping.
        mutating func raw(_ text: StaticString) {
            text.withUTF8Buffer { sink.append($0) }
        }

        mutating func raw(_ text: String) {
            var text = text
            text.withUTF8 { sink.append($0) }
        }

        mutating func string(_ text: String) {
            byte(UInt8(ascii: "\""))
            var text = text
            text.withUTF8 { utf8 in
                guard let base = utf8.baseAddress else { return }
                let count = utf8.count
                var start = 0
                var index = 0
                while index < count {
                    if index + 8 <= count {
                        // Eight bytes at a time (most card text needs no escaping); in a word that has a byte
                        // to escape, the first one is found from the word's flags, not byte by byte.
                        let flags = Self.escapeFlags(
                            UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)))
                        if flags == 0 {
                            index += 8
                            continue
                        }
                        index += flags.trailingZeroBitCount >> 3
                    } else {
                        let value = base[index]
                        guard value < 0x20 || value == UInt8(ascii: "\"") || value == UInt8(ascii: "\\") else {
                            index += 1
                            continue
                        }
                    }
                    if start < index { sink.append(UnsafeBufferPointer(start: base + start, count: index - start)) }
                    escape(base[index])
                    index += 1
                    start = index
                }
                if start < count { sink.append(UnsafeBufferPointer(start: base + start, count: count - start)) }
            }
            byte(UInt8(ascii: "\""))
        }

        /// The high bit of each byte of `word` (the first byte lowest) that may need escaping (a control
        /// character, `"` or `\`; the classic "has a byte less than n" and "has a zero byte" tests). Zero
        /// exactly when no byte needs escaping; otherwise the lowest flag is exact (a flag can be wrong only
        /// above a byte that needs escaping, where a borrow carries), so it marks the first such byte.
        @inline(__always)
        static func escapeFlags(_ word: UInt64) -> UInt64 {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let high: UInt64 = 0x8080_8080_8080_8080
            let control = (word &- ones &* 0x20) & ~word & high
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            return control | ((quote &- ones) & ~quote & high) | ((backslash &- ones) & ~backslash & high)
        }

        mutating func escape(_ value: UInt8) {
            byte(UInt8(ascii: "\\"))
            switch value {
            case UInt8(ascii: "\""): byte(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): byte(UInt8(ascii: "\\"))
            case 0x08: byte(UInt8(ascii: "b"))
            case 0x0C: byte(UInt8(ascii: "f"))
            case 0x0A: byte(UInt8(ascii: "n"))
            case 0x0D: byte(UInt8(ascii: "r"))
            case 0x09: byte(UInt8(ascii: "t"))
            default:
                let hex: StaticString = "0123456789abcdef"
                raw("u00")
                hex.withUTF8Buffer { digits in
                    byte(digits[Int(value >> 4)])
                    byte(digits[Int(value & 0x0F)])
                }
            }
        }
    }
}

extension CDSResponseWriter.SinkWriter where Sink == CDSResponseWriter.ArraySink {
    init() { self.init(sink: CDSResponseWriter.ArraySink()) }

    /// The bytes written so far.
    var bytes: [UInt8] { sink.bytes }
}
