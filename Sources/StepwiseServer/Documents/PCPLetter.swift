// SPDX-License-Identifier: Apache-2.0
import StepwiseCore

/// The letter to the primary-care clinician: function, treatment history with response, suspected
/// medical contributors, and measurements.
public enum PCPLetter {
    /// Pseudo-resistance checks that a primary-care clinician can help with.
    static let medicalChecks: Set<String> = ["thyroid", "sleep-apnea", "vitamin-d", "substance-use"]

    /// Writes the letter.
    public static func make(
        record: PatientRecord, report: AssessmentReport, context: DocumentContext, recipient: String? = nil
    ) -> ClinicalDocument {
        var sections: [ClinicalDocument.Section] = []
        let greeting = "Dear \(recipient.flatMap { $0.isEmpty ? nil : $0 } ?? "colleague"),"
        let digest = PatientDigest.make(record: record, report: report)
        var opening = "I am writing to update you on \(context.patientLabel), whom we see at \(context.clinicName) for depression."
        if let last = digest.lastPHQ9 {
            opening += " The most recent PHQ-9 was \(last.score) on \(last.date)"
            opening += digest.changePercent.map { " (\(DocumentFormat.percent($0)) since baseline)." } ?? "."
        }
        if !digest.trdMet.isEmpty {
            opening += " The treatment history meets \(digest.trdMet.count) published definition(s) of treatment-resistant depression (see below)."
        }
        sections.append(.init(greeting, [.paragraph(opening)]))
        if !report.safety.isEmpty { sections.append(DocumentSections.safety(report)) }
        sections.append(function(record: record, report: report))
        sections.append(DocumentSections.trialHistory(report, record: record))
        sections.append(contributors(record: record, report: report))
        sections.append(.init("Measurements", [DocumentSections.measurementTable(report.measurements.suffix(12))]))
        // Only options still open: a blocked one is not something "we are considering".
        let options = report.plan.filter { !$0.blocked }.sorted { $0.rank < $1.rank }.prefix(3)
        if !options.isEmpty {
            sections.append(
                .init(
                    "Options we are considering",
                    [.bullets(options.map { "\($0.title) — \($0.rationale)" })]))
        }
        sections.append(
            .init(
                "With thanks",
                [.paragraph("Please contact us with any questions or new results. Yours sincerely,"), .paragraph(context.author)]))
        return ClinicalDocument(
            kind: .pcpLetter, title: "Letter to the primary-care clinician",
            header: context.header([.init("To", recipient.flatMap { $0.isEmpty ? nil : $0 } ?? "Primary-care clinician")])
                + DocumentSections.episodeFields(record),
            sections: sections, footer: context.footer(report))
    }

    static func function(record: PatientRecord, report: AssessmentReport) -> ClinicalDocument.Section {
        var blocks: [ClinicalDocument.Block] = []
        if let wsas = report.measurements.last(where: { $0.instrument == "wsas" && $0.total != nil }), let total = wsas.total {
            blocks.append(
                .paragraph(
                    "Work and Social Adjustment Scale (WSAS) \(total) of 40 on \(wsas.date)\(wsas.band.map { " (\($0))" } ?? "")."))
        } else {
            blocks.append(.paragraph("Functioning has not been measured with the WSAS yet."))
        }
        if !record.goals.isEmpty {
            blocks.append(
                .bullets(
                    record.goals.map { goal in
                        "\(goal.description) (\(goal.status ?? "active")\(goal.target.map { ", target \($0)" } ?? ""))"
                    }))
        }
        return .init("Function and goals", blocks)
    }

    static func contributors(record: PatientRecord, report: AssessmentReport) -> ClinicalDocument.Section {
        var blocks: [ClinicalDocument.Block] = []
        let checks = report.pseudoResistance.filter { medicalChecks.contains($0.id) }
        let present = checks.filter { $0.status == "present" }
        let gaps = checks.filter { $0.status == "not-assessed" }
        if !present.isEmpty {
            blocks.append(.paragraph("Suspected medical contributors:"))
            blocks.append(.bullets(present.map { "\($0.title): \($0.evidence.joined(separator: "; "))" }))
        }
        if !gaps.isEmpty {
            blocks.append(.paragraph("We would be grateful for your help with these checks, which are not yet documented:"))
            blocks.append(.bullets(gaps.map { "\($0.title)\($0.suggestion.map { ": \($0)" } ?? "")" }))
        }
        if checks.isEmpty && present.isEmpty {
            blocks.append(.paragraph("No medical contributor has been identified from the information we hold."))
        }
        if !record.labs.isEmpty {
            blocks.append(
                .table(
                    header: ["Date", "Test", "Result"],
                    rows: record.labs.sorted { $0.date < $1.date }.map {
                        [$0.date.description, $0.test, "\(DocumentFormat.number($0.value)) \($0.unit ?? "")"]
                    }))
        }
        let medical = record.conditions.filter { $0.effectiveStatus == .active }
        if !medical.isEmpty {
            blocks.append(
                .bullets(medical.map { "Active condition: \($0.display ?? $0.category ?? $0.code ?? "unnamed")" }))
        }
        return .init("Suspected medical contributors", blocks)
    }
}
