// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// The esketamine label contraindicates a *history* of intracerebral haemorrhage: a resolved
/// haemorrhage still blocks the referral; only a ruled-out diagnosis does not.
@Suite struct EsketamineContraindicationTests {
    typealias F = SafetyPlanFixtures

    static func esketamineReferral(haemorrhage status: Condition.Status?) throws -> PlanOption {
        var record = PlannerTests.twoFailureRecord
        record.conditions = [
            Condition(code: "I61.9", system: .icd10, display: "Intracerebral haemorrhage", status: status)
        ]
        let plan = F.report(record, trials: PlannerTests.twoFailures, measurements: PlannerTests.depressed).plan
        return try #require(plan.first { $0.id == "refer-esketamine" })
    }

    static func isBlocked(_ option: PlanOption) -> Bool {
        option.cautions.contains { $0.hasPrefix("Blocking: ") }
    }

    @Test func aResolvedHaemorrhageStillBlocksTheEsketamineReferral() throws {
        #expect(Self.isBlocked(try Self.esketamineReferral(haemorrhage: .resolved)))
    }

    @Test func anActiveOrUnstatedHaemorrhageBlocksTheEsketamineReferral() throws {
        #expect(Self.isBlocked(try Self.esketamineReferral(haemorrhage: .active)))
        #expect(Self.isBlocked(try Self.esketamineReferral(haemorrhage: nil)))
    }

    @Test func aRuledOutHaemorrhageDoesNotBlockTheEsketamineReferral() throws {
        #expect(!Self.isBlocked(try Self.esketamineReferral(haemorrhage: .ruledOut)))
    }
}
