// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import StepwiseServer
import Testing

/// Document generators are pure: these tests give them a hand-built record and report.
@Suite struct DocumentTests {
    static let asOf = LocalDate("2026-11-21")!

    static let record = PatientRecord(
        id: "P-77", episode: Episode(onset: LocalDate("2025-09-01"), diagnosis: Diagnosis(code: "F33.2", display: "MDD, recurrent, severe")),
        trials: [
            TreatmentTrial(
                id: "t1", kind: .medication, agent: "sertraline", start: LocalDate("2025-10-01")!, end: LocalDate("2026-01-05")!,
                doses: [DoseStep(from: LocalDate("2025-10-01")!, mgPerDay: 50), DoseStep(from: LocalDate("2025-10-15")!, mgPerDay: 150)],
                adherence: Adherence(percentDaysCovered: 91, source: "pharmacy-fills"), stopReason: .nonResponse),
            TreatmentTrial(
                id: "t2", kind: .medication, agent: "venlafaxine", start: LocalDate("2026-01-10")!, end: LocalDate("2026-04-20")!,
                doses: [DoseStep(from: LocalDate("2026-01-10")!, mgPerDay: 225)], stopReason: .partialResponse),
            TreatmentTrial(id: "t3", kind: .psychotherapy, agent: "cbt", start: LocalDate("2025-11-01")!, end: LocalDate("2026-02-01")!, sessions: 12),
        ],
        labs: [LabResult(test: "tsh", value: 6.8, unit: "mIU/L", date: LocalDate("2026-03-01")!)],
        goals: [FunctionalGoal(description: "Back to work <part-time>", status: "active")])

    static func trial(_ id: String, _ agent: String, kind: String = "medication", start: String, end: String, verdict: String, outcome: String, change: Double?) -> TrialAssessment {
        TrialAssessment(
            id: id, agent: agent, rxnorm: agent == "sertraline" ? "36437" : nil, drugClass: nil, kind: kind, role: kind == "medication" ? "monotherapy" : "psychotherapy",
            start: LocalDate(start)!, end: LocalDate(end), currentEpisode: true,
            adequacy: Adequacy(
                verdict: verdict, reasons: [], weeksAtAdequateDose: 12, minimumDose: 50, requiredWeeks: 6, adherenceVerified: true,
                explanation: "", rule: "adequacy", sources: []),
            outcome: TrialOutcome(class: outcome, percentChange: change, instrument: "phq9", basis: "scores", explanation: ""))
    }

    static let report = AssessmentReport(
        assessedOn: asOf, profile: "mgh-atrq", knowledgeVersion: "test", patient: PatientSummary(id: "P-77"),
        safety: [SafetyFlag(id: "suicide-risk", level: "high", title: "Suicide risk", evidence: ["PHQ-9 item 9 = 2 on 2026-11-10"], action: "Assess today", rule: "suicide-risk", sources: ["kroenke-2001"])],
        measurements: [
            ScoredMeasurement(instrument: "phq9", date: LocalDate("2025-09-20")!, total: 22, band: "severe", basis: "items"),
            ScoredMeasurement(instrument: "phq9", date: LocalDate("2026-11-10")!, total: 18, band: "moderately-severe", flags: ["suicide-item-positive"], basis: "items"),
            ScoredMeasurement(instrument: "wsas", date: LocalDate("2026-11-10")!, total: 24, band: "moderate", basis: "items"),
        ],
        trials: [
            trial("t1", "sertraline", start: "2025-10-01", end: "2026-01-05", verdict: "adequate", outcome: "non-response", change: -10),
            trial("t3", "cbt", kind: "psychotherapy", start: "2025-11-01", end: "2026-02-01", verdict: "adequate", outcome: "partial-response", change: -30),
            trial("t2", "venlafaxine", start: "2026-01-10", end: "2026-04-20", verdict: "adequate", outcome: "partial-response", change: -30),
        ],
        trd: [
            TRDVerdict(definition: "fda", title: "FDA (≥ 2 adequate failures)", met: true, countedTrials: ["t1", "t2"], explanation: "Two adequate antidepressant trials without response.", sources: ["fda-2018"]),
            TRDVerdict(definition: "eu-pearl-2022", title: "EU-PEARL 2022", met: false, countedTrials: ["t1"], explanation: "Venlafaxine improved by 30 %.", sources: ["sforzini-2022"]),
        ],
        staging: StagingResult(thaseRush: ThaseRushStage(stage: 2, explanation: "two classes", sources: [])),
        pseudoResistance: [
            ChecklistItem(check: "thyroid", title: "Thyroid dysfunction", status: "present", evidence: ["TSH 6.8 mIU/L on 2026-03-01"], suggestion: "Treat hypothyroidism", source: "x", rule: "thyroid"),
            ChecklistItem(check: "sleep-apnea", title: "Obstructive sleep apnoea", status: "not-assessed", evidence: [], suggestion: "STOP-Bang", source: "x", rule: "sleep-apnea"),
        ],
        monitoring: [MonitoringItem(id: "treat-to-target", level: "alert", message: "No 50 % improvement after 12 weeks", evidence: [], rule: "treat-to-target", sources: [])],
        plan: [PlanOption(id: "refer-rtms", title: "Refer for rTMS", category: "neuromodulation", rank: 1, rationale: "Two failures", evidence: PlanEvidence(guideline: "CANMAT 2023", line: "first", level: "1"), cautions: ["Seizure history excludes"], sources: ["canmat-2023"], rule: "refer-rtms")])

    static var context: DocumentContext {
        DocumentContext(patientLabel: "P-77", clinicName: "Main Street Clinic", author: "Dr Test", date: asOf, knowledge: TestClinic.knowledge)
    }

    @Test func referralPacketListsEachAdequateFailedTrialWithDatesDosesAdherenceAndOutcome() {
        let document = ReferralPacket.make(record: Self.record, report: Self.report, target: .rtms, context: Self.context)
        let text = document.plainText
        #expect(document.title.contains("rTMS"))
        #expect(ReferralPacket.adequateFailures(Self.report).map(\.id) == ["t1", "t2"])
        #expect(text.contains("sertraline (RxNorm 36437) | 2025-10-01 – 2026-01-05 | 50 mg/day from 2025-10-01; 150 mg/day from 2025-10-15"))
        #expect(text.contains("91 % (days covered, pharmacy-fills)"))
        #expect(text.contains("non-response (-10 % on PHQ-9)"))
        #expect(text.contains("venlafaxine | 2026-01-10 – 2026-04-20 | 225 mg/day from 2026-01-10"))
        #expect(text.contains("| not verified |"), "venlafaxine has no adherence evidence")
        #expect(!text.contains("cbt | 2025-11-01 – 2026-02-01 | 50 mg"), "psychotherapy is not an antidepressant failure")
    }

    @Test func referralPacketStatesCriteriaMetAndNotMetAndScoresAndPsychotherapy() {
        let text = ReferralPacket.make(record: Self.record, report: Self.report, target: .ect, context: Self.context).plainText
        #expect(text.contains("2 adequate antidepressant trial(s) without adequate response"))
        #expect(text.contains("FDA (≥ 2 adequate failures) — Two adequate antidepressant trials without response."))
        #expect(text.contains("Not met:"))
        #expect(text.contains("PHQ-9 | 22 (2025-09-20) | 18 (2026-11-10) | -18 %"))
        #expect(text.contains("cbt | 2025-11-01 – 2026-02-01 | 12 | partial-response"))
        #expect(text.contains("Suicide risk (high)"))
    }

    @Test func referralPacketWithoutPsychotherapyWarnsForRTMS() {
        var report = Self.report
        report.trials.removeAll { $0.kind == "psychotherapy" }
        let text = ReferralPacket.make(record: Self.record, report: report, target: .rtms, context: Self.context).plainText
        #expect(text.contains("No psychotherapy course is recorded. Many payers require"))
    }

    @Test func progressNoteIsAStagnationNoteWhenNotImproving() {
        let document = ProgressNote.make(record: Self.record, report: Self.report, context: Self.context)
        #expect(document.title == "Treatment-stagnation note")
        #expect(document.sections.first?.heading == "Safety", "safety comes first")
        #expect(document.plainText.contains("PHQ-9 22 at baseline (2025-09-20), 18 most recently (2026-11-10): -18 % change."))
        #expect(document.plainText.contains("1. Refer for rTMS — Two failures (CANMAT 2023, line first, level 1). Cautions: Seizure history excludes. [refer-rtms]"))
        var improving = Self.report
        improving.monitoring = []
        #expect(ProgressNote.make(record: Self.record, report: improving, context: Self.context).title == "Progress note")
    }

    @Test func pcpLetterCoversFunctionHistoryContributorsAndMeasurements() {
        let document = PCPLetter.make(record: Self.record, report: Self.report, context: Self.context, recipient: "Dr Primary")
        let text = document.plainText
        #expect(text.contains("Dear Dr Primary,"))
        #expect(text.contains("Work and Social Adjustment Scale (WSAS) 24 of 40 on 2026-11-10 (moderate)."))
        #expect(text.contains("Back to work <part-time>"))
        #expect(text.contains("Thyroid dysfunction: TSH 6.8 mIU/L on 2026-03-01"))
        #expect(text.contains("Obstructive sleep apnoea: STOP-Bang"))
        #expect(text.contains("2026-03-01 | tsh | 6.8 mIU/L"))
        #expect(document.sections.map { $0.heading }.contains("Measurements"))
    }

    @Test func relapsePlanUsesThePatientsOwnListsAndPlainLanguage() {
        let input = RelapsePreventionInput(triggers: ["Night shifts"], warningSigns: ["Skipping the gym"], clinicContact: "555-0100")
        let document = RelapsePreventionPlan.make(record: Self.record, report: Self.report, input: input, context: Self.context)
        let text = document.plainText
        #expect(text.contains("Night shifts"))
        #expect(text.contains("Skipping the gym"))
        #expect(text.contains("Examples to talk through and make your own:"), "coping steps were not given, so examples are offered")
        #expect(text.contains("Contact Main Street Clinic (555-0100)"))
        #expect(text.contains("call or text 988"))
        #expect(document.sections.map { $0.heading }.contains("Booster sessions and check-ins"))
    }

    @Test func markdownEscapesMarkupInFreeText() {
        let markdown = DocumentRenderer.markdown(PCPLetter.make(record: Self.record, report: Self.report, context: Self.context))
        #expect(markdown.contains("Back to work &lt;part-time&gt;"))
        #expect(markdown.hasPrefix("# Letter to the primary-care clinician"))
        #expect(markdown.contains("| Date | Instrument | Total | Band | Flags |"))
    }

    @Test func htmlRenderingEscapesEveryValue() {
        let html = DocumentRenderer.html(PCPLetter.make(record: Self.record, report: Self.report, context: Self.context)).rendered
        #expect(html.contains("Back to work &lt;part-time&gt;"))
        #expect(!html.contains("<part-time>"))
        #expect(html.contains("<article class=\"document\" data-kind=\"pcp-letter\">"))
    }

    @Test func documentRequestReadsOptionsFromTheQuery() throws {
        let request = try #require(DocumentRequest(kind: "referral-packet", query: FormData(encoded: "target=esketamine")))
        #expect(request.target == .esketamine)
        let plan = try #require(DocumentRequest(kind: "relapse-prevention", query: FormData(encoded: "triggers=a%0D%0Ab%0A%0Ac")))
        #expect(plan.relapse.triggers == ["a", "b", "c"])
        #expect(DocumentRequest(kind: "unknown", query: FormData([])) == nil)
    }
}
