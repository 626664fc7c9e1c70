// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// The planner reads which of its checks each checklist item is from a table built once per
/// condition catalogue; it must be what matching the item's id by name gives, and a checklist
/// that is not the catalogue's own (reordered, renamed) is matched by name.
@Suite struct PlanCheckTableTests {
    @Test func theTableGivesWhatMatchingTheIdGives() throws {
        let catalog = try TrialTestKit.knowledge().conditions
        let templates = catalog.itemTemplates
        #expect(templates.count == catalog.plannerChecks.count)
        var found = 0
        for (index, template) in templates.enumerated() {
            let expected = PlanFacts.Check.matching(template.id)
            #expect(PlanFacts.Check(rawValue: Int(catalog.plannerChecks[index])) == expected)
            if expected != nil { found += 1 }
        }
        // Every planner check is in the catalogue.
        #expect(found == 12)
    }

    @Test(arguments: [false, true])
    func factsFromAReorderedChecklistEqualFactsFromTheCatalogueOrder(_ reversed: Bool) throws {
        let knowledge = try TrialTestKit.knowledge()
        let context = try TrialTestKit.context()
        let record = PatientRecord(
            id: "checks",
            trials: [try TrialTestKit.trial("t1", "sertraline", mg: 25, days: 20)],
            findings: [ClinicalFinding(check: "thyroid", status: .present)])
        var report = try TrialTestKit.assess(record)
        if reversed { report.pseudoResistance.reverse() }
        let lookups = knowledge.plan.memo.lookups(knowledge, keyed: knowledge.plan.keyed)
        let facts = PlanFacts(report: report, record: record, context: context, knowledge: knowledge, lookups: lookups)
        for check in [PlanFacts.Check.nonAdherence, .inadequateDose, .inadequateDuration, .thyroid, .sleepApnea,
            .vitaminD, .substanceUse, .anxiety, .adhd, .ptsd, .personalityDisorder, .psychotherapyNotTried]
        {
            let byName = report.pseudoResistance.last { PlanFacts.Check.matching($0.id) == check }
            #expect(facts.item(check)?.id == byName?.id)
            #expect(facts.status(check) == byName?.status)
        }
        #expect(facts.status(.thyroid) == "present")
        #expect(facts.hasGaps == (facts.otherGaps > 0 || (facts.hasMedicationTrials && facts.trialGaps > 0)))
    }
}
