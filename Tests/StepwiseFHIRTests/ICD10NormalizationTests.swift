// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import StepwiseFHIR

@Suite struct ICD10NormalizationTests {
    /// The path the byte loop replaces.
    static func foundation(_ raw: String) -> String {
        raw.uppercased().replacingOccurrences(of: ".", with: "")
    }

    @Test(arguments: [
        "F33.1", "f33.1", "F32.A", "f32.a", " F33.2 ", "F33.40", "F32.89", "F32.", ".F33", "..", ".", "", "F",
        "F3\u{0}3.1", "F33\t.1\n", "z99.z", "~`!@#$%^&*()_+{}|:\"<>?", "\u{7F}F33.1",
        // Not ASCII: the same answer as Foundation's full upper-casing.
        "ſ33.1", "F33.ı", "ﬀ32.1", "F\u{301}33.1", "é33.1", "ß", "F33.１", "Ｆ33.1", "F33.1\u{200B}", "🙂F33.1",
    ])
    func normalizingGivesWhatFoundationGives(_ raw: String) {
        #expect(DepressionCode.normalizedICD10(raw) == Self.foundation(raw))
    }

    @Test func normalizingEveryShortAsciiStringGivesWhatFoundationGives() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...8, using: &generator)
            let raw = String(
                decoding: (0..<length).map { _ in UInt8.random(in: 0...0x7F, using: &generator) }, as: UTF8.self)
            #expect(DepressionCode.normalizedICD10(raw) == Self.foundation(raw), "\(Array(raw.utf8))")
        }
    }
}
