// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// The planner's chronic-episode threshold (CBASP is offered when the current episode has lasted more than
/// `monitoring.chronicEpisodeMonths` completed months) is knowledge data, and its sentence names the value.
@Suite struct ChronicEpisodeThresholdTests {
    typealias F = SafetyPlanFixtures

    static func cbasp(onset: String, knowledge: KnowledgeBase = F.knowledge) -> PlanOption? {
        var record = PlannerTests.twoFailureRecord
        record.episode = Episode(onset: F.day(onset))
        let report = F.report(record, trials: PlannerTests.twoFailures, measurements: PlannerTests.depressed)
        let plan = Planner.plan(report, record: record, context: F.context(), knowledge: knowledge)
        return plan.first { $0.id == "psychotherapy-cbasp" }
    }

    @Test func theBundledThresholdIs24MonthsWithASource() {
        let months = F.knowledge.plan.monitoring.chronicEpisodeMonths
        #expect(months.value == 24)
        #expect(months.sources.contains("project-decision-chronic-episode"))
    }

    @Test(arguments: [
        // As of 2026-11-21: exactly 24 completed months is not chronic; 25 is.
        ("2024-11-21", false), ("2024-10-22", false), ("2024-10-21", true), ("2023-01-01", true), ("2026-01-01", false),
    ])
    func cbaspIsOfferedOnlyAfterMoreThan24CompletedMonths(onset: String, offered: Bool) throws {
        let option = Self.cbasp(onset: onset)
        #expect((option != nil) == offered)
        if let option { #expect(option.rationale.contains("current episode longer than 24 months (chronic depression).")) }
    }

    @Test func changingTheFileMovesTheThresholdAndTheSentence() throws {
        var file = try PlanCautionWordingTests.planFile()
        file.monitoring.chronicEpisodeMonths = Sourced(12, sources: ["project-decision-chronic-episode"])
        var knowledge = F.knowledge
        knowledge.plan = PlanCatalog(file: file)
        let option = try #require(Self.cbasp(onset: "2025-10-21", knowledge: knowledge))
        #expect(option.rationale.contains("current episode longer than 12 months"))
        #expect(Self.cbasp(onset: "2025-11-21", knowledge: knowledge) == nil)
    }
}
