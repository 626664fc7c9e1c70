// SPDX-License-Identifier: Apache-2.0
import StepwiseCore

/// The prior-authorisation referral packet for rTMS, esketamine or ECT: each adequate failed
/// trial with dates, doses, duration, adherence and outcome; baseline and current scores;
/// psychotherapy tried; and the published criteria the history meets (from the TRD verdicts).
public enum ReferralPacket {
    /// Outcome classes that count as a failed trial in a packet.
    static let failedOutcomes: Set<String> = ["non-response", "partial-response"]

    /// Trials the packet lists as adequate failures: adequate medication trials without response.
    public static func adequateFailures(_ report: AssessmentReport) -> [TrialAssessment] {
        report.trials.filter {
            $0.kind == "medication" && $0.adequacy.verdict == "adequate" && failedOutcomes.contains($0.outcome.class)
        }
    }

    /// Writes the packet.
    public static func make(
        record: PatientRecord, report: AssessmentReport, target: ReferralTarget, context: DocumentContext
    ) -> ClinicalDocument {
        let failures = adequateFailures(report)
        var sections: [ClinicalDocument.Section] = []
        sections.append(criteria(report, failures: failures, target: target))
        sections.append(failedTrials(failures, record: record, asOf: report.asOf))
        sections.append(scores(report))
        sections.append(psychotherapy(report, record: record, target: target))
        let others = report.trials.filter { trial in
            !failures.contains(trial) && trial.kind != "psychotherapy"
        }
        if !others.isEmpty {
            sections.append(
                .init(
                    "Other treatments (not counted above)",
                    [
                        .table(
                            header: ["Treatment", "Dates", "Adequacy", "Outcome"],
                            rows: others.map { trial in
                                [
                                    trial.agent, "\(trial.start) – \(trial.end?.description ?? "ongoing")",
                                    trial.adequacy.verdict
                                        + (trial.adequacy.reasons.isEmpty ? "" : " (\(trial.adequacy.reasons.joined(separator: ", ")))"),
                                    DocumentFormat.outcome(trial.outcome),
                                ]
                            })
                    ]))
        }
        var safety: [ClinicalDocument.Block] = report.safety.map {
            .paragraph("\($0.title) (\($0.level)): \($0.evidence.joined(separator: "; "))")
        }
        let cautions = report.plan.filter { $0.id.contains(target.rawValue) }.flatMap(\.cautions)
        if !cautions.isEmpty { safety.append(.bullets(cautions)) }
        if safety.isEmpty { safety.append(.paragraph("No safety signal is recorded.")) }
        sections.append(.init("Safety and cautions", safety))
        sections.append(
            .init(
                "Attestation",
                [
                    .paragraph("I confirm that the treatment history above is accurate to the best of my knowledge."),
                    .blankLines(label: "Signature, name, licence number, date", count: 3),
                ]))
        return ClinicalDocument(
            kind: .referralPacket, title: "Prior-authorisation request: \(target.title)",
            header: context.header([.init("Requested treatment", target.title)]) + DocumentSections.episodeFields(record),
            sections: sections, footer: context.footer(report))
    }

    static func criteria(_ report: AssessmentReport, failures: [TrialAssessment], target: ReferralTarget)
        -> ClinicalDocument.Section
    {
        var blocks: [ClinicalDocument.Block] = []
        blocks.append(
            .paragraph(
                "\(failures.count) adequate antidepressant trial(s) without adequate response in the current episode are documented below."))
        let met = report.trd.filter(\.met)
        if met.isEmpty {
            blocks.append(.paragraph("No published TRD definition is met by the documented history."))
        } else {
            blocks.append(.paragraph("Criteria met:"))
            blocks.append(.bullets(met.map { "\($0.title) — \($0.explanation) Sources: \($0.sources.joined(separator: ", "))." }))
        }
        let notMet = report.trd.filter { !$0.met }
        if !notMet.isEmpty {
            blocks.append(.paragraph("Not met:"))
            blocks.append(.bullets(notMet.map { "\($0.title) — \($0.explanation)" }))
        }
        blocks.append(
            .fields([
                .init("Thase–Rush stage", "\(report.staging.thaseRush.stage)"),
                .init("Maudsley Staging Method", "\(report.staging.maudsley.total) (\(report.staging.maudsley.band))"),
            ]))
        return .init("Summary of criteria", blocks)
    }

    static func failedTrials(_ failures: [TrialAssessment], record: PatientRecord, asOf: LocalDate)
        -> ClinicalDocument.Section
    {
        guard !failures.isEmpty else {
            return .init("Adequate failed trials", [.paragraph("No adequate failed antidepressant trial is documented.")])
        }
        return .init(
            "Adequate failed trials",
            [
                .table(
                    header: ["#", "Medication", "Dates", "Doses", "Duration at adequate dose", "Adherence", "Outcome", "Stop reason"],
                    rows: failures.enumerated().map { index, trial in
                        let source = DocumentFormat.recordTrial(for: trial, in: record)
                        let weeks = trial.adequacy.weeksAtAdequateDose.map { "\(DocumentFormat.number($0)) weeks" }
                            ?? DocumentFormat.weeks(trial, asOf: asOf)
                        let minimum = trial.adequacy.minimumDose.map { " (minimum \(DocumentFormat.number($0)) mg/day)" } ?? ""
                        return [
                            "\(index + 1)", "\(trial.agent)\(trial.rxnorm.map { " (RxNorm \($0))" } ?? "")",
                            "\(trial.start) – \(trial.end?.description ?? "ongoing")", DocumentFormat.doses(source) + minimum,
                            weeks, DocumentFormat.adherence(source), DocumentFormat.outcome(trial.outcome),
                            source?.stopReason?.rawValue ?? "—",
                        ]
                    })
            ])
    }

    static func scores(_ report: AssessmentReport) -> ClinicalDocument.Section {
        let depression = ["phq9", "qids-sr16", "hamd17", "madrs"]
        var rows: [[String]] = []
        for instrument in depression {
            let series = report.measurements.filter { $0.instrument == instrument && $0.total != nil }
            guard let first = series.first, let last = series.last, let a = first.total, let b = last.total else { continue }
            let change = a > 0 ? DocumentFormat.percent(Double(b - a) / Double(a) * 100) : "—"
            rows.append([DocumentFormat.instrument(instrument), "\(a) (\(first.date))", "\(b) (\(last.date))", change])
        }
        guard !rows.isEmpty else {
            return .init("Baseline and current scores", [.paragraph("No depression rating-scale scores are recorded.")])
        }
        return .init(
            "Baseline and current scores", [.table(header: ["Instrument", "Baseline", "Current", "Change"], rows: rows)])
    }

    static func psychotherapy(_ report: AssessmentReport, record: PatientRecord, target: ReferralTarget)
        -> ClinicalDocument.Section
    {
        let courses = report.trials.filter { $0.kind == "psychotherapy" }
        guard !courses.isEmpty else {
            let note = target == .rtms ? " Many payers require an evidence-based psychotherapy trial before rTMS." : ""
            return .init("Psychotherapy tried", [.paragraph("No psychotherapy course is recorded.\(note)")])
        }
        return .init(
            "Psychotherapy tried",
            [
                .table(
                    header: ["Modality", "Dates", "Sessions", "Outcome"],
                    rows: courses.map { trial in
                        let source = DocumentFormat.recordTrial(for: trial, in: record)
                        return [
                            trial.agent, "\(trial.start) – \(trial.end?.description ?? "ongoing")",
                            source?.sessions.map(String.init) ?? "not recorded", DocumentFormat.outcome(trial.outcome),
                        ]
                    })
            ])
    }
}
