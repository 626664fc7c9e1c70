// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import StepwiseFHIR

/// The string scanner skips eight plain bytes at a time and then jumps to the first special byte
/// of a word: a quote, backslash, control or non-ASCII byte at every position of a word (and at
/// word boundaries) must be found exactly where it is.
@Suite struct JSONTapeStringScanTests {
    /// Special contents and whether they are valid inside a JSON string.
    static let specials: [(bytes: [UInt8], valid: Bool, reason: String)] = [
        (Array(#"\""#.utf8), true, ""),
        (Array(#"\\"#.utf8), true, ""),
        (Array(#"\n"#.utf8), true, ""),
        (Array(#"\u00e9"#.utf8), true, ""),
        (Array(#"\ud83d\ude00"#.utf8), true, ""),
        (Array("é".utf8), true, ""),
        (Array("中".utf8), true, ""),
        (Array("😀".utf8), true, ""),
        (Array("é中😀é".utf8), true, ""),
        ([0x09], false, "control character"),
        ([0x00], false, "control character"),
        ([0x1F], false, "control character"),
        ([0xFF], false, "invalid UTF-8"),
        ([0xC3], false, "invalid UTF-8"),
        ([0xE4, 0xB8], false, "invalid UTF-8"),
        (Array(#"\x"#.utf8), false, "invalid escape"),
    ]

    @Test func aSpecialByteIsFoundAtEveryPositionOfAWord() throws {
        for special in Self.specials {
            for before in 0..<20 {
                for after in [0, 1, 6, 7, 8, 9, 15, 16, 17] {
                    let prefix = Array(#"{"k":""#.utf8)
                    let content = Array(repeating: UInt8(ascii: "a"), count: before) + special.bytes
                        + Array(repeating: UInt8(ascii: "b"), count: after)
                    let line = prefix + content + Array(#"","z":[1,"x"]}"#.utf8)
                    let error = BulkFixtures.syntaxError(line)
                    if special.valid {
                        #expect(error == nil, "\(special.bytes) after \(before)")
                        let expected = try JSONSerialization.jsonObject(with: Data(line))
                        let actual = try #require(BulkFixtures.foundationValue(of: line))
                        #expect(NSArray(object: actual).isEqual(NSArray(object: expected)), "\(special.bytes) after \(before)")
                    } else {
                        let found = try #require(error, "\(special.bytes) after \(before) must be refused")
                        #expect(found.reason.contains(special.reason))
                        // Reported at the special byte (an escape at its letter, after the backslash).
                        let at = prefix.count + before
                        #expect(found.offset >= at && found.offset <= at + 2, "\(special.bytes) after \(before): \(found.offset)")
                    }
                }
            }
        }
    }

    @Test func anUnterminatedStringIsReportedAtTheEndOfEveryLength() {
        for length in 0..<40 {
            let line = Array(#"{"k":""#.utf8) + Array(repeating: UInt8(ascii: "a"), count: length)
            let error = BulkFixtures.syntaxError(line)
            #expect(error?.reason == "unterminated string", "length \(length)")
            #expect(error?.offset == line.count, "length \(length)")
        }
    }
}
