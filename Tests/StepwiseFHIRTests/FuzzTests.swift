// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import StepwiseFHIR
import Testing

/// Feeds deterministic mutations of the fixtures to the decoder and the mapper: every input must
/// give an error or a result, never a crash.
@Suite struct FuzzTests {
    /// SplitMix64: small, fast and deterministic.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }
    }

    static let replacements = [
        "\"s\"", "0", "-1", "1.5", "-1.5e308", "1e999", "true", "false", "null", "{}", "[]", "[{}]", "\"2024-02-30\"",
        "\"\"", "\"\\u0000\"", "99999999999999999999",
    ]

    static func mutate(_ bytes: [UInt8], _ generator: inout Generator) -> [UInt8] {
        var bytes = bytes
        guard !bytes.isEmpty else { return bytes }
        switch generator.below(6) {
        case 0:  // byte flip
            for _ in 0...generator.below(3) {
                bytes[generator.below(bytes.count)] = UInt8(truncatingIfNeeded: generator.next())
            }
        case 1:  // truncation
            bytes.removeSubrange(generator.below(bytes.count)...)
        case 2:  // deletion of a span
            let start = generator.below(bytes.count)
            let length = min(bytes.count - start, 1 + generator.below(200))
            bytes.removeSubrange(start..<(start + length))
        case 3, 4:  // type swap: replace a scalar value after a colon
            let colons = bytes.indices.filter { bytes[$0] == UInt8(ascii: ":") }
            guard !colons.isEmpty else { return bytes }
            var start = colons[generator.below(colons.count)] + 1
            while start < bytes.count, bytes[start] == UInt8(ascii: " ") { start += 1 }
            guard start < bytes.count else { return bytes }
            var end = start
            if bytes[start] == UInt8(ascii: "\"") {
                end += 1
                while end < bytes.count, bytes[end] != UInt8(ascii: "\"") { end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1 }
                end = min(end + 1, bytes.count)
            } else if bytes[start] == UInt8(ascii: "{") || bytes[start] == UInt8(ascii: "[") {
                end = start  // insert before the container, making it a sibling: also malformed or re-typed
            } else {
                while end < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]")].contains(bytes[end]) { end += 1 }
            }
            let replacement = Array(replacements[generator.below(replacements.count)].utf8)
            bytes.replaceSubrange(start..<end, with: replacement)
        default:  // duplicate a span elsewhere
            let start = generator.below(bytes.count)
            let length = min(bytes.count - start, 1 + generator.below(120))
            let span = Array(bytes[start..<(start + length)])
            bytes.insert(contentsOf: span, at: generator.below(bytes.count))
        }
        return bytes
    }

    @Test(arguments: ["synthea-bundle.json", "ehr-bundle.json", "lhc-forms-phq9-response.json", "unmappable-bundle.json"])
    func mutatedFixturesGiveAnErrorOrAResultEveryTime(fixture: String) throws {
        let original = [UInt8](try MappingFixtures.data(fixture))
        let mapper = FHIRRecordMapper(knowledge: MappingFixtures.knowledge, asOf: MappingFixtures.day("2024-07-01"))
        var generator = Generator(state: UInt64(fixture.utf8.count) &* 7919)
        let rounds = 800
        var errors = 0
        var results = 0
        for _ in 0..<rounds {
            let mutated = Data(Self.mutate(original, &generator))
            do {
                let result = try mapper.map(bundleData: mutated)
                // Whatever was read is internally consistent: every record can be encoded.
                _ = try JSONEncoder().encode(result.records)
                results += 1
            } catch is StepwiseError {
                errors += 1
            }
            _ = FHIRRecordMapper.looksLikeFHIR(mutated)
        }
        #expect(errors + results == rounds)
        #expect(results > 0)
        #expect(errors > 0)
    }

    @Test func deeplyNestedInputIsRejectedNotRecursedInto() {
        let json = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: StepwiseError.self) { try FHIRJSON.decodeResource(Data(json.utf8)) }
        #expect(FHIRRecordMapper.looksLikeFHIR(Data(json.utf8)) == false)
    }

    @Test(arguments: ["", " ", "null", "\u{FEFF}", "{}", "[]", "\"Bundle\"", "{\"resourceType\":\"Bundle\"}", "{\"resourceType\":42}"])
    func degenerateInputsAreClearErrors(json: String) {
        #expect(throws: StepwiseError.self) { try FHIRRecordMapper(knowledge: MappingFixtures.knowledge).map(bundleData: Data(json.utf8)) }
    }
}
