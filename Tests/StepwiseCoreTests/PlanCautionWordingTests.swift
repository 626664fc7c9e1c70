// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// The plan's patient-specific safety cautions are worded by `plan-options.json`, not by code.
@Suite struct PlanCautionWordingTests {
    typealias F = SafetyPlanFixtures

    static func planFile() throws -> PlanFile {
        try KnowledgeResource.load("plan-options", as: PlanFile.self)
    }

    /// Sertraline current and mirtazapine proposed as an add-on: the serotonergic caution applies.
    static func sertralinePlusMirtazapine(knowledge: KnowledgeBase) -> [PlanOption] {
        var record = PlannerTests.twoFailureRecord
        record.trials[1].end = F.day("2026-09-10")
        record.trials.append(F.recordTrial("t3", agent: "sertraline", start: "2026-09-15", mg: 200))
        let report = F.report(record, trials: PlannerTests.twoFailures, measurements: PlannerTests.depressed)
        return Planner.plan(report, record: record, context: F.context(asOf: F.asOf), knowledge: knowledge)
    }

    @Test func everyBundledTemplateUsesExactlyItsPlaceholders() throws {
        let texts = try Self.planFile().safety.cautionTexts
        for (key, template) in texts.all {
            let expected = try #require(SafetyCautionTexts.placeholders[key], "no placeholder list for \(key)")
            let used = TextTemplate.placeholders(in: template.text)
            #expect(Set(used) == expected, "\(key) uses \(used), expected \(expected.sorted())")
            #expect(!template.sources.isEmpty, "\(key) cites no source")
        }
        #expect(texts.all.count == SafetyCautionTexts.placeholders.count)
    }

    @Test func everyTemplateCitesSourcesTheKnowledgeBaseDefines() throws {
        let registry = try KnowledgeIntegrityTests.registry()
        for (key, template) in try Self.planFile().safety.cautionTexts.all {
            for id in template.sources {
                #expect(registry[id] != nil, "\(key) cites unknown source \(id)")
            }
        }
    }

    @Test func renderingReplacesNamedPartsAndLeavesUnknownOnesAsWritten() {
        #expect(TextTemplate.render("no parts here", ["drug": "x"]) == "no parts here")
        #expect(TextTemplate.render("{drug} then {days} days", ["drug": "fluoxetine", "days": "35"]) == "fluoxetine then 35 days")
        #expect(TextTemplate.render("{unknown} stays", ["drug": "x"]) == "{unknown} stays")
        #expect(TextTemplate.render("open { without close", ["drug": "x"]) == "open { without close")
        #expect(TextTemplate.render("{drug}{drug}", ["drug": "a"]) == "aa")
        #expect(TextTemplate.placeholders(in: "a {b} c {d}e {") == ["b", "d"])
    }

    @Test func theBundledWordingGivesTheDocumentedSerotonergicCaution() throws {
        let plan = Self.sertralinePlusMirtazapine(knowledge: F.knowledge)
        let mirtazapine = try #require(plan.first { $0.id == "augment-mirtazapine" })
        #expect(
            mirtazapine.cautions.contains(
                "Serotonergic combination with sertraline: watch for serotonin syndrome (agitation, tremor, hyperthermia), especially with triptans, tramadol, fentanyl or St John's wort."
            ))
        #expect(mirtazapine.sources.contains("prozac-label-2013"))
    }

    @Test func changingTheFileChangesTheCautionAndItsSources() throws {
        var file = try Self.planFile()
        file.safety.cautionTexts.serotonergic = SourcedText(
            text: "Edited wording for {drugs}.", sources: ["project-decision-serotonergic"])
        var knowledge = F.knowledge
        knowledge.plan = PlanCatalog(file: file)
        let plan = Self.sertralinePlusMirtazapine(knowledge: knowledge)
        let mirtazapine = try #require(plan.first { $0.id == "augment-mirtazapine" })
        #expect(mirtazapine.cautions.contains("Edited wording for sertraline."))
        #expect(!mirtazapine.cautions.contains { $0.hasPrefix("Serotonergic combination") })
        #expect(mirtazapine.sources.contains("project-decision-serotonergic"))
    }

    @Test func aBlockingCautionKeepsItsPrefixWhateverTheWording() throws {
        var file = try Self.planFile()
        file.safety.cautionTexts.currentMAOI = SourcedText(text: "{drug} is an MAOI; wait {days} days.", sources: ["zoloft-monograph"])
        var knowledge = F.knowledge
        knowledge.plan = PlanCatalog(file: file)
        var record = PlannerTests.twoFailureRecord
        record.trials[1].end = F.day("2026-09-10")
        record.trials.append(F.recordTrial("t3", agent: "tranylcypromine", start: "2026-10-01", mg: 30))
        let trials = PlannerTests.twoFailures + [F.trial("t3", agent: "tranylcypromine", start: "2026-10-01")]
        let report = F.report(record, trials: trials, measurements: PlannerTests.depressed)
        let plan = Planner.plan(report, record: record, context: F.context(asOf: F.asOf), knowledge: knowledge)
        let switching = try #require(plan.first { $0.id == "switch-between-class" })
        #expect(switching.blocked)
        #expect(switching.cautions.contains("Blocking: tranylcypromine is an MAOI; wait 14 days."))
    }
}
