// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import StepwiseCore

/// `PlanOption.blocked`: a structured mark for options a safety check blocks, consistent with the
/// "Blocking: …" caution and the ranking, and carried through JSON.
@Suite struct PlanBlockedTests {
    typealias F = SafetyPlanFixtures

    static func plans() -> [(String, [PlanOption])] {
        let depressed = PlannerTests.depressed
        let record = PlannerTests.twoFailureRecord
        let trials = PlannerTests.twoFailures
        var aneurysm = record
        aneurysm.conditions = [Condition(code: "I71.4", system: .icd10, display: "Abdominal aortic aneurysm")]
        var historyOfHaemorrhage = record
        historyOfHaemorrhage.conditions = [Condition(code: "I69.10", system: .icd10)]
        return [
            ("two failures", F.report(record, trials: trials, measurements: depressed).plan),
            ("bipolar screen", F.report(record, trials: trials, measurements: depressed + [F.scored("mdq", "2026-06-01", total: 9, flags: ["screen-positive"])]).plan),
            ("aortic aneurysm", F.report(aneurysm, trials: trials, measurements: depressed).plan),
            ("sequelae of intracerebral haemorrhage", F.report(historyOfHaemorrhage, trials: trials, measurements: depressed).plan),
        ]
    }

    @Test func blockedMatchesTheBlockingCautionAndSinksBelowEveryOpenOption() {
        var blockedSeen = 0
        for (name, plan) in Self.plans() {
            for option in plan {
                let cautioned = option.cautions.contains { $0.hasPrefix("Blocking: ") }
                #expect(option.blocked == cautioned, "\(name): \(option.id)")
                if option.blocked { blockedSeen += 1 }
            }
            if let firstBlocked = plan.firstIndex(where: { $0.blocked }) {
                #expect(plan[firstBlocked...].allSatisfy { $0.blocked }, "\(name): an open option ranks below a blocked one")
            }
        }
        #expect(blockedSeen >= 3)
    }

    @Test func esketamineIsBlockedByAnAneurysmOrAHistoryOfHaemorrhageOnly() throws {
        let plans = Dictionary(uniqueKeysWithValues: Self.plans())
        #expect(try #require(plans["two failures"]?.first { $0.id == "refer-esketamine" }).blocked == false)
        #expect(try #require(plans["aortic aneurysm"]?.first { $0.id == "refer-esketamine" }).blocked)
        #expect(try #require(plans["sequelae of intracerebral haemorrhage"]?.first { $0.id == "refer-esketamine" }).blocked)
    }

    @Test func blockedIsEncodedAndOlderReportsWithoutItDecodeAsOpen() throws {
        let plan = try #require(Dictionary(uniqueKeysWithValues: Self.plans())["bipolar screen"])
        let blocked = try #require(plan.first { $0.blocked })
        let data = try JSONEncoder().encode(blocked)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["blocked"] as? Bool == true)
        #expect(try JSONDecoder().decode(PlanOption.self, from: data) == blocked)

        var legacy = object
        legacy.removeValue(forKey: "blocked")
        let old = try JSONDecoder().decode(PlanOption.self, from: try JSONSerialization.data(withJSONObject: legacy))
        #expect(old.blocked == false)
        #expect(old.cautions == blocked.cautions)
    }

    /// Augmenting or optimising keeps the current antidepressant: with a bipolar signal it is not blocked,
    /// but carries a CANMAT/ISBD caution; without the signal it does not.
    @Test func augmentingTheCurrentAntidepressantWithABipolarSignalIsCautionedNotBlocked() throws {
        let plans = Dictionary(uniqueKeysWithValues: Self.plans())
        let bipolar = try #require(plans["bipolar screen"])
        let definitions = F.knowledge.plan
        // Augmenting with a second antidepressant (bupropion, mirtazapine) adds one and stays blocked.
        let kept = bipolar.filter {
            ($0.category == "augment" || $0.category == "optimise") && definitions.option($0.id)?.addsAntidepressant != true
        }
        #expect(!kept.isEmpty)
        for option in kept {
            #expect(!option.blocked, "\(option.id)")
            #expect(option.cautions.first?.hasPrefix("Bipolar signal: this keeps the current antidepressant") == true, "\(option.id)")
            #expect(option.sources.contains("canmat-isbd-2023"), "\(option.id)")
        }
        let plain = try #require(plans["two failures"])
        #expect(!plain.contains { $0.cautions.contains { $0.hasPrefix("Bipolar signal") } })
    }
}
