// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// The planner's fixed "Why here" sentences are data (`plan-options.json`, `reasons` and
/// `reasonSuffixes`), each with sources, not code.
@Suite struct PlanReasonWordingTests {
    typealias F = SafetyPlanFixtures

    /// Every entry has text and cites at least one source the knowledge base defines.
    static func expectCited(_ entries: [(key: String, text: SourcedText)]) throws {
        let registry = try KnowledgeIntegrityTests.registry()
        for (key, entry) in entries {
            #expect(!entry.text.isEmpty, "\(key) has no text")
            #expect(!entry.sources.isEmpty, "\(key) cites no source")
            for id in entry.sources { #expect(registry[id] != nil, "\(key) cites unknown source \(id)") }
        }
    }

    static func plan(_ knowledge: KnowledgeBase) -> [PlanOption] {
        let record = PlannerTests.twoFailureRecord
        let report = F.report(record, trials: PlannerTests.twoFailures, measurements: PlannerTests.depressed)
        return Planner.plan(report, record: record, context: F.context(asOf: F.asOf), knowledge: knowledge)
    }

    @Test func everySentenceHasTextAndCitesSourcesTheKnowledgeBaseDefines() throws {
        let file = try PlanCautionWordingTests.planFile()
        let all = file.reasons.all + file.reasonSuffixes.all
        #expect(file.reasons.all.count == FixedReason.allCases.count)
        #expect(file.reasonSuffixes.all.count == PlanCandidates.Reason.Suffix.allCases.count - 1)
        try Self.expectCited(all)
        for (key, sentence) in all {
            #expect(!sentence.text.hasPrefix(" ") && sentence.text.hasSuffix("."), "\(key): \(sentence.text)")
        }
    }

    @Test func theBundledSentencesReadAsBefore() throws {
        let plan = Self.plan(F.knowledge)
        let rtms = try #require(plan.first { $0.id == "refer-rtms" })
        #expect(rtms.rationale.hasSuffix(" rTMS is first line for TRD (CANMAT 2023)."))
        let file = try PlanCautionWordingTests.planFile()
        #expect(file.reasons.psychoticECT.text == "psychotic features: ECT is first line for psychotic depression (CANMAT 2023).")
    }

    @Test func changingTheFileChangesTheRationale() throws {
        var file = try PlanCautionWordingTests.planFile()
        file.reasonSuffixes.rtms = SourcedText(text: "Edited rTMS sentence.", sources: ["canmat-2023"])
        var knowledge = F.knowledge
        knowledge.plan = PlanCatalog(file: file)
        let rtms = try #require(Self.plan(knowledge).first { $0.id == "refer-rtms" })
        #expect(rtms.rationale.hasSuffix(". Edited rTMS sentence."))
        #expect(!rtms.rationale.contains("(CANMAT 2023)."))
    }

    @Test func anOptionBuiltOutsideThePlannerKeepsItsOwnRationale() {
        let option = PlanOption(
            id: "x", title: "X", category: "switch", rank: 1, rationale: "Given by hand.",
            evidence: PlanEvidence(guideline: "CANMAT 2023", line: nil, level: nil), cautions: [], sources: [], rule: "x")
        #expect(option.rationale == "Given by hand.")
    }
}

/// The safety flags' recommended actions are data too (`plan-options.json`, `safety.flagActions`).
@Suite struct SafetyFlagActionWordingTests {
    typealias F = SafetyPlanFixtures

    static func flags(_ record: PatientRecord, _ knowledge: KnowledgeBase) -> [SafetyFlag] {
        SafetyScreen.evaluate(record, measurements: [], context: F.context(), knowledge: knowledge)
    }

    @Test func everyActionHasTextAndCitesKnownSources() throws {
        try PlanReasonWordingTests.expectCited(F.knowledge.plan.safety.flagActions.all)
    }

    @Test func eachFlagTakesItsActionFromTheFile() throws {
        var file = try PlanCautionWordingTests.planFile()
        file.safety.flagActions.suicideHigh = SourcedText(text: "Edited suicide action.", sources: ["cssrs-triage-guidelines"])
        file.safety.flagActions.bipolar = SourcedText(text: "Edited bipolar action.", sources: ["canmat-isbd-2023"])
        file.safety.flagActions.psychoticFeatures = SourcedText(text: "Edited psychosis action.", sources: ["canmat-2023"])
        var knowledge = F.knowledge
        knowledge.plan = PlanCatalog(file: file)
        let record = PatientRecord(
            id: "p",
            conditions: [
                Condition(code: "R45.851", system: .icd10), Condition(code: "F31.81", system: .icd10),
                Condition(code: "F20.9", system: .icd10),
            ])
        let bundled = Self.flags(record, F.knowledge)
        #expect(bundled.first { $0.id == "suicide-risk" }?.action == F.knowledge.plan.safety.flagActions.suicideHigh.text)
        let edited = Self.flags(record, knowledge)
        #expect(edited.first { $0.id == "suicide-risk" }?.action == "Edited suicide action.")
        #expect(edited.first { $0.id == "bipolar-signal" }?.action == "Edited bipolar action.")
        #expect(edited.first { $0.id == "psychotic-features" }?.action == "Edited psychosis action.")
    }
}

/// The monitoring items' candidate actions are data (`plan-options.json`, `monitoring.actions`).
@Suite struct MonitoringActionWordingTests {
    typealias F = SafetyPlanFixtures

    @Test func everyActionHasTextAndCitesKnownSources() throws {
        try PlanReasonWordingTests.expectCited(F.knowledge.plan.monitoring.actions.all)
    }

    @Test(arguments: [(5, "Edited remission."), (7, "Edited partial."), (12, "Edited non-response.")])
    func theSTARDActionComesFromTheFile(score: Int, expected: String) throws {
        var file = try PlanCautionWordingTests.planFile()
        file.monitoring.actions.stardRemission = SourcedText(text: "Edited remission.", sources: ["stard-cdp-table"])
        file.monitoring.actions.stardPartial = SourcedText(text: "Edited partial.", sources: ["stard-cdp-table"])
        file.monitoring.actions.stardNonResponse = SourcedText(text: "Edited non-response.", sources: ["stard-cdp-table"])
        var knowledge = F.knowledge
        knowledge.plan = PlanCatalog(file: file)
        let scores = [F.scored("qids-sr16", "2026-09-01", total: 16), F.scored("qids-sr16", "2026-10-13", total: score)]
        let items = MonitoringRules.evaluate(
            MonitoringTests.onSertraline, measurements: scores, trials: [], context: F.context(asOf: F.day("2026-10-13")),
            knowledge: knowledge)
        let item = try #require(items.first { $0.id == "stard-cdp" })
        #expect(item.message.hasSuffix(" " + expected))
    }
}
