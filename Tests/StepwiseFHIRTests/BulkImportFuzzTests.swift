// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import Testing

@testable import StepwiseFHIR

/// Deterministic mutations of real export lines fed to the bulk decoder and the mapper: no
/// crash, and every line either yields a resource or a classified error; the validator agrees
/// with `JSONSerialization` on what is JSON.
@Suite struct BulkImportFuzzTests {
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

    static let fragments: [[UInt8]] = [
        "\"", "\\", "{", "}", "[", "]", ",", ":", "0", "-", ".", "e", "null", "true", "\"2024-02-30\"", "\"\\u",
        "\\ud800", "1e999", "\"mg\"", "\"mL\"", "\"Patient/x\"", "\"44261-6\"", "\"LA6571-9\"", "\u{00}", "\u{1F}",
        "é", "😀",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xED, 0xA0, 0x80]]

    static func mutate(_ line: [UInt8], _ g: inout Generator) -> [UInt8] {
        var bytes = line
        for _ in 0..<(1 + g.below(3)) {
            guard !bytes.isEmpty else { break }
            let at = g.below(bytes.count)
            switch g.below(5) {
            case 0: bytes.remove(at: at)
            case 1: bytes.insert(contentsOf: fragments[g.below(fragments.count)], at: at)
            case 2: bytes[at] = UInt8(truncatingIfNeeded: g.next())
            case 3: bytes.removeSubrange(at..<min(bytes.count, at + 1 + g.below(40)))
            default:
                let end = min(bytes.count, at + 1 + g.below(60))
                bytes.insert(contentsOf: bytes[at..<end], at: min(bytes.count, end + g.below(20)))
            }
        }
        return bytes
    }

    @Test func mutatedLinesNeverCrashAndAlwaysGiveAResourceOrAnError() throws {
        let lines = try BulkImportDecoderTests.fixtureLines().map { Array($0.utf8) }
        let mapper = FHIRRecordMapper(knowledge: MappingFixtures.knowledge)
        var g = Generator(state: 20_261_121)
        var decoded = 0
        var rejected = 0
        var disagreements = 0
        var batch: [R4.Resource] = []
        for round in 0..<4_000 {
            let mutated = Self.mutate(lines[round % lines.count], &g)
            let serializationAccepts =
                (try? JSONSerialization.jsonObject(with: Data(mutated), options: [.fragmentsAllowed])) != nil
            let outcome: Result<R4.Resource, BulkResourceDecoder.Failure>? = mutated.withUnsafeBytes { buffer in
                var tape = JSONTape()
                do throws(JSONSyntaxError) { try tape.parse(buffer) } catch { return nil }
                do throws(BulkResourceDecoder.Failure) {
                    return .success(try BulkResourceDecoder.decode(tape, root: 0, expectedType: nil))
                } catch {
                    return .failure(error)
                }
            }
            // Never more lenient than Foundation (which itself tolerates e.g. a trailing comma).
            if outcome != nil, !serializationAccepts { disagreements += 1 }
            switch outcome {
            case .success(let resource):
                decoded += 1
                batch.append(resource)
            case .failure(let failure):
                rejected += 1
                #expect(!failure.message.isEmpty)
            case nil:
                rejected += 1
            }
            if batch.count == 200 {
                let result = mapper.map(resources: batch)
                #expect(result.records.count <= batch.count)
                batch.removeAll()
            }
        }
        _ = mapper.map(resources: batch)
        #expect(decoded + rejected == 4_000)
        #expect(decoded > 200)
        #expect(rejected > 1_000)
        #expect(disagreements == 0)
    }

    @Test func randomBytesAreRejectedWithoutCrashing() {
        var g = Generator(state: 7)
        for _ in 0..<2_000 {
            let bytes = (0..<(1 + g.below(200))).map { _ in UInt8(truncatingIfNeeded: g.next()) }
            let error = BulkFixtures.syntaxError(bytes)
            let serializationAccepts = (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) != nil
            if error == nil { #expect(serializationAccepts) }
        }
    }
}
