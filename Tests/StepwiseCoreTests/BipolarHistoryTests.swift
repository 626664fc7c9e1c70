// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import StepwiseCore

/// QA finding F14 (safety): bipolar disorder is lifelong. A bipolar diagnosis recorded as resolved
/// still counts as a history — the bipolar-spectrum check is present and the bipolar signal is
/// raised (so the plan keeps away from antidepressant monotherapy); only "ruled-out" makes it absent.
@Suite struct BipolarHistoryTests {
    static func report(status: String, code: String? = "F31.81", category: String? = nil) throws -> AssessmentReport {
        var condition = ["\"display\": \"Bipolar II disorder\"", "\"status\": \"\(status)\"", "\"date\": \"2019-03-01\""]
        if let code { condition += ["\"code\": \"\(code)\"", "\"system\": \"icd10\""] }
        if let category { condition.append("\"category\": \"\(category)\"") }
        let json = """
            {"id": "bp-resolved", "episode": {"onset": "2026-06-01", "diagnosis": {"code": "F32.1", "system": "icd10"}},
             "conditions": [{\(condition.joined(separator: ", "))}],
             "trials": [{"id": "t1", "agent": "sertraline", "start": "2026-06-10", "doses": [{"from": "2026-06-10", "mgPerDay": 100}]}]}
            """
        let record = try JSONDecoder().decode(PatientRecord.self, from: Data(json.utf8))
        return try TrialTestKit.assess(record)
    }

    static func bipolarCheck(_ report: AssessmentReport) throws -> ChecklistItem {
        try #require(report.pseudoResistance.first { $0.id == "bipolar-spectrum" })
    }

    @Test func theQARecordWithAResolvedBipolarIIDiagnosisKeepsTheSignal() throws {
        let report = try Self.report(status: "resolved")
        let signal = try #require(report.safety.first { $0.id == "bipolar-signal" })
        #expect(signal.level == "high")
        #expect(signal.evidence == ["History: Bipolar II disorder (resolved on 2019-03-01)"])
        let check = try Self.bipolarCheck(report)
        #expect(check.status == "present")
        #expect(check.evidence.contains("History: Bipolar II disorder (F31.81) (resolved on 2019-03-01)"))
        // The planner reads the signal: the mood-stabiliser route is offered.
        #expect(report.plan.contains { $0.id == "bipolar-mood-stabiliser" })
    }

    @Test(arguments: [("active", true), ("resolved", true), ("ruled-out", false)])
    func onlyARuledOutBipolarDiagnosisIsAbsent(_ status: String, _ present: Bool) throws {
        for (code, category) in [("F31.81", nil), (nil, "bipolar")] as [(String?, String?)] {
            let report = try Self.report(status: status, code: code, category: category)
            #expect(report.safety.contains { $0.id == "bipolar-signal" } == present)
            #expect(try Self.bipolarCheck(report).status == (present ? "present" : "absent"))
            #expect(report.plan.contains { $0.id == "bipolar-mood-stabiliser" } == present)
        }
    }

    @Test func onlyTheBipolarCheckCountsResolvedDiagnoses() throws {
        let knowledge = try TrialTestKit.knowledge()
        let counting = knowledge.conditions.checks.filter { $0.countsWhenResolved?.value == true }.map(\.id)
        #expect(counting == ["bipolar-spectrum"])
        let rule = try #require(knowledge.conditions.checks.first { $0.id == "bipolar-spectrum" }?.countsWhenResolved)
        #expect(rule.sources == ["project-decision-bipolar-lifelong"])
    }

    @Test func aResolvedPsychoticDisorderStaysAnAbsentJudgement() throws {
        let json = """
            {"id": "psy", "episode": {"onset": "2026-06-01", "diagnosis": {"code": "F32.1", "system": "icd10"}},
             "conditions": [{"code": "F23", "system": "icd10", "status": "resolved", "date": "2019-03-01"}]}
            """
        let record = try JSONDecoder().decode(PatientRecord.self, from: Data(json.utf8))
        let report = try TrialTestKit.assess(record)
        #expect(!report.safety.contains { $0.id == "psychotic-features" })
        #expect(report.pseudoResistance.first { $0.id == "psychotic-features" }?.status != "present")
    }
}
