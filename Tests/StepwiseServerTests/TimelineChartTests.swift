// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import StepwiseServer
import Testing

@Suite struct TimelineChartTests {
    static var report: AssessmentReport {
        var report = DocumentTests.report
        report.trials[0].outcome = TrialOutcome(
            class: "remission", percentChange: -80, instrument: "phq9", endpoint: ScorePoint(date: LocalDate("2025-12-20")!, score: 4),
            basis: "scores", explanation: "")
        return report
    }

    @Test func drawsTheScoreLineDoseStepsAndMarks() {
        let svg = TimelineChart.svg(record: DocumentTests.record, report: Self.report).rendered
        #expect(svg.hasPrefix("<svg class=\"timeline\""))
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("<polyline"), "two PHQ-9 scores make a line")
        #expect(svg.components(separatedBy: "<circle").count - 1 == 2)
        #expect(svg.contains("fill=\"#a4141b\""), "the item-9-positive score is drawn in red")
        #expect(svg.contains("sertraline 150 mg/day from 2025-10-15"), "each dose step is its own bar")
        #expect(svg.contains("Remission on sertraline (2025-12-20)"))
        #expect(svg.contains(">severe</text>"), "PHQ-9 severity bands are labelled")
        #expect(!svg.contains("style="), "no inline styles under the Content-Security-Policy")
    }

    @Test func labelsOfLateTreatmentsEndInsideTheChart() throws {
        var record = DocumentTests.record
        var report = Self.report
        // A second treatment that starts a week before the as-of date: its label must not start near the
        // right edge and run off the chart.
        let late = report.asOf.adding(days: -7)
        var trial = report.trials[0]
        trial.id = "trial-late"
        trial.agent = "ect"
        trial.kind = "neuromodulation"
        trial.start = late
        trial.end = nil
        report.trials.append(trial)
        record.trials.append(TreatmentTrial(id: "trial-late", kind: .neuromodulation, agent: "ect", start: late, sessions: 12))
        let svg = TimelineChart.svg(record: record, report: report).rendered
        let text = try #require(svg.components(separatedBy: "<text ").first { $0.contains(">ect (") })
        #expect(text.contains("text-anchor=\"end\""))
        let early = try #require(svg.components(separatedBy: "<text ").first { $0.contains(">sertraline (") })
        #expect(!early.contains("text-anchor"))
    }

    @Test func escapesTextFromTheRecord() {
        var record = DocumentTests.record
        record.trials[0].agent = "<script>"
        var report = Self.report
        report.trials[0].agent = "<script>"
        let svg = TimelineChart.svg(record: record, report: report).rendered
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;"))
    }

    @Test func emptyRecordGivesANoteInsteadOfAChart() {
        let report = AssessmentReport(assessedOn: DocumentTests.asOf, profile: "p", knowledgeVersion: "k", patient: PatientSummary(id: "x"))
        let html = TimelineChart.svg(record: PatientRecord(id: "x"), report: report).rendered
        #expect(html.contains("No scores or treatments yet"))
        #expect(!html.contains("<svg"))
    }
}
