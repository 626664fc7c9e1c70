// SPDX-License-Identifier: Apache-2.0

// The planner's "Why here" sentences that do not depend on the patient, read from `plan-options.json`
// (`reasons`, `reasonSuffixes`) so that clinical statements ("ECT is first line for psychotic
// depression") are data with their sources, like the options they justify.

/// The fixed "Why here" sentences, one per planner rule that gives one (`plan-options.json`, `reasons`).
public struct PlanReasonTexts: Codable, Sendable, Equatable {
    /// Relapse-prevention plan: the latest score is in the remission range.
    public var remissionRange: SourcedText
    /// Continue the current treatment: remission reached on it.
    public var remissionReached: SourcedText
    /// Booster psychotherapy sessions after remission.
    public var boosterSessions: SourcedText
    /// ECT for psychotic features.
    public var psychoticECT: SourcedText
    /// The antidepressant + antipsychotic combination for psychotic features.
    public var psychoticRecorded: SourcedText
    /// ECT for a critical suicide-risk signal.
    public var criticalECT: SourcedText
    /// A higher level of care for a critical suicide-risk signal.
    public var criticalCare: SourcedText
    /// A bipolar-depression regimen for a bipolar signal.
    public var bipolar: SourcedText
    /// Address adherence when it has not been verified.
    public var adherenceNotVerified: SourcedText
    /// Add psychotherapy when no course is recorded.
    public var noPsychotherapy: SourcedText
    /// Intensify psychotherapy when depression persists despite a course.
    public var persistsDespitePsychotherapy: SourcedText
    /// Start an antidepressant when none is current and none has failed.
    public var noAntidepressant: SourcedText
    /// CBASP for chronic depression.
    public var chronic: SourcedText
    /// Light therapy for a seasonal pattern.
    public var seasonal: SourcedText
    /// ACT or DBT after an adequate psychotherapy course.
    public var persistingAfterPsychotherapy: SourcedText
    /// Family or couples therapy for relationship stressors.
    public var relationshipStressors: SourcedText

    /// Every sentence with its key (for checks).
    public var all: [(key: String, text: SourcedText)] {
        FixedReason.allCases.map { ($0.name, self[$0]) }
    }

    subscript(reason: FixedReason) -> SourcedText {
        switch reason {
        case .remissionRange: remissionRange
        case .remissionReached: remissionReached
        case .boosterSessions: boosterSessions
        case .psychoticECT: psychoticECT
        case .psychoticRecorded: psychoticRecorded
        case .criticalECT: criticalECT
        case .criticalCare: criticalCare
        case .bipolar: bipolar
        case .adherenceNotVerified: adherenceNotVerified
        case .noPsychotherapy: noPsychotherapy
        case .persistsDespitePsychotherapy: persistsDespitePsychotherapy
        case .noAntidepressant: noAntidepressant
        case .chronic: chronic
        case .seasonal: seasonal
        case .persistingAfterPsychotherapy: persistingAfterPsychotherapy
        case .relationshipStressors: relationshipStressors
        }
    }
}

/// The sentences the planner adds after a summary of failed trials (`plan-options.json`,
/// `reasonSuffixes`).
public struct PlanReasonSuffixTexts: Codable, Sendable, Equatable {
    /// Augmentation after a partial response.
    public var partial: SourcedText
    /// rTMS referral.
    public var rtms: SourcedText
    /// Esketamine referral.
    public var esketamine: SourcedText
    /// ECT referral.
    public var ect: SourcedText
    /// Pharmacogenetic testing.
    public var pharmacogenetics: SourcedText
    /// A higher level of care.
    public var higherLevel: SourcedText

    /// Every sentence with its key (for checks).
    public var all: [(key: String, text: SourcedText)] {
        [
            ("partial", partial), ("rtms", rtms), ("esketamine", esketamine), ("ect", ect),
            ("pharmacogenetics", pharmacogenetics), ("higherLevel", higherLevel),
        ]
    }
}

/// The reason sentences as the planner reads them: one array per kind, by raw value, built once per
/// catalogue and shared by every option's constant parts (one retain).
final class ReasonWording: Sendable {
    /// By ``FixedReason`` raw value.
    let fixed: [String]
    /// By ``PlanCandidates/Reason/Suffix`` raw value, each with its leading space (`.none`: empty).
    let suffixes: [String]

    /// `chronicMonths` fills the `{months}` of the chronic-episode sentence.
    init(_ reasons: PlanReasonTexts, _ suffixes: PlanReasonSuffixTexts, chronicMonths: Int) {
        fixed = FixedReason.allCases.map { reason in
            reason == .chronic
                ? TextTemplate.render(reasons[reason].text, ["months": String(chronicMonths)]) : reasons[reason].text
        }
        self.suffixes = PlanCandidates.Reason.Suffix.allCases.map { suffix in
            switch suffix {
            case .none: ""
            case .partial: " " + suffixes.partial.text
            case .rtms: " " + suffixes.rtms.text
            case .esketamine: " " + suffixes.esketamine.text
            case .ect: " " + suffixes.ect.text
            case .pharmacogenetics: " " + suffixes.pharmacogenetics.text
            case .higherLevel: " " + suffixes.higherLevel.text
            }
        }
    }

    /// No sentences (an option built outside the planner never renders a planner reason).
    static let empty = ReasonWording()

    private init() {
        fixed = FixedReason.allCases.map { _ in "" }
        suffixes = PlanCandidates.Reason.Suffix.allCases.map { _ in "" }
    }
}
