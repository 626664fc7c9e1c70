// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// A C-SSRS screener with a question needed for triage left blank is kept for its signal; the suicide-risk
/// evidence says that its triage reads only the answered questions.
@Suite struct CSSRSIncompleteEvidenceTests {
    typealias F = SafetyPlanFixtures

    static func flag(_ answers: [Int?]) throws -> SafetyFlag {
        let record = PatientRecord(
            id: "p", measurements: [Measurement(instrument: "cssrs-screener", date: F.day("2026-11-01"), answers: answers)])
        let report = try Assessor(knowledge: F.knowledge).assess(record, asOf: F.asOf)
        return try #require(report.safety.first { $0.id == "suicide-risk" })
    }

    @Test func anUnansweredQuestionSixIsNamedInTheEvidence() throws {
        let flag = try Self.flag([1, 1, 0, 0, 0, nil, nil])
        #expect(flag.level == "high")
        #expect(flag.evidence == [
            "C-SSRS screener on 2026-11-01: low risk (triage of the answered questions; a question needed for triage is unanswered, so the risk may be higher)"
        ])
    }

    @Test func aCompleteScreenerReadsAsBefore() throws {
        let flag = try Self.flag([1, 1, 0, 0, 0, 0, nil])
        #expect(flag.evidence == ["C-SSRS screener on 2026-11-01: low risk (triage)"])
    }
}
