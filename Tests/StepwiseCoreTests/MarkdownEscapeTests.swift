// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import StepwiseCore

/// Record text in the Markdown summary cannot inject HTML or formatting (QA F22).
@Suite struct MarkdownEscapeTests {
    static func markdown(display: String) throws -> String {
        let record = PatientRecord(
            id: "p", conditions: [Condition(code: "F41.1", system: .icd10, display: display, date: LocalDate("2026-01-01"))])
        let report = try Assessor(knowledge: SafetyPlanFixtures.knowledge).assess(record, asOf: SafetyPlanFixtures.day("2026-11-21"))
        return ReportRenderer(style: .markdown).render(report)
    }

    @Test func anHTMLTagInAConditionDisplayIsEscaped() throws {
        let text = try Self.markdown(display: "<img src=x onerror=alert(1)> and </b> and <!-- c --> and `code`")
        #expect(!text.replacingOccurrences(of: "\\<", with: "").contains("<img"), "every tag start is escaped")
        #expect(text.contains("\\<img src=x onerror=alert(1)>"))
        #expect(text.contains("\\</b>"))
        #expect(text.contains("\\<!-- c -->"))
        #expect(text.contains("\\`code\\`"))
    }

    @Test func aLessThanSignBeforeASpaceOrDigitStaysReadable() throws {
        let text = try Self.markdown(display: "Anxiety (< 3 months, <6 weeks) **bold**")
        #expect(text.contains("(< 3 months, <6 weeks) \\*\\*bold\\*\\*"))
    }
}
