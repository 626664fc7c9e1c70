// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// The TRD rule sentences and skip phrases print the thresholds of `staging.json`, not fixed numbers.
@Suite struct TRDRuleWordingTests {
    static func trial() throws -> TrialAssessment {
        let start = try #require(LocalDate("2026-01-05"))
        return TrialAssessment(
            id: "t1", agent: "sertraline", rxnorm: nil, drugClass: "ssri", kind: "medication", role: "monotherapy",
            start: start, end: nil, currentEpisode: true,
            adequacy: Adequacy(verdict: "adequate", reasons: [], adherenceVerified: true, explanation: "", rule: "r", sources: []),
            outcome: TrialOutcome(class: "unknown", basis: "none", explanation: ""))
    }

    @Test func theBundledThresholdsReadAsBefore() throws {
        let tables = try #require(try KnowledgeBase.bundled().drugs.tables)
        let euPearl = TRDRule(
            definition: .euPearl, needed: 2, first: tables.euPearlFailureImprovementBelow.value,
            second: tables.euPearlMinimumWeeks.value)
        #expect(euPearl.lead.contains("stopping before week 4 is not a failure"))
        let karolinska = TRDRule(definition: .karolinska, needed: 3, first: Double(tables.karolinskaMinimumDays.value))
        #expect(karolinska.lead.contains("a third sequential treatment trial of more than 28 days"))
        let catalog = try KnowledgeBase.bundled().drugs
        #expect(
            TRDPhrase.tooFewDays(20, minimum: tables.karolinskaMinimumDays.value).text(try Self.trial(), catalog: catalog)
                == "20 days (needs more than 28)")
        #expect(
            TRDPhrase.stoppedBeforeWeek(2.5, week: tables.euPearlMinimumWeeks.value).text(try Self.trial(), catalog: catalog)
                == "stopped before completing week 4 at adequate dose (2.5 weeks)")
    }

    @Test func otherThresholdsArePrinted() throws {
        let catalog = try KnowledgeBase.bundled().drugs
        #expect(TRDRule(definition: .euPearl, needed: 2, first: 25, second: 6).lead.contains("stopping before week 6 is not"))
        #expect(TRDRule(definition: .karolinska, needed: 3, first: 31).lead.contains("more than 30 days"))
        #expect(TRDPhrase.tooFewDays(20, minimum: 31).text(try Self.trial(), catalog: catalog) == "20 days (needs more than 30)")
        #expect(
            TRDPhrase.stoppedBeforeWeek(2, week: 6).text(try Self.trial(), catalog: catalog)
                == "stopped before completing week 6 at adequate dose (2 weeks)")
    }

    /// The rule sentence as it was written before it was appended piece by piece.
    static func interpolatedLead(_ rule: TRDRule) -> String {
        switch rule.definition {
        case .fda:
            "≥ \(rule.needed) adequate oral antidepressant trials without adequate response "
                + "(< \(TrialText.oneDecimal(rule.first)) % improvement) in the current episode; "
                + "FDA wording read only in secondary sources"
        case .euPearl:
            "≥ \(rule.needed) treatments with < \(TrialText.oneDecimal(rule.first)) % improvement at adequate dose for "
                + "≥ \(TrialText.oneDecimal(rule.second)) weeks; stopping before week \(TrialText.oneDecimal(rule.second)) is not a failure; "
                + "bipolar depression excluded"
        case .canadian:
            "failure of \(rule.needed) adequately dosed, evidence-supported trials (non-response = "
                + "< \(TrialText.oneDecimal(rule.first)) % improvement; ≥ \(TrialText.oneDecimal(rule.second)) weeks at adequate dose)"
        case .karolinska:
            "a third sequential treatment trial of more than \(Int(rule.first) - 1) days (antidepressants, add-on agents, ECT, rTMS), "
                + "whatever the dose or outcome"
        }
    }

    @Test func theAppendedRuleSentenceEqualsTheInterpolatedOne() {
        let definitions: [TRDRule.Definition] = [.fda, .euPearl, .canadian, .karolinska]
        for definition in definitions {
            for needed in [0, 1, 2, 3, 12] {
                for first in [0, 1, 25, 29, 31, 50, 49.95, 12.34, -3] as [Double] {
                    for second in [0, 4, 6, 8.5, 10.25] as [Double] {
                        let rule = TRDRule(definition: definition, needed: needed, first: first, second: second)
                        #expect(rule.lead == Self.interpolatedLead(rule))
                        var text = "prefix "
                        rule.appendLead(to: &text)
                        #expect(text == "prefix " + Self.interpolatedLead(rule))
                    }
                }
            }
        }
    }
}
