// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// What the patient and clinician wrote together for the relapse-prevention plan. Empty lists are
/// filled with common examples, marked as examples to personalise.
public struct RelapsePreventionInput: Sendable, Equatable {
    /// Situations that have set off low mood before.
    public var triggers: [String]
    /// The first signs the patient notices.
    public var warningSigns: [String]
    /// What the patient will do when they notice them.
    public var copingSteps: [String]
    /// People who can help.
    public var supports: [String]
    /// How to reach the clinic (phone, portal).
    public var clinicContact: String?

    /// Creates the input.
    public init(
        triggers: [String] = [], warningSigns: [String] = [], copingSteps: [String] = [], supports: [String] = [],
        clinicContact: String? = nil
    ) {
        self.triggers = triggers
        self.warningSigns = warningSigns
        self.copingSteps = copingSteps
        self.supports = supports
        self.clinicContact = clinicContact
    }
}

/// A relapse-prevention plan written for the patient, in plain language: what helped, triggers,
/// early warning signs, coping steps, how to get back into care, and booster sessions.
public enum RelapsePreventionPlan {
    /// Writes the plan.
    public static func make(
        record: PatientRecord, report: AssessmentReport, input: RelapsePreventionInput, context: DocumentContext
    ) -> ClinicalDocument {
        var sections: [ClinicalDocument.Section] = []
        sections.append(
            .init(
                "Why this plan",
                [
                    .paragraph(
                        "Depression can come back, and it is easier to treat when it is caught early. "
                            + "This plan is yours: it lists what helped you, what to watch for, and what to do.")
                ]))
        sections.append(whatHelped(record: record, report: report))
        sections.append(
            list("Things that can set off low mood for me", input.triggers, examples: [
                "Poor sleep for several nights", "Stress at work or money worries", "Conflict or loss in a relationship",
                "Stopping medicine or skipping therapy", "Anniversaries, winter months",
            ]))
        sections.append(
            list("Early warning signs I notice", input.warningSigns, examples: [
                "Sleeping much more or much less", "Pulling away from friends and family", "Losing interest in things I enjoy",
                "Feeling tired all the time", "More negative or hopeless thoughts",
            ]))
        sections.append(
            list("What I will do when I notice them", input.copingSteps, examples: [
                "Keep a regular sleep and wake time", "Plan one enjoyable and one useful activity each day",
                "Move my body for 20 minutes", "Use the skills I learned in therapy", "Tell someone I trust how I feel",
            ]))
        if !input.supports.isEmpty { sections.append(.init("People who can help me", [.bullets(input.supports)])) }
        let contact = input.clinicContact.flatMap { $0.isEmpty ? nil : $0 } ?? "the clinic's usual number"
        sections.append(
            .init(
                "How to get back in touch with care",
                [
                    .bullets([
                        "Contact \(context.clinicName) (\(contact)) if warning signs last more than two weeks, "
                            + "or if your questionnaire score (PHQ-9) is 10 or more again.",
                        "Do not stop or change your medicine without talking to your prescriber first.",
                        "If you have thoughts of ending your life or harming yourself, get help now: call your local "
                            + "emergency number or a crisis line (in the United States, call or text 988), or go to the nearest emergency department.",
                    ])
                ]))
        sections.append(
            .init(
                "Booster sessions and check-ins",
                [
                    .bullets([
                        "Check-in with your care team every month for the next 6 months, with a PHQ-9 each time.",
                        "Booster therapy sessions to practise your skills: dates agreed with your therapist.",
                        "Review this plan together at each check-in and update it.",
                    ]),
                    .blankLines(label: "Next check-in date", count: 1),
                ]))
        if !record.goals.isEmpty {
            sections.append(.init("My goals", [.bullets(record.goals.map(\.description))]))
        }
        return ClinicalDocument(
            kind: .relapsePrevention, title: "My plan for staying well",
            header: [.init("For", context.patientLabel), .init("Clinic", context.clinicName),
                     .init("Written with", context.author), .init("Date", context.date.description)],
            sections: sections, footer: "Written with your care team at \(context.clinicName). Keep it somewhere easy to find.")
    }

    static func whatHelped(record: PatientRecord, report: AssessmentReport) -> ClinicalDocument.Section {
        let helped = report.trials.filter { ["remission", "response"].contains($0.outcome.class) }
        guard !helped.isEmpty else {
            return .init("What helped me", [.paragraph("Talk with your care team about which treatments helped you most.")])
        }
        return .init(
            "What helped me",
            [
                .bullets(
                    helped.map { trial in
                        let source = DocumentFormat.recordTrial(for: trial, in: record)
                        let dose = source?.doses.last?.mgPerDay.map { " at \(DocumentFormat.number($0)) mg a day" } ?? ""
                        let still = trial.end == nil ? " Keep going with it unless your care team advises otherwise." : ""
                        return "\(trial.agent.capitalized)\(dose).\(still)"
                    })
            ])
    }

    static func list(_ heading: String, _ items: [String], examples: [String]) -> ClinicalDocument.Section {
        if !items.isEmpty { return .init(heading, [.bullets(items)]) }
        return .init(heading, [.paragraph("Examples to talk through and make your own:"), .bullets(examples)])
    }
}
