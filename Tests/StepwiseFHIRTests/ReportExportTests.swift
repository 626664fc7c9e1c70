// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import StepwiseFHIR
import Testing

@Suite struct ReportExportTests {
    let exporter = FHIRReportExporter(knowledge: MappingFixtures.knowledge)

    /// A report with every section filled, as the engine writes it.
    static func sampleReport() -> (AssessmentReport, PatientRecord) {
        let asOf = MappingFixtures.day("2024-06-01")
        let record = PatientRecord(
            id: "p-lhc", sex: .female,
            measurements: [
                Measurement(
                    id: "QuestionnaireResponse/lhc-phq9-1", instrument: "phq9", date: MappingFixtures.day("2024-05-02"),
                    answers: [1, 1, 2, 1, 0, 1, 1, 0, 2]),
                Measurement(instrument: "madrs", date: MappingFixtures.day("2024-05-20"), total: 31),
            ])
        let report = AssessmentReport(
            assessedOn: asOf, profile: "mgh-atrq", knowledgeVersion: "2026.11.0", patient: PatientSummary(id: "p-lhc", age: 44, sex: .female),
            safety: [
                SafetyFlag(
                    id: "suicide-risk", level: "critical", title: "Suicide-risk signal",
                    evidence: ["PHQ-9 item 9 = 2 on 2024-05-02"], action: "Assess suicide risk today and make a safety plan.",
                    rule: "safety-suicide-item", sources: ["kroenke-2001"])
            ],
            measurements: [
                ScoredMeasurement(
                    instrument: "phq9", date: MappingFixtures.day("2024-05-02"), total: 9, band: "mild", flags: ["item9-positive"],
                    basis: "items"),
                ScoredMeasurement(instrument: "madrs", date: MappingFixtures.day("2024-05-20"), total: 31, band: "moderate", basis: "clinician-total"),
            ],
            trd: [
                TRDVerdict(
                    definition: "fda", title: "FDA (≥ 2 adequate trials)", met: true, countedTrials: ["sertraline-2023-06-01", "venlafaxine-2024-01-01"],
                    explanation: "Two adequate antidepressant trials without response in this episode.", sources: ["fda-2018"]),
                TRDVerdict(
                    definition: "eu-pearl-2022", title: "EU-PEARL 2022", met: false, countedTrials: [],
                    explanation: "Only one failure with < 25 % improvement.", sources: ["sforzini-2022"]),
            ],
            staging: StagingResult(
                thaseRush: ThaseRushStage(stage: 2, explanation: "Two failed classes.", sources: ["thase-rush-1997"]),
                maudsley: MaudsleyStage(
                    total: 8, band: "moderate", duration: 2, severity: 3, antidepressants: 2, augmentation: 1, ect: 0,
                    explanation: "Duration 13–24 months.", assumptions: ["Severity from the diagnosis code."], sources: ["fekadu-2009"]),
                mgh: MGHStage(score: 2.5, explanation: "2 failures + 0.5 augmentation.", sources: ["fava-2003"])),
            pseudoResistance: [
                ChecklistItem(
                    check: "thyroid", title: "Thyroid dysfunction", status: "present", evidence: ["TSH 6.2 mIU/L on 2023-07-01"],
                    suggestion: "Repeat TSH and free T4.", source: "canmat-2023", rule: "pseudo-thyroid"),
                ChecklistItem(
                    check: "sleep-apnea", title: "Sleep apnoea", status: "not-assessed", evidence: [], suggestion: "Screen with STOP-Bang.",
                    source: "canmat-2023", rule: "pseudo-sleep-apnea"),
                ChecklistItem(
                    check: "bipolar-spectrum", title: "Bipolar spectrum", status: "absent", evidence: ["F31.81 ruled out"], suggestion: nil,
                    source: "canmat-2023", rule: "pseudo-bipolar"),
            ],
            monitoring: [
                MonitoringItem(
                    id: "treat-to-target", level: "warning", message: "No 50 % improvement after 10 weeks.", evidence: ["PHQ-9 17 → 15"],
                    rule: "mbc-treat-to-target", sources: ["canmat-2023"])
            ],
            plan: [
                PlanOption(
                    id: "augment-aripiprazole", title: "Augment with aripiprazole", category: "augment", rank: 2,
                    rationale: "Partial response to an adequate SNRI trial.", evidence: PlanEvidence(guideline: "CANMAT 2023", line: "first", level: "1"),
                    cautions: ["Akathisia."], sources: ["canmat-2023"], rule: "plan-augment"),
                PlanOption(
                    id: "safety-plan", title: "Safety plan", category: "safety", rank: 1, rationale: "Positive item 9.",
                    evidence: PlanEvidence(guideline: "CANMAT 2023"), cautions: [], sources: ["canmat-2023"], rule: "plan-safety"),
            ])
        return (report, record)
    }

    var bundle: R4.Bundle {
        let (report, record) = Self.sampleReport()
        return exporter.bundle(report: report, record: record)
    }

    func resources<T>(_ extract: (R4.Resource) -> T?) -> [T] { (bundle.entry ?? []).compactMap { $0.resource.flatMap(extract) } }

    var observations: [R4.Observation] { resources { if case .observation(let o) = $0 { o } else { nil } } }

    func observation(_ stepwiseCode: String) -> R4.Observation? {
        observations.first { $0.code.coding?.contains { $0.system == FHIRSystem.stepwise && $0.code == stepwiseCode } ?? false }
    }

    @Test func theBundleIsACollectionWithOneEntryPerFinding() {
        #expect(bundle.type == "collection")
        // 2 scores + 3 staging + 2 TRD + 1 safety + 3 checks + 1 present-check issue + 1 monitoring + 1 care plan.
        #expect(bundle.entry?.count == 14)
        #expect((bundle.entry ?? []).allSatisfy { $0.fullUrl?.hasPrefix("urn:uuid:") ?? false })
    }

    @Test func scoresCarryTheLoincTotalCodeWhereConfirmed() throws {
        let phq9 = try #require(observation("score-phq9"))
        #expect(phq9.code.coding?.contains { $0.system == FHIRSystem.loinc && $0.code == "44261-6" } == true)
        #expect(phq9.valueInteger == 9)
        #expect(phq9.effectiveDateTime == "2024-05-02")
        #expect(phq9.derivedFrom?.first?.reference == "QuestionnaireResponse/lhc-phq9-1")
        let madrs = try #require(observation("score-madrs"))
        #expect(madrs.code.coding?.contains { $0.system == FHIRSystem.loinc } == false)
        #expect(madrs.derivedFrom == nil)
    }

    @Test func stagingAndVerdictsUseTheStepwiseCodeSystem() throws {
        #expect(observation("thase-rush-stage")?.valueInteger == 2)
        let msm = try #require(observation("maudsley-total"))
        #expect(msm.valueInteger == 8)
        #expect(msm.component?.count == 5)
        #expect(msm.component?.first { $0.code.coding?.first?.code == "maudsley-severity" }?.valueInteger == 3)
        #expect(observation("mgh-score")?.valueQuantity?.value == 2.5)
        #expect(observation("trd-fda")?.valueBoolean == true)
        #expect(observation("trd-eu-pearl-2022")?.valueBoolean == false)
    }

    @Test func safetyFlagsBecomeHighSeverityDetectedIssues() throws {
        let issues: [R4.DetectedIssue] = resources { if case .detectedIssue(let d) = $0 { d } else { nil } }
        let suicide = try #require(issues.first { $0.code?.coding?.first?.code == "safety-suicide-risk" })
        #expect(suicide.severity == "high")
        #expect(suicide.detail?.contains("item 9") == true)
        #expect(issues.contains { $0.code?.coding?.first?.code == "pseudo-resistance-thyroid" })
        #expect(issues.count == 2)
    }

    @Test func nextStepOptionsAreADraftProposalCarePlanInRankOrder() throws {
        let plans: [R4.CarePlan] = resources { if case .carePlan(let p) = $0 { p } else { nil } }
        let plan = try #require(plans.first)
        #expect(plan.status == "draft")
        #expect(plan.intent == "proposal")
        let activities = try #require(plan.activity)
        #expect(activities.map { $0.detail?.code?.coding?.first?.code } == ["plan-safety-plan", "plan-augment-aripiprazole"])
        #expect(activities.allSatisfy { $0.detail?.status == "not-started" && $0.detail?.description != nil && $0.detail?.reasonCode != nil })
    }

    @Test func theSameReportExportsTheSameBytes() throws {
        let (report, record) = Self.sampleReport()
        let first = try exporter.encodedBundle(report: report, record: record)
        let second = try exporter.encodedBundle(report: report, record: record)
        #expect(first == second)
    }

    @Test(.enabled(if: FHIRPythonValidator.isAvailable, "python3 with fhir.resources is not installed: \(FHIRPythonValidator.pipLine)"))
    func everyExportedResourceIsValidR4BForFhirResources() throws {
        let bundle = self.bundle
        #expect(try FHIRPythonValidator.problems(in: FHIRJSON.encode(bundle)) == nil)
        for entry in bundle.entry ?? [] {
            guard let resource = entry.resource else { continue }
            let problems = try FHIRPythonValidator.problems(in: FHIRJSON.encode(resource))
            #expect(problems == nil, "\(resource.resourceType): \(problems ?? "")")
        }
    }

    @Test(.enabled(if: FHIRPythonValidator.isAvailable, "python3 with fhir.resources is not installed: \(FHIRPythonValidator.pipLine)"))
    func anAssessedSyntheaPatientExportsAValidBundle() throws {
        let result = try MappingFixtures.map("synthea-bundle.json", asOf: MappingFixtures.day("2024-07-01"))
        let record = try #require(result.records.first)
        let report = try Assessor(knowledge: MappingFixtures.knowledge).assess(record, asOf: MappingFixtures.day("2024-07-01"))
        let bundle = exporter.bundle(report: report, record: record)
        #expect((bundle.entry?.count ?? 0) >= report.measurements.count + 3)
        let problems = try FHIRPythonValidator.problems(in: FHIRJSON.encode(bundle))
        #expect(problems == nil, "\(problems ?? "")")
    }
}
