// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import StepwiseFHIR

/// The validating JSON reader of bulk import against Foundation's `JSONSerialization`.
@Suite struct BulkImportJSONTapeTests {
    static let validDocuments = [
        #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#,
        "  { \"spaced\" : [ 1 , 2 ] , \"tab\"\t:\t\"x\" } \r\n ",
        #"{"escapes":"quote \" backslash \\ slash \/ \b\f\n\r\t end"}"#,
        #"{"unicode":"caf\u00e9 \u4e2d\u6587 \ud83d\ude00 ümlaut 中文 😀"}"#,
        #"{"numbers":[0,-0,1,-1,12.5,-0.001,1e3,1E-3,2.5e+10,123456789012345678,1.7976931348623157e308,5e-324]}"#,
        #"{"nested":[[[[{"deep":[[[]]]}]]]],"empty":{},"list":[]}"#,
        #"[1,"two",{"three":3}]"#,
        #""just a string""#,
        "42",
        #"{"dup":1,"dup":2}"#,
        #"{"decimal":0.1,"long":3.141592653589793238462643383279}"#,
    ]

    @Test(arguments: validDocuments)
    func readsValidJSONToTheSameValuesAsJSONSerialization(_ text: String) throws {
        let bytes = Array(text.utf8)
        let expected = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        let actual = try #require(BulkFixtures.foundationValue(of: bytes))
        #expect(NSArray(object: actual).isEqual(NSArray(object: expected)))
    }

    static let malformedDocuments: [(String, String)] = [
        ("", "the line is empty"),
        ("{", "unexpected end of input"),
        (#"{"a":1,}"#, "expected a member name"),
        (#"{"a" 1}"#, "expected ':'"),
        (#"{"a":1 "b":2}"#, "expected ',' or '}'"),
        (#"[1 2]"#, "expected ',' or ']'"),
        (#"{'a':1}"#, "expected a member name"),
        (#"{"a":01}"#, "expected ',' or '}'"),
        (#"{"a":1.}"#, "expected a digit after '.'"),
        (#"{"a":-}"#, "expected a digit"),
        (#"{"a":1e}"#, "expected an exponent"),
        (#"{"a":NaN}"#, "expected a value"),
        (#"{"a":tru}"#, "expected true, false or null"),
        (#"{"a":"unterminated}"#, "unterminated string"),
        (#"{"a":"bad \x escape"}"#, "invalid escape"),
        (#"{"a":"\u12G4"}"#, "four hex digits"),
        (#"{"a":"\ud83d alone"}"#, "unpaired high surrogate"),
        (#"{"a":"\ude00"}"#, "unpaired low surrogate"),
        ("{\"a\":\"tab\tinside\"}", "control character"),
        (#"{"a":1} trailing"#, "after the end of the JSON value"),
        (#"{"a":1}{"b":2}"#, "after the end of the JSON value"),
    ]

    /// RFC 8259 strictly (Foundation on Linux tolerates a trailing comma; this reader does not).
    @Test(arguments: malformedDocuments)
    func rejectsMalformedJSONWithAReason(_ text: String, _ reason: String) throws {
        let error = try #require(BulkFixtures.syntaxError(text))
        #expect(error.reason.contains(reason))
    }

    static let invalidUTF8: [[UInt8]] = [
        [0xC0, 0xAF],  // overlong "/"
        [0xE0, 0x80, 0xAF],  // overlong
        [0xED, 0xA0, 0x80],  // encoded surrogate
        [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
        [0xFF],
        [0xC3],  // truncated
        [0x80],  // lone continuation byte
    ]

    @Test(arguments: invalidUTF8)
    func rejectsInvalidUTF8InsideStrings(_ sequence: [UInt8]) throws {
        let bytes = Array(#"{"a":"x"#.utf8) + sequence + Array(#"y"}"#.utf8)
        let error = try #require(BulkFixtures.syntaxError(bytes))
        #expect(error.reason.contains("UTF-8") || error.reason.contains("unterminated"))
    }

    @Test func rejectsNestingDeeperThanTheLimit() throws {
        let deep = String(repeating: "[", count: JSONTape.maxDepth + 1) + String(repeating: "]", count: JSONTape.maxDepth + 1)
        let error = try #require(BulkFixtures.syntaxError(deep))
        #expect(error.reason.contains("nesting deeper"))
        let allowed = String(repeating: "[", count: JSONTape.maxDepth) + String(repeating: "]", count: JSONTape.maxDepth)
        #expect(BulkFixtures.syntaxError(allowed) == nil)
    }

    @Test func reportsTheByteOffsetOfTheProblem() throws {
        let error = try #require(BulkFixtures.syntaxError(#"{"a":[1,2,x]}"#))
        #expect(error.offset == 10)
    }

    static let numbers = [
        "0", "-0", "7", "12.5", "-0.001", "1e3", "2.5E-7", "123456789.123456789", "0.1", "0.30000000000000004",
        "9007199254740993", "1.7976931348623157e308", "4.9e-324", "1234567890123456789012",
    ]

    @Test(arguments: numbers)
    func readsNumbersExactlyAsSwiftDoes(_ text: String) throws {
        let value = try #require(BulkFixtures.foundationValue(of: Array(#"{"n":\#(text)}"#.utf8)) as? NSDictionary)
        let number = try #require(value["n"] as? NSNumber)
        #expect(number.doubleValue == Double(text))
    }

    @Test func readsWholeNumbersAsIntegersAndRejectsFractionsForThem() {
        let bytes = Array(#"[3, 3.0, -12, 99999999999999999999, 1e2]"#.utf8)
        bytes.withUnsafeBytes { buffer in
            var tape = JSONTape()
            do throws(JSONSyntaxError) { try tape.parse(buffer) } catch { Issue.record("valid JSON rejected"); return }
            #expect(tape.integer(1) == 3)
            #expect(tape.integer(2) == nil)
            #expect(tape.integer(3) == -12)
            #expect(tape.integer(4) == nil)
            #expect(tape.integer(5) == nil)
            #expect(tape.double(2) == 3.0)
            #expect(tape.double(5) == 100)
        }
    }
}
