// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import StepwiseCore

/// Report text rendered when read must be indistinguishable from text built eagerly.
@Suite struct DeferredTests {
    final class Lines: DeferredSource {
        let words: [String]
        init(_ words: [String]) { self.words = words }
        func render(_ index: Int) -> String { "line \(index): \(words[index])" }
    }

    @Test func aDeferredExplanationEncodesExactlyLikeThePlainText() throws {
        var deferred = TRDVerdict(
            definition: "fda", title: "FDA", met: true, countedTrials: ["t1", "t2"], explanation: "", sources: ["s"])
        let counted = 2
        deferred.$explanation = Deferred { "Met: \(counted) counted, 2 needed." }
        let plain = TRDVerdict(
            definition: "fda", title: "FDA", met: true, countedTrials: ["t1", "t2"],
            explanation: "Met: 2 counted, 2 needed.", sources: ["s"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(try encoder.encode(deferred) == encoder.encode(plain))
        #expect(deferred == plain)
        #expect(deferred.$explanation.isDeferred)
        #expect(!plain.$explanation.isDeferred)
    }

    @Test func aDeferredValueDecodesAsPlainText() throws {
        let json = Data(#"{"id":"x","level":"info","message":"m","evidence":["a","b"],"rule":"r","sources":[]}"#.utf8)
        let item = try JSONDecoder().decode(MonitoringItem.self, from: json)
        #expect(item.message == "m")
        #expect(item.evidence == ["a", "b"])
        #expect(!item.$evidence.isDeferred)
    }

    @Test func oneSourceRendersEachIndexedValueOnRead() {
        let lines = Lines(["alpha", "beta"])
        let first = Deferred<String>(source: lines, index: 0)
        let second = Deferred<String>(source: lines, index: 1)
        #expect(first.wrappedValue == "line 0: alpha")
        #expect(second.wrappedValue == "line 1: beta")
        #expect(first != second)
        #expect(first == Deferred(wrappedValue: "line 0: alpha"))
    }

    @Test func assigningAValueReplacesTheRendering() {
        var value = Deferred<[String]> { ["rendered"] }
        value.wrappedValue = ["assigned"]
        #expect(value.wrappedValue == ["assigned"])
        #expect(!value.isDeferred)
    }
}
