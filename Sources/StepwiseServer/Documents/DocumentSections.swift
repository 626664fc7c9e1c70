// SPDX-License-Identifier: Apache-2.0
import StepwiseCore

/// Sections several documents share, written once.
enum DocumentSections {
    /// Diagnosis and onset lines for the header.
    static func episodeFields(_ record: PatientRecord) -> [ClinicalDocument.Field] {
        var fields: [ClinicalDocument.Field] = []
        if let diagnosis = record.episode?.diagnosis {
            let text = [diagnosis.display, diagnosis.code.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
            if !text.isEmpty { fields.append(.init("Diagnosis", text)) }
        }
        if let onset = record.episode?.onset { fields.append(.init("Episode onset", onset.description)) }
        return fields
    }

    /// Safety signals, first and complete.
    static func safety(_ report: AssessmentReport) -> ClinicalDocument.Section {
        .init(
            "Safety",
            report.safety.map { flag in
                .paragraph(
                    "\(flag.title) (\(flag.level)). Evidence: \(flag.evidence.joined(separator: "; ")). "
                        + "Action: \(flag.action) [\(flag.rule)]")
            })
    }

    /// Baseline, current and change per depression instrument, and the recent scores.
    static func measurementSummary(_ report: AssessmentReport, record: PatientRecord) -> ClinicalDocument.Section {
        guard !report.measurements.isEmpty else {
            return .init("Measurements", [.paragraph("No rating-scale scores are recorded.")])
        }
        var blocks: [ClinicalDocument.Block] = []
        let digest = PatientDigest.make(record: record, report: report)
        if let baseline = digest.baselinePHQ9, let last = digest.lastPHQ9 {
            blocks.append(
                .paragraph(
                    "PHQ-9 \(baseline.score) at baseline (\(baseline.date)), \(last.score) most recently (\(last.date)): "
                        + "\(DocumentFormat.percent(digest.changePercent)) change."))
        }
        blocks.append(measurementTable(report.measurements.suffix(12)))
        return .init("Measurements", blocks)
    }

    /// A table of scored measurements.
    static func measurementTable(_ measurements: some Collection<ScoredMeasurement>) -> ClinicalDocument.Block {
        .table(
            header: ["Date", "Instrument", "Total", "Band", "Flags"],
            rows: measurements.map { m in
                [
                    m.date.description, DocumentFormat.instrument(m.instrument), m.total.map(String.init) ?? "—",
                    m.band ?? "—", m.flags.isEmpty ? "—" : m.flags.joined(separator: ", "),
                ]
            })
    }

    /// Every trial with adequacy and outcome.
    static func trialHistory(_ report: AssessmentReport, record: PatientRecord) -> ClinicalDocument.Section {
        guard !report.trials.isEmpty else {
            return .init("Treatment history", [.paragraph("No treatment trials are recorded.")])
        }
        return .init(
            "Treatment history",
            [
                .table(
                    header: ["Treatment", "Role", "Dates", "Doses", "Adequacy", "Outcome"],
                    rows: report.trials.map { trial in
                        let source = DocumentFormat.recordTrial(for: trial, in: record)
                        let reasons = trial.adequacy.reasons.isEmpty ? "" : " (\(trial.adequacy.reasons.joined(separator: ", ")))"
                        return [
                            trial.agent, trial.role, "\(trial.start) – \(trial.end?.description ?? "ongoing")",
                            DocumentFormat.doses(source), trial.adequacy.verdict + reasons,
                            DocumentFormat.outcome(trial.outcome),
                        ]
                    })
            ])
    }

    /// TRD verdicts side by side and the staging models.
    static func trdAndStaging(_ report: AssessmentReport) -> ClinicalDocument.Section {
        var blocks: [ClinicalDocument.Block] = []
        if report.trd.isEmpty {
            blocks.append(.paragraph("No TRD definition was evaluated."))
        } else {
            blocks.append(
                .bullets(
                    report.trd.map { "\($0.title): \($0.met ? "met" : "not met"). \($0.explanation)" }))
        }
        let staging = report.staging
        blocks.append(
            .fields([
                .init("Thase–Rush stage", staging.thaseRush.stage == 0 ? "0 (no adequate failed trial)" : "\(staging.thaseRush.stage)"),
                .init("Maudsley Staging Method", "\(staging.maudsley.total) of 15 (\(staging.maudsley.band))"),
                .init("MGH staging score", DocumentFormat.number(staging.mgh.score)),
            ]))
        return .init("Treatment resistance and staging", blocks)
    }

    /// The pseudo-resistance checklist: present items and gaps as to-dos.
    static func pseudoResistance(_ report: AssessmentReport) -> ClinicalDocument.Section {
        let open = report.pseudoResistance.filter { $0.status != "absent" }
        guard !open.isEmpty else {
            let text = report.pseudoResistance.isEmpty
                ? "The pseudo-resistance checklist was not evaluated."
                : "Every pseudo-resistance check has been assessed and is absent."
            return .init("Pseudo-resistance checklist", [.paragraph(text)])
        }
        return .init(
            "Pseudo-resistance checklist",
            [
                .checklist(
                    open.map { item in
                        let status = item.status == "present" ? "PRESENT" : "not assessed"
                        let todo = item.suggestion.map { " — to do: \($0)" } ?? ""
                        return ("\(item.title): \(status)\(todo) [\(item.id)]", false)
                    })
            ])
    }

    /// Ranked options with evidence and cautions.
    static func options(_ report: AssessmentReport, limit: Int) -> ClinicalDocument.Section {
        guard !report.plan.isEmpty else {
            return .init("Options considered", [.paragraph("No next-step options were generated.")])
        }
        return .init(
            "Options considered",
            [
                .bullets(
                    report.plan.sorted { $0.rank < $1.rank }.prefix(limit).map { option in
                        let evidence = [option.evidence.guideline, option.evidence.line.map { "line \($0)" },
                                        option.evidence.level.map { "level \($0)" }].compactMap { $0 }.joined(separator: ", ")
                        let cautions = option.cautions.isEmpty ? "" : " Cautions: \(option.cautions.joined(separator: "; "))."
                        let status = option.blocked ? "BLOCKED for this patient: " : ""
                        return "\(option.rank). \(status)\(option.title) — \(option.rationale) (\(evidence)).\(cautions) [\(option.id)]"
                    })
            ])
    }
}
