// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import Testing

@testable import StepwiseFHIR

/// The display parser's first checks (length and combination products) read bytes first; they must
/// refuse exactly the displays the character checks refused.
@Suite struct MedicationDisplayCheckTests {
    static let base = "sertraline 50 MG Oral Tablet"
    static let displays: [String] = [
        base, "sertraline 50 MG / fluoxetine 20 MG Oral Tablet", "sertraline 50 MG /fluoxetine", "sertraline 50 MG/ fluoxetine",
        "sertraline 50 MG \u{2215} x", "sertraline 50 MG /\u{301} fluoxetine", "sertraline 50 MG / \u{301}fluoxetine",
        "sertraline 50 MG \u{301}/ fluoxetine", "sertraline / ", " / sertraline", "sertraline  /  50 MG",
        base + String(repeating: " x", count: 136), base + String(repeating: " x", count: 137),
        base + " " + String(repeating: "é", count: 271), base + " " + String(repeating: "e\u{301}", count: 272),
        base + " " + String(repeating: "é", count: 140), "sertraline 50 MG " + String(repeating: "🙂", count: 80),
    ]

    @Test(arguments: displays)
    func refusesTheDisplaysTheCharacterChecksRefused(_ display: String) {
        let refusedBefore = !(display.count <= 300 && !display.contains(" / "))
        let parsed = MedicationIdentity.parse(display: display, drugs: MappingFixtures.knowledge.drugs)
        if refusedBefore {
            #expect(parsed == nil)
        } else {
            #expect(parsed?.drug == "sertraline")
        }
    }
}
