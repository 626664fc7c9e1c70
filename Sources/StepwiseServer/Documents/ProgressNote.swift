// SPDX-License-Identifier: Apache-2.0
import StepwiseCore

/// The progress note; a treatment-stagnation note when the patient is not improving on the
/// current plan (treat-to-target), as the seeds describe: measurements, what was tried, why it may
/// not have worked, and the options considered.
public enum ProgressNote {
    /// Writes the note.
    public static func make(record: PatientRecord, report: AssessmentReport, context: DocumentContext) -> ClinicalDocument {
        let stagnant = PatientDigest.make(record: record, report: report).has(.notImproving)
        var sections: [ClinicalDocument.Section] = []
        if !report.safety.isEmpty { sections.append(DocumentSections.safety(report)) }
        sections.append(DocumentSections.measurementSummary(report, record: record))
        sections.append(currentTreatment(record: record, report: report))
        if !report.monitoring.isEmpty {
            sections.append(
                .init(
                    "Treat-to-target review",
                    [.bullets(report.monitoring.map { "\($0.message) [\($0.rule)]" })]))
        }
        sections.append(DocumentSections.trialHistory(report, record: record))
        sections.append(DocumentSections.trdAndStaging(report))
        sections.append(DocumentSections.pseudoResistance(report))
        sections.append(DocumentSections.options(report, limit: 6))
        sections.append(
            .init(
                "Plan agreed with the patient",
                [.blankLines(label: "Plan, who does what, and when to review", count: 5)]))
        return ClinicalDocument(
            kind: .progressNote, title: stagnant ? "Treatment-stagnation note" : "Progress note",
            header: context.header(DocumentSections.episodeFields(record)), sections: sections,
            footer: context.footer(report))
    }

    static func currentTreatment(record: PatientRecord, report: AssessmentReport) -> ClinicalDocument.Section {
        let ongoing = report.trials.filter { $0.end == nil && $0.currentEpisode }
        guard !ongoing.isEmpty else {
            return .init("Current treatment", [.paragraph("No ongoing treatment is recorded.")])
        }
        return .init(
            "Current treatment",
            [
                .bullets(
                    ongoing.map { trial in
                        let source = DocumentFormat.recordTrial(for: trial, in: record)
                        return "\(trial.agent) (\(trial.role)), started \(trial.start), "
                            + "\(DocumentFormat.weeks(trial, asOf: report.asOf)); doses: \(DocumentFormat.doses(source)); "
                            + "adherence \(DocumentFormat.adherence(source))"
                    })
            ])
    }
}
