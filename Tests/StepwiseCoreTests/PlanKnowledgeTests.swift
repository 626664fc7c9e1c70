// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// Every id the checklist, safety screen, monitoring and planner can emit has an explain entry,
/// and the plan and condition catalogues are complete.
@Suite struct PlanKnowledgeTests {
    typealias F = SafetyPlanFixtures

    static let checkIDs = [
        "inadequate-dose", "inadequate-duration", "non-adherence", "bipolar-spectrum", "adhd", "ptsd", "thyroid",
        "sleep-apnea", "vitamin-d", "substance-use", "anxiety", "personality-disorder", "psychotic-features",
        "psychotherapy-not-tried",
    ]
    static let safetyIDs = ["suicide-risk", "bipolar-signal", "psychotic-features"]
    static let monitoringIDs = [
        "trajectory", "treat-to-target", "early-improvement", "stard-cdp", "overdue-measure", "relapse-sign",
        "lithium-monitoring", "t3-monitoring",
    ]

    @Test(arguments: checkIDs + safetyIDs + monitoringIDs + ["plan-ranking", "condition-codes"])
    func everyEmittedIdHasAnExplanation(id: String) throws {
        let rule = try #require(F.knowledge.rules.rule(id), "no explain entry for \(id)")
        #expect(!rule.text.isEmpty)
        #expect(!rule.sources.isEmpty)
    }

    @Test func everyCatalogueOptionHasAnExplanation() {
        #expect(F.knowledge.plan.options.count >= 40)
        for option in F.knowledge.plan.options {
            #expect(F.knowledge.rules.rule(option.id)?.kind == "option", "\(option.id)")
        }
    }

    @Test func everyOptionThePlannerCanProposeIsCatalogued() {
        let proposed = PlanCandidates.augmentations + [
            "suicide-safety-plan", "refer-ect", "psychotic-depression-combination", "higher-level-of-care",
            "bipolar-mood-stabiliser", "relapse-prevention-plan", "maintenance-continue", "optimise-dose", "extend-duration",
            "address-adherence", "assess-pseudo-resistance-gaps", "treat-thyroid", "treat-sleep-apnea", "treat-vitamin-d",
            "treat-substance-use", "treat-anxiety", "treat-adhd", "psychotherapy-trauma-focused", "psychotherapy-act-dbt",
            "psychiatric-consultation", "psychotherapy-add", "start-antidepressant", "psychotherapy-intensify", "switch-between-class",
            "switch-within-class", "refer-rtms", "refer-esketamine", "refer-iv-ketamine", "combine-antidepressants",
            "switch-tca", "switch-maoi", "pharmacogenetic-testing", "psychotherapy-cbasp", "sleep-cbt-i",
            "sleep-light-therapy", "psychotherapy-family-couples",
        ]
        for id in proposed {
            #expect(F.knowledge.plan.option(id) != nil, "\(id) is not in plan-options.json")
        }
    }

    @Test func drugOptionsNameCataloguedDrugs() {
        for option in F.knowledge.plan.options {
            guard let agent = option.agent else { continue }
            let drug = F.knowledge.drugs.drug(named: agent)
            #expect(drug?.name == agent, "\(option.id) names \(agent)")
            // Adjunct grades are written in plan-options.json for speed; they must match the drug catalogue.
            if option.category == "augment" || option.category == "ketamine" {
                #expect(option.evidence?.line == drug?.canmatAdjunct?.line, "\(option.id) line")
                #expect(option.evidence?.level == drug?.canmatAdjunct?.level, "\(option.id) level")
            }
        }
    }

    @Test func theChecklistCataloguesExactlyTheStableIds() {
        #expect(F.knowledge.conditions.checks.map(\.id) == Self.checkIDs)
    }

    @Test func everyScreenedInstrumentExists() {
        for check in F.knowledge.conditions.checks {
            for screen in check.screens {
                #expect(F.knowledge.instruments.instrument(screen.instrument) != nil, "\(screen.instrument)")
            }
        }
    }
}
