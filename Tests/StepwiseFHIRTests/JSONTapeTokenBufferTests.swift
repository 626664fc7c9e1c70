// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import StepwiseFHIR

/// `JSONTape.parse` writes its tokens straight into a new array of a guessed size (parsing again
/// with room for every byte when the guess was short) and keeps open containers on a fixed stack.
/// These tests compare it with the former parser (appending each token, kept here as the
/// reference): the same tokens for valid documents, the same error and the same partial tokens
/// for invalid ones.
@Suite struct JSONTapeTokenBufferTests {
    enum Reference {
        private enum State { case value, key, after }

        static func parse(_ input: UnsafeRawBufferPointer, into tokens: inout [JSONToken]) throws(JSONSyntaxError) {
            tokens.removeAll()
            let count = input.count
            guard count > 0, let raw = input.baseAddress else {
                throw JSONSyntaxError(offset: 0, reason: "the line is empty")
            }
            guard count < Int(Int32.max) else { throw JSONSyntaxError(offset: 0, reason: "the document is too large") }
            let base = raw.assumingMemoryBound(to: UInt8.self)
            var open: [Int32] = []
            var i = JSONTape.skipSpace(base, 0, count)
            var state = State.value
            while true {
                switch state {
                case .value:
                    guard i < count else { throw JSONSyntaxError(offset: i, reason: "unexpected end of input, expected a value") }
                    let c = base[i]
                    switch c {
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        guard open.count < JSONTape.maxDepth else {
                            throw JSONSyntaxError(offset: i, reason: "nesting deeper than \(JSONTape.maxDepth) levels")
                        }
                        let isObject = c == UInt8(ascii: "{")
                        open.append(Int32(tokens.count))
                        tokens.append(
                            JSONToken(kind: isObject ? .object : .array, escaped: false, start: Int32(i), end: 0, next: 0))
                        i = JSONTape.skipSpace(base, i + 1, count)
                        if i < count, base[i] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                            close(&open, &tokens, at: i)
                            i += 1
                            state = .after
                        } else {
                            state = isObject ? .key : .value
                        }
                    case UInt8(ascii: "\""):
                        let (stop, escaped) = try JSONTape.scanString(base, i, count)
                        tokens.append(
                            JSONToken(
                                kind: .string, escaped: escaped, start: Int32(i + 1), end: Int32(stop),
                                next: Int32(tokens.count + 1)))
                        i = stop + 1
                        state = .after
                    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                        let stop = try JSONTape.scanNumber(base, i, count)
                        tokens.append(
                            JSONToken(kind: .number, escaped: false, start: Int32(i), end: Int32(stop), next: Int32(tokens.count + 1)))
                        i = stop
                        state = .after
                    case UInt8(ascii: "t"):
                        i = try literal(base, i, count, "true", kind: .true, into: &tokens)
                        state = .after
                    case UInt8(ascii: "f"):
                        i = try literal(base, i, count, "false", kind: .false, into: &tokens)
                        state = .after
                    case UInt8(ascii: "n"):
                        i = try literal(base, i, count, "null", kind: .null, into: &tokens)
                        state = .after
                    default:
                        throw JSONSyntaxError(offset: i, reason: "unexpected character, expected a value")
                    }
                case .key:
                    guard i < count else { throw JSONSyntaxError(offset: i, reason: "unexpected end of input, expected a member name") }
                    guard base[i] == UInt8(ascii: "\"") else {
                        throw JSONSyntaxError(offset: i, reason: "expected a member name in double quotes")
                    }
                    let (stop, escaped) = try JSONTape.scanString(base, i, count)
                    tokens.append(
                        JSONToken(kind: .string, escaped: escaped, start: Int32(i + 1), end: Int32(stop), next: Int32(tokens.count + 1)))
                    i = JSONTape.skipSpace(base, stop + 1, count)
                    guard i < count, base[i] == UInt8(ascii: ":") else {
                        throw JSONSyntaxError(offset: i, reason: "expected ':' after a member name")
                    }
                    i = JSONTape.skipSpace(base, i + 1, count)
                    state = .value
                case .after:
                    i = JSONTape.skipSpace(base, i, count)
                    guard let top = open.last else {
                        guard i == count else {
                            throw JSONSyntaxError(offset: i, reason: "unexpected content after the end of the JSON value")
                        }
                        return
                    }
                    guard i < count else {
                        throw JSONSyntaxError(offset: i, reason: "unexpected end of input inside an object or array")
                    }
                    let isObject = tokens[Int(top)].kind == .object
                    let c = base[i]
                    if c == UInt8(ascii: ",") {
                        i = JSONTape.skipSpace(base, i + 1, count)
                        state = isObject ? .key : .value
                    } else if c == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                        close(&open, &tokens, at: i)
                        i += 1
                    } else {
                        throw JSONSyntaxError(
                            offset: i, reason: isObject ? "expected ',' or '}' in an object" : "expected ',' or ']' in an array")
                    }
                }
            }
        }

        private static func close(_ open: inout [Int32], _ tokens: inout [JSONToken], at offset: Int) {
            let index = Int(open.removeLast())
            tokens[index].end = Int32(offset + 1)
            tokens[index].next = Int32(tokens.count)
        }

        private static func literal(
            _ base: UnsafePointer<UInt8>, _ i: Int, _ count: Int, _ word: StaticString, kind: JSONKind,
            into tokens: inout [JSONToken]
        ) throws(JSONSyntaxError) -> Int {
            let length = word.utf8CodeUnitCount
            guard i + length <= count, memcmp(base + i, word.utf8Start, length) == 0 else {
                throw JSONSyntaxError(offset: i, reason: "unexpected word, expected true, false or null")
            }
            tokens.append(JSONToken(kind: kind, escaped: false, start: Int32(i), end: Int32(i + length), next: Int32(tokens.count + 1)))
            return i + length
        }
    }

    struct Outcome: Equatable {
        var tokens: [[Int32]]
        var error: JSONSyntaxError?
    }

    static func fields(_ tokens: [JSONToken]) -> [[Int32]] {
        tokens.map { [Int32($0.kind.rawValue), $0.escaped ? 1 : 0, $0.start, $0.end, $0.next] }
    }

    /// The tape's outcome for `bytes`, parsed with the given tape (reused, as the importer does).
    static func tapeOutcome(_ bytes: [UInt8], _ tape: inout JSONTape) -> Outcome {
        bytes.withUnsafeBytes { buffer in
            do throws(JSONSyntaxError) {
                try tape.parse(buffer)
                return Outcome(tokens: fields(tape.tokens), error: nil)
            } catch {
                return Outcome(tokens: fields(tape.tokens), error: error)
            }
        }
    }

    static func referenceOutcome(_ bytes: [UInt8]) -> Outcome {
        bytes.withUnsafeBytes { buffer in
            var tokens: [JSONToken] = []
            do throws(JSONSyntaxError) {
                try Reference.parse(buffer, into: &tokens)
                return Outcome(tokens: fields(tokens), error: nil)
            } catch {
                return Outcome(tokens: fields(tokens), error: error)
            }
        }
    }

    /// Documents of every shape: dense (more tokens than a quarter of the bytes), tiny, deep, and
    /// the bulk fixtures with random damage.
    static func corpus() throws -> [[UInt8]] {
        var texts = [
            "1", "0", "-0", "[]", "{}", "[1]", "[1,2,3,4,5,6,7,8,9,0]", "[[[[]]]]", "\"x\"", "true", "null",
            "[" + Array(repeating: "1", count: 500).joined(separator: ",") + "]",
            "[" + Array(repeating: "[]", count: 300).joined(separator: ",") + "]",
            "{" + (0..<200).map { "\"\($0 % 10)\":0" }.joined(separator: ",") + "}",
            String(repeating: "[", count: 256) + String(repeating: "]", count: 256),
            String(repeating: "[", count: 257) + String(repeating: "]", count: 257),
            String(repeating: "[", count: 300), "[1,2", "{\"a\":}", "[tru]", "[1,]", "{\"a\" 1}", " [ 1 , { } ] ", "[1] x", "",
        ]
        texts += try BulkImportDecoderTests.fixtureLines()
        var documents = texts.map { Array($0.utf8) }
        var g = BulkImportFuzzTests.Generator(state: 20_261_122)
        let base = documents
        for round in 0..<3_000 {
            documents.append(BulkImportFuzzTests.mutate(base[round % base.count], &g))
        }
        return documents
    }

    @Test func theTokensAndErrorsAreThoseOfTheFormerParser() throws {
        let documents = try Self.corpus()
        var tape = JSONTape()
        var fresh = 0
        var failed = 0
        for (number, bytes) in documents.enumerated() {
            let expected = Self.referenceOutcome(bytes)
            if expected.error != nil { failed += 1 }
            #expect(Self.tapeOutcome(bytes, &tape) == expected, "document \(number)")
            var new = JSONTape()
            if Self.tapeOutcome(bytes, &new) == expected { fresh += 1 }
        }
        #expect(fresh == documents.count, "a fresh tape gives the same as a reused one")
        #expect(failed > 100, "the corpus holds invalid documents")
        #expect(failed < documents.count - 100, "and valid ones")
    }

    @Test func aDocumentDenserThanTheGuessIsParsedWhole() {
        // 2 bytes per token: more than the first guess (a quarter of the bytes) holds.
        let text = "[" + Array(repeating: "0", count: 2_000).joined(separator: ",") + "]"
        var tape = JSONTape()
        let outcome = Self.tapeOutcome(Array(text.utf8), &tape)
        #expect(outcome.error == nil)
        #expect(tape.tokens.count == 2_001)
        #expect(tape.tokens[0].next == 2_001)
    }

    @Test func theSlotsOfAVeryLargeDocumentAreNotKept() {
        let large = "[" + Array(repeating: "0", count: JSONTape.keptSlots + 10).joined(separator: ",") + "]"
        var tape = JSONTape()
        #expect(Self.tapeOutcome(Array(large.utf8), &tape).error == nil)
        #expect(tape.tokens.count == JSONTape.keptSlots + 11)
        #expect(tape.slots.isEmpty)
        let small = Array(#"{"a":[1,2,{"b":null}]}"#.utf8)
        #expect(Self.tapeOutcome(small, &tape) == Self.referenceOutcome(small))
        #expect(!tape.slots.isEmpty && tape.slots.count <= JSONTape.keptSlots)
    }
}
