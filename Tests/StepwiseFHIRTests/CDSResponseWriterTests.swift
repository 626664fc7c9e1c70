// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import StepwiseFHIR

/// The hand-written card writer must produce the JSON `JSONEncoder` produced before it: the same
/// strings byte for byte, the same numbers, the same members.
@Suite struct CDSResponseWriterTests {
    static func encoderBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    /// The JSON re-serialised with sorted keys: equal for two texts exactly when they are the same JSON.
    static func canonical(_ bytes: [UInt8]) throws -> Data {
        let object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    static let awkwardStrings: [String] = [
        "", "plain ascii", "quote \" and backslash \\ and slash / in https://example.org/a/b",
        "controls \u{0}\u{1}\u{7}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{1B}\u{1F} end", "delete \u{7F}",
        "Thase–Rush · Maudsley … é ü 日本 🙂", "line\u{2028}separator\u{2029}", "**Bold** <tag> & 'quote'",
        "trailing backslash \\",
    ]

    @Test(arguments: awkwardStrings)
    func stringsAreEscapedExactlyAsJSONEncoderEscapesThem(text: String) throws {
        var writer = CDSResponseWriter.Writer()
        writer.string(text)
        #expect(writer.bytes == (try Self.encoderBytes(text)))
    }

    @Test func everyEscapeIsFoundAtEveryPositionOfAnEightByteWord() throws {
        let specials: [Character] = ["\"", "\\", "\u{0}", "\u{1F}", "\n", "\t", " ", "\u{7F}", "é", "…", "!", "#", "[", "]", "\u{20}"]
        for length in [1, 7, 8, 9, 15, 16, 17, 24, 33] {
            for position in 0..<length {
                for special in specials {
                    var characters = Array(repeating: Character("a"), count: length)
                    characters[position] = special
                    let text = String(characters)
                    var writer = CDSResponseWriter.Writer()
                    writer.string(text)
                    #expect(writer.bytes == (try Self.encoderBytes(text)), "length \(length), position \(position)")
                }
            }
        }
    }

    @Test func severalEscapesInOneEightByteWordAreEachFound() throws {
        // Every pair of positions in words and tails of awkward lengths, with different escapes (and a
        // multi-byte character beside them), so each escape after the first in a word is found too.
        let specials: [Character] = ["\"", "\\", "\u{0}", "\u{1F}", "\n", "\u{7F}", "é"]
        for length in [2, 8, 9, 16, 17] {
            for first in 0..<length {
                for second in (first + 1)..<length {
                    for (a, b) in zip(specials, specials.reversed()) {
                        var characters = Array(repeating: Character("a"), count: length)
                        characters[first] = a
                        characters[second] = b
                        let text = String(characters)
                        var writer = CDSResponseWriter.Writer()
                        writer.string(text)
                        #expect(writer.bytes == (try Self.encoderBytes(text)), "length \(length), \(first) and \(second)")
                    }
                }
            }
        }
    }

    @Test func generatedCardTextIsEscapedExactlyAsJSONEncoderEscapesIt() throws {
        // Markdown-like text with newlines, quotes, backslashes, tabs and non-ASCII at random places.
        let pieces = ["- ", "**", "\n", "\n\n", "\"", "\\", "\t", "a", "word ", "Thase–Rush ", "é", "(level high)", "\u{1}", "/"]
        var state: UInt64 = 0x5EED  // a fixed sequence (SplitMix64), so a failure can be reproduced
        func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<next(61) { text += pieces[next(pieces.count)] }
            var writer = CDSResponseWriter.Writer()
            writer.string(text)
            #expect(writer.bytes == (try Self.encoderBytes(text)), "\(Array(text.utf8))")
        }
    }

    static let numbers: [Double] = [0, -0.0, 1, -1, 150, 37.5, 0.1, 1e-7, 1e15, 2.5e15, 9_007_199_254_740_991, 1e16, 1e20, -3e300]

    @Test(arguments: numbers)
    func numbersAreSpeltExactlyAsJSONEncoderSpellsThem(number: Double) throws {
        var writer = CDSResponseWriter.Writer()
        writer.number(number)
        let expected = try Self.encoderBytes([number])
        #expect(writer.bytes == Array(expected.dropFirst().dropLast()))
    }

    @Test func aFullCardIsTheSameJSONAsJSONEncoderWrites() throws {
        let resource: CDSJSON = .object([
            "resourceType": .string("ServiceRequest"), "status": .string("draft"),
            "code": .object(["coding": .array([.object(["system": .string("http://loinc.org"), "code": .string("3016-3")])])]),
            "quantity": .number(2), "ratio": .number(0.25), "flag": .bool(true), "off": .bool(false), "none": .null,
            "empty": .object([:]), "list": .array([]),
        ])
        let cards = [
            CDSCard(
                uuid: "0b6c…", summary: "Suicide risk: \"item 9\" positive", detail: "**Bold**\n\n- a/b\n- \u{1}",
                indicator: .critical,
                source: CDSSource(label: "Stepwise · rule x", url: "https://example.org/a", topic: CDSCoding(code: "t")),
                suggestions: [
                    CDSSuggestion(
                        label: "Order TSH", uuid: "u2", isRecommended: true,
                        actions: [
                            CDSAction(type: "create", description: "Order TSH", resource: resource),
                            CDSAction(type: "delete", description: "Remove", resourceId: "MedicationRequest/d1"),
                        ]),
                    CDSSuggestion(label: "Only a label"),
                ],
                overrideReasons: [CDSCoding(system: "http://s", code: "c", display: "d"), CDSCoding(code: "bare")],
                links: [CDSLink(label: "App", url: "https://app", type: "smart", appContext: "{\"a\":1}")]),
            CDSCard(uuid: nil, summary: "Minimal", indicator: .info, source: CDSSource(label: "Stepwise")),
        ]
        for response in [CDSHookResponse(cards: cards), CDSHookResponse(cards: [])] {
            let written = CDSResponseWriter.encode(response)
            #expect(try Self.canonical(written) == (try Self.canonical(try Self.encoderBytes(response))))
            #expect(try JSONDecoder().decode(CDSHookResponse.self, from: Data(written)) == response)
        }
    }

    @Test func membersComeInDeclarationOrderAndObjectKeysSorted() throws {
        let card = CDSCard(
            uuid: "u", summary: "s", detail: "d", indicator: .warning, source: CDSSource(label: "l", url: "https://x"),
            suggestions: [
                CDSSuggestion(
                    label: "o", uuid: "v", isRecommended: false,
                    actions: [CDSAction(type: "create", description: "o", resource: .object(["b": .string("2"), "a": .null]))])
            ])
        let text = String(decoding: CDSResponseWriter.encode(CDSHookResponse(cards: [card])), as: UTF8.self)
        #expect(
            text
                == #"{"cards":[{"uuid":"u","summary":"s","detail":"d","indicator":"warning","source":{"label":"l","url":"https://x"},"suggestions":[{"label":"o","uuid":"v","isRecommended":false,"actions":[{"type":"create","description":"o","resource":{"a":null,"b":"2"}}]}],"selectionBehavior":"at-most-one"}]}"#
        )
    }

    @Test func writingIntoMemoryGivesTheArraysBytesOrNilWhenTheyDoNotFit() throws {
        let card = CDSCard(
            uuid: "u", summary: "s \"q\"", detail: "**d**\n\u{1}é", indicator: .warning,
            source: CDSSource(label: "l", url: "https://x"),
            suggestions: [
                CDSSuggestion(
                    label: "o", uuid: "v", isRecommended: true,
                    actions: [
                        CDSAction(
                            type: "create", description: "o",
                            resource: .object(["b": .string("2"), "a": .null, "n": .number(0.25), "i": .number(3)]))
                    ])
            ], overrideReasons: [CDSCoding(system: "http://s", code: "c", display: "d")])
        for response in [CDSHookResponse(cards: [card, card]), CDSHookResponse(cards: [])] {
            let expected = CDSResponseWriter.encode(response)
            // Every size from far too small to a little more than needed.
            for size in [0, 1, 2, 11, 12, 13] + Array(max(0, expected.count - 40)...(expected.count + 8)) {
                var memory = [UInt8](repeating: 0xEE, count: size)
                let written = memory.withUnsafeMutableBytes { CDSResponseWriter.encode(response, into: $0) }
                if size >= expected.count {
                    #expect(written == expected.count, "size \(size)")
                    #expect(Array(memory.prefix(expected.count)) == expected, "size \(size)")
                    #expect(memory.dropFirst(expected.count).allSatisfy { $0 == 0xEE }, "size \(size)")
                } else {
                    #expect(written == nil, "size \(size)")
                }
            }
        }
    }
}
