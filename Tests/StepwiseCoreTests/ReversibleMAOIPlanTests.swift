// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// The planner with a reversible MAO-A inhibitor (moclobemide): adding a serotonergic drug or
/// bupropion to it is contraindicated (blocking); switching away from it needs its 1-day washout.
@Suite struct ReversibleMAOIPlanTests {
    typealias F = SafetyPlanFixtures

    static let depressed = PlannerTests.depressed

    /// Two failed trials, then moclobemide from 2026-10-01 (ending `end`, or ongoing).
    static func moclobemide(end: String? = nil) -> (record: PatientRecord, trials: [TrialAssessment]) {
        var record = PlannerTests.twoFailureRecord
        record.trials[1].end = F.day("2026-09-10")
        record.trials.append(F.recordTrial("t3", agent: "moclobemide", start: "2026-10-01", end: end, mg: 600))
        let trials = PlannerTests.twoFailures + [F.trial("t3", agent: "moclobemide", start: "2026-10-01", end: end)]
        return (record, trials)
    }

    @Test func addingASerotonergicDrugOrBupropionToACurrentMoclobemideIsBlocked() throws {
        let (record, trials) = Self.moclobemide()
        let plan = F.report(record, trials: trials, measurements: Self.depressed).plan
        var checked = 0
        for id in ["augment-mirtazapine", "augment-bupropion", "augment-lithium", "combine-antidepressants"] {
            guard let option = plan.first(where: { $0.id == id }) else { continue }
            checked += 1
            #expect(
                option.cautions.contains {
                    $0.hasPrefix("Blocking: moclobemide (a reversible MAO-A inhibitor) is current")
                        && $0.contains("wait at least 1 day")
                }, "\(id): \(option.cautions)")
            // The stronger caution replaces the serotonergic-combination one for moclobemide.
            #expect(!option.cautions.contains { $0.hasPrefix("Serotonergic combination with moclobemide") }, "\(id)")
            #expect(option.sources.contains("citalopram-swiss-label"), "\(id)")
        }
        #expect(checked >= 2, "too few add-on options to check: \(plan.map(\.id))")
        // Blocked options sink below every option that is not blocked.
        let firstBlocked = try #require(plan.firstIndex { $0.cautions.contains { $0.hasPrefix("Blocking: moclobemide") } })
        #expect(!plan[firstBlocked...].contains { !$0.cautions.contains { $0.hasPrefix("Blocking: ") } })
    }

    @Test func switchingAwayFromMoclobemideNamesTheWashoutWithoutBlocking() throws {
        let (record, trials) = Self.moclobemide()
        let plan = F.report(record, trials: trials, measurements: Self.depressed).plan
        let switching = try #require(plan.first { $0.category == "switch" && $0.id != "switch-maoi" })
        let caution = try #require(switching.cautions.first { $0.hasPrefix("moclobemide (a reversible MAO-A inhibitor) is current") })
        #expect(caution.contains("stop it and wait at least 1 day"))
        #expect(!switching.cautions.contains { $0.hasPrefix("Blocking: moclobemide") })
    }

    @Test func anAugmentingAgentThatIsNotSerotonergicIsNotFlagged() throws {
        let (record, trials) = Self.moclobemide()
        let plan = F.report(record, trials: trials, measurements: Self.depressed).plan
        let aripiprazole = try #require(plan.first { $0.id == "augment-aripiprazole" })
        #expect(!aripiprazole.cautions.contains { $0.contains("moclobemide") })
    }

    @Test(arguments: [("2026-11-21", true), ("2026-11-20", false), ("2026-10-15", false)])
    func moclobemideCountsUntilItsOneDayWashoutHasPassed(end: String, flagged: Bool) throws {
        // As of 2026-11-21 (the fixtures' date): ending today still counts as current; stopped
        // yesterday, the 1-day washout has passed.
        let (record, trials) = Self.moclobemide(end: end)
        let plan = F.report(record, trials: trials, measurements: Self.depressed).plan
        let flaggedOptions = plan.filter { $0.cautions.contains { $0.contains("moclobemide (a reversible MAO-A inhibitor)") } }
        #expect(flaggedOptions.isEmpty != flagged, "\(plan.map { ($0.id, $0.cautions) })")
    }

    @Test func aLongerWashoutInTheFileNamesAStoppedInhibitorUntilItPasses() throws {
        // With the bundled 1 day, a stopped inhibitor never reaches this caution (ending today counts
        // as current); a file with 3 days shows the stopped-washout wording without blocking.
        var file = try PlanCautionWordingTests.planFile()
        file.safety.reversibleMAOIWashoutAfterDays.value = 3
        var knowledge = F.knowledge
        knowledge.plan = PlanCatalog(file: file)
        let (record, trials) = Self.moclobemide(end: "2026-11-20")
        let context = F.context()
        var report = AssessmentReport(
            assessedOn: F.asOf, profile: context.profile.id, knowledgeVersion: "test", patient: PatientSummary(id: record.id))
        report.measurements = Self.depressed
        report.trials = trials
        report.monitoring = MonitoringRules.evaluate(
            record, measurements: Self.depressed, trials: trials, context: context, knowledge: knowledge)
        let plan = Planner.plan(report, record: record, context: context, knowledge: knowledge)
        let flagged = plan.filter {
            $0.cautions.contains(
                "Washout: moclobemide (a reversible MAO-A inhibitor) stopped on 2026-11-20 — do not start a serotonergic drug or bupropion before 2026-11-23."
            )
        }
        #expect(!flagged.isEmpty, "\(plan.map { ($0.id, $0.cautions) })")
        #expect(!flagged.contains { $0.cautions.contains { $0.hasPrefix("Blocking: moclobemide") } })
    }

    @Test func theWashoutAfterAReversibleInhibitorIsOneDayFromTheLabels() {
        let days = F.knowledge.plan.safety.reversibleMAOIWashoutAfterDays
        #expect(days.value == 1)
        #expect(days.sources.contains("citalopram-swiss-label"))
    }
}
