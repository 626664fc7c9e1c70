// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import StepwiseFHIR

/// Subject references are read without surrounding whitespace (the fast path for plain ones
/// must give the same answer as the general one).
@Suite struct ReferenceTrimmingTests {
    @Test(arguments: [
        ("Patient/1", "Patient/1"), (" Patient/1", "Patient/1"), ("Patient/1 ", "Patient/1"),
        ("\tPatient/1\n", "Patient/1"), ("\u{A0}Patient/1\u{2003}", "Patient/1"), ("", ""), ("   ", ""),
        ("x", "x"), ("é/1", "é/1"), ("Patient/é", "Patient/é"), ("\r\nPatient/1\r\n", "Patient/1"),
    ])
    func surroundingWhitespaceIsRemovedAndNothingElse(input: String, expected: String) {
        #expect(input.trimmingWhitespace == expected)
    }
}
