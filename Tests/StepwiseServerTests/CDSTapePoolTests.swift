// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import StepwiseCore
import Testing

@testable import StepwiseFHIR
@testable import StepwiseServer

/// Hook bodies are parsed into tapes kept between calls (`CDSTapePool`); each body must be read exactly
/// as with a fresh tape, whatever the kept tape read before (a larger or smaller body, a malformed one, one
/// too large to keep).
@Suite struct CDSTapePoolTests {
    static let keys = CDSServiceCatalog.prefetchKeys
    static let mapper = FHIRRecordMapper(knowledge: CDSFixtures.knowledge, asOf: CDSFixtures.today)

    static func data(_ prefetch: [String: Any]?) -> Data {
        Data(CDSFixtures.hookBody(prefetch: prefetch).readableBytesView)
    }

    /// Bodies of every kind in an order where each follows a different one.
    static var bodies: [Data] {
        let medications = [
            CDSFixtures.medicationRequest(
                rxnorm: "36437", name: "sertraline", mg: 150, start: "2026-01-10", end: "2026-04-20", id: "m1"),
            CDSFixtures.medicationRequest(rxnorm: "2597", name: "mirtazapine", mg: 30, start: "2026-09-01", id: "m3"),
        ]
        let conditions = [CDSFixtures.condition(icd10: "F33.2", display: "MDD, recurrent, severe", id: "c1")]
        let usual = data(
            CDSFixtures.prefetch(observations: CDSFixtures.observations(item9: 1), medications: medications, conditions: conditions))
        let small = data(CDSFixtures.prefetch(observations: CDSFixtures.observations(count: 2, item9: 3)))
        // More than JSONTape.keptSlots tokens: its memory is not kept.
        let huge = data(CDSFixtures.prefetch(observations: CDSFixtures.observations(count: 3_000, item9: 2)))
        var trailingComma = usual
        trailingComma.removeLast()  // the final "}"
        trailingComma.append(contentsOf: Array(",}".utf8))
        let truncated = usual.prefix(usual.count / 2)
        let missingKey = data(CDSFixtures.prefetch(omit: [keys[0]]))
        return [
            usual, small, usual, Data(truncated), usual, trailingComma, small, missingKey, usual, huge, small, usual,
            Data("[]".utf8), usual, data(nil), usual,
        ]
    }

    /// The mapped decode with a fresh tape, as before the pool.
    static func fresh(_ body: Data) -> CDSHookRequestDecoder.MappedRequest? {
        var tape = JSONTape()
        return body.withUnsafeBytes {
            CDSHookRequestDecoder.fastDecodeMapped(bytes: $0, keys: keys, mapper: mapper, activeMedications: true, on: &tape)
        }
    }

    static func expectSame(
        _ new: CDSHookRequestDecoder.MappedRequest?, _ old: CDSHookRequestDecoder.MappedRequest?, body index: Int
    ) {
        #expect((new == nil) == (old == nil), "body \(index)")
        guard let new, let old else { return }
        #expect(new.request.hook == old.request.hook, "body \(index)")
        #expect(new.request.context.patientId == old.request.context.patientId, "body \(index)")
        #expect(new.request.fhirServer == old.request.fhirServer, "body \(index)")
        #expect(new.mapped == old.mapped, "body \(index)")
        #expect(new.flattened == old.flattened, "body \(index)")
    }

    @Test func aKeptTapeReadsEachBodyAsAFreshTapeDoes() throws {
        let bodies = Self.bodies
        for (index, body) in bodies.enumerated() {
            let pooled = body.withUnsafeBytes {
                CDSHookRequestDecoder.fastDecodeMapped(bytes: $0, keys: Self.keys, mapper: Self.mapper)
            }
            Self.expectSame(pooled, Self.fresh(body), body: index)
        }
        // The usual body is mapped; the malformed ones are refused (and then answered by the checked fallback).
        #expect(Self.fresh(bodies[0])?.mapped != nil)
        #expect(Self.fresh(bodies[3]) == nil)
        #expect(Self.fresh(bodies[5]) == nil)
        #expect(CDSTapePool.keptCount <= CDSTapePool.keptTapes)
    }

    @Test func theFlattenedAndPlainDecodersReadEachBodyAsBefore() throws {
        for (index, body) in Self.bodies.enumerated() {
            let plain = body.withUnsafeBytes { CDSHookRequestDecoder.fastDecode(bytes: $0) }
            let flattened = body.withUnsafeBytes { CDSHookRequestDecoder.fastDecodeFlattened(bytes: $0) }
            var tape = JSONTape()
            let freshPlain: CDSHookRequest<R4.Resource>? = body.withUnsafeBytes { bytes in
                do { try tape.parse(bytes) } catch { return nil }
                guard !tape.tokens.isEmpty, tape.kind(0) == .object else { return nil }
                return try? CDSHookRequestDecoder.Reader(tape: tape).request(0)
            }
            #expect((plain == nil) == (freshPlain == nil), "body \(index)")
            #expect(plain?.hook == freshPlain?.hook, "body \(index)")
            #expect(plain?.context.patientId == freshPlain?.context.patientId, "body \(index)")
            #expect(plain?.prefetch?.count == freshPlain?.prefetch?.count, "body \(index)")
            #expect((flattened == nil) == (freshPlain == nil), "body \(index)")
            #expect(flattened?.request.context.patientId == freshPlain?.context.patientId, "body \(index)")
        }
    }

    @Test func aTapeTooLargeToKeepIsNotKept() {
        var tape = JSONTape()
        tape.tokens.reserveCapacity(JSONTape.keptSlots + 1)
        CDSTapePool.withTape { kept in kept = tape }
        // Every kept tape (or a fresh one when other tests hold them all) is within the bound.
        func takeAll(_ left: Int) {
            guard left > 0 else { return }
            CDSTapePool.withTape { kept in
                #expect(kept.tokens.capacity <= JSONTape.keptSlots)
                takeAll(left - 1)
            }
        }
        takeAll(CDSTapePool.keptTapes)
    }
}
