// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import StepwiseCore

/// The report types' public initialisers (relabelled so the engine can use the compiler's
/// memberwise ones) build the same values, with the same JSON, as the engine's path.
@Suite struct ReportInitialiserTests {
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func aChecklistItemBuiltByCallersEqualsTheEngineOneAndKeepsItsJSONKeys() throws {
        let public_ = ChecklistItem(
            check: "thyroid", title: "Thyroid dysfunction", status: "present", evidence: ["TSH 6.2 mIU/L"],
            suggestion: "Repeat TSH.", source: "canmat-2023", rule: "pseudo-thyroid")
        var engine = ChecklistItem(
            id: "thyroid", title: "Thyroid dysfunction", status: "present", evidence: [], suggestion: "Repeat TSH.",
            source: "canmat-2023", rule: "pseudo-thyroid")
        engine.$evidence = Deferred { ["TSH 6.2 mIU/L"] }
        #expect(public_ == engine)
        #expect(try Self.json(public_) == Self.json(engine))
        #expect(
            try Self.json(public_)
                == #"{"evidence":["TSH 6.2 mIU\/L"],"id":"thyroid","rule":"pseudo-thyroid","source":"canmat-2023","status":"present","suggestion":"Repeat TSH.","title":"Thyroid dysfunction"}"#
        )
    }

    @Test func theEngineChecklistMatchesItemsBuiltFromTheCatalogueTemplates() throws {
        // Every item of an assessed checklist keeps its check's id, title and rule.
        let knowledge = try KnowledgeBase.bundled()
        let record = PatientRecord(id: "p1")
        let report = try Assessor(knowledge: knowledge).assess(record, asOf: #require(LocalDate("2026-11-21")))
        let checks = knowledge.conditions.checks
        #expect(report.pseudoResistance.count == checks.count)
        for (item, check) in zip(report.pseudoResistance, checks) {
            #expect(item.id == check.id)
            #expect(item.title == check.title)
            #expect(item.rule == check.id)
            #expect(item.$evidence.isDeferred)
        }
    }

    @Test func aTrialOutcomeBuiltByCallersEqualsTheMemberwiseOneWithoutPeakOrLoss() throws {
        let baseline = ScorePoint(date: try #require(LocalDate("2026-01-05")), score: 20)
        let endpoint = ScorePoint(date: try #require(LocalDate("2026-03-02")), score: 9)
        let public_ = TrialOutcome(
            class: "response", percentChange: -55, instrument: "phq9", baseline: baseline, endpoint: endpoint,
            basis: "scores", explanation: "phq9 20 → 9 (-55.0 %): response")
        var engine = TrialOutcome(
            class: "response", percentChange: -55, instrument: "phq9", baseline: baseline, endpoint: endpoint,
            basis: "scores", explanation: "", peakPercentChange: nil, lostResponse: nil)
        engine.$explanation = Deferred { "phq9 20 → 9 (-55.0 %): response" }
        #expect(public_ == engine)
        #expect(try Self.json(public_) == Self.json(engine))
        #expect(public_.peakPercentChange == nil && public_.lostResponse == nil)
        let withPeak = TrialOutcome(
            class: "non-response", percentChange: -10, instrument: "phq9", baseline: baseline, endpoint: endpoint,
            basis: "scores", explanation: "", peakPercentChange: -60, lostResponse: true)
        #expect(try Self.json(withPeak).contains(#""lostResponse":true"#))
        #expect(try Self.json(withPeak).contains(#""peakPercentChange":-60"#))
    }

    @Test func aReportBuiltByCallersEqualsTheMemberwiseOneAndKeepsItsJSONKeys() throws {
        let date = try #require(LocalDate("2026-11-21"))
        let patient = PatientSummary(id: "p1", age: 40, sex: nil)
        let public_ = AssessmentReport(assessedOn: date, profile: "mgh-atrq", knowledgeVersion: "k", patient: patient)
        let engine = AssessmentReport(
            asOf: date, profile: "mgh-atrq", knowledgeVersion: "k", patient: patient, safety: [], measurements: [],
            trials: [], trd: [], staging: StagingResult(), pseudoResistance: [], monitoring: [], plan: [], issues: [])
        #expect(public_ == engine)
        #expect(try Self.json(public_) == Self.json(engine))
        #expect(try Self.json(public_).hasPrefix(#"{"asOf":"2026-11-21","issues":[]"#))
    }
}
