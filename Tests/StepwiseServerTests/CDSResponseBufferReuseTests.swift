// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import StepwiseCore
import StepwiseFHIR
import Testing

@testable import StepwiseServer

/// Hook answers are written into response buffers kept between calls (`CDSResponseBuffers`): an answer still
/// held (not yet sent) must never be overwritten by a later one, and every answer must be the writer's bytes.
@Suite struct CDSResponseBufferReuseTests {
    static func response(_ number: Int) -> CDSHookResponse {
        let card = CDSCard(
            uuid: "card-\(number)", summary: "summary \(number)",
            detail: String(repeating: "line \(number) \"quoted\"\n", count: 20 + number % 7), indicator: .warning,
            source: CDSSource(label: "Stepwise · rule \(number)"))
        return CDSHookResponse(cards: Array(repeating: card, count: 1 + number % 4))
    }

    @Test func answersStillHeldAreNotOverwrittenByLaterOnes() {
        // Hold every answer (as NIO holds one until it is sent) while more are written.
        var held: [(ByteBuffer, [UInt8])] = []
        for number in 0..<40 {
            let response = Self.response(number)
            held.append((CDSHooksService.responseBuffer(response), CDSResponseWriter.encode(response)))
        }
        for (index, (buffer, expected)) in held.enumerated() {
            #expect(Array(buffer.readableBytesView) == expected, "answer \(index)")
        }
        #expect(CDSResponseBuffers.keptCount <= CDSResponseBuffers.keptBuffers)
    }

    @Test func aSentAnswersMemoryIsWrittenAgainWithTheNextAnswersBytesOnly() {
        // Released answers (sent): the next answer may reuse their memory, and holds only its own bytes
        // (a shorter answer after a longer one leaves nothing of the longer one readable).
        var reused = false
        for number in 0..<30 {
            let long = Self.response(6)
            let short = Self.response(number % 3)
            var first: UnsafeRawPointer?
            do {
                let buffer = CDSHooksService.responseBuffer(long)
                first = buffer.withUnsafeReadableBytes { UnsafeRawPointer($0.baseAddress) }
                #expect(Array(buffer.readableBytesView) == CDSResponseWriter.encode(long))
            }
            let next = CDSHooksService.responseBuffer(short)
            #expect(Array(next.readableBytesView) == CDSResponseWriter.encode(short))
            // Other tests may take the kept buffer in between; over 30 tries it is reused at least once.
            reused = reused || next.withUnsafeReadableBytes { UnsafeRawPointer($0.baseAddress) } == first
        }
        #expect(reused)
    }

    @Test func aLargeAnswerIsNotKept() {
        let large = CDSCard(
            uuid: "u", summary: "s", detail: String(repeating: "x", count: CDSResponseBuffers.largestKept * 2),
            indicator: .info, source: CDSSource(label: "Stepwise"))
        let response = CDSHookResponse(cards: [large])
        let buffer = CDSHooksService.responseBuffer(response)
        #expect(Array(buffer.readableBytesView) == CDSResponseWriter.encode(response))
        func takeAll(_ left: Int) {
            guard left > 0, let kept = CDSResponseBuffers.take() else { return }
            #expect(kept.capacity <= CDSResponseBuffers.largestKept)
            takeAll(left - 1)
            CDSResponseBuffers.keep(kept)
        }
        takeAll(CDSResponseBuffers.keptBuffers)
    }
}
