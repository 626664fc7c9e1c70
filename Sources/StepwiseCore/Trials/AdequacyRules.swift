// SPDX-License-Identifier: Apache-2.0

/// The reason vocabulary of ``Adequacy/reasons``.
public enum AdequacyReason {
    /// Time at or above the minimum dose fell short because the dose was below the minimum.
    public static let inadequateDose = "inadequate-dose"
    /// The trial was shorter than the required weeks.
    public static let inadequateDuration = "inadequate-duration"
    /// Adherence evidence below the profile threshold.
    public static let nonAdherence = "non-adherence"
    /// Stopped for side effects before it was adequate.
    public static let stoppedForIntolerance = "stopped-for-intolerance"
    /// The dose (or the agent's minimum dose) is unknown, so adequacy cannot be judged.
    public static let doseUnknown = "dose-unknown"
    /// The duration (or session count) is unknown or the dates are impossible.
    public static let durationUnknown = "duration-unknown"
    /// The agent is not in the catalogue.
    public static let agentUnknown = "agent-unknown"
    /// No adherence evidence: judged on dose and duration only.
    public static let adherenceNotVerified = "adherence-not-verified"
    /// The trial is still running.
    public static let ongoing = "ongoing"
    /// Fewer psychotherapy or neuromodulation sessions than the profile requires.
    public static let tooFewSessions = "too-few-sessions"
}

/// Adequacy of one trial (engine step 2).
///
/// Medication: time counts only at or above the catalogue's minimum dose (the dose timeline is
/// walked; the trial's end, or the as-of date for an ongoing trial, closes the last step). A trial
/// is adequate with at least the profile's weeks at that dose (exactly 6 weeks = 42 days is
/// adequate); augmentation and combination trials need the shorter of the profile's weeks and
/// `augmentationAdequateWeeks` (4). Missing adherence evidence does not make a trial inadequate
/// (`adherence-not-verified`); adherence below the threshold does (`non-adherence`; exactly the
/// threshold is adherent). An unknown dose gives `unknown`, never `adequate`. An ongoing trial
/// that has not yet reached adequacy is `inadequate` with `ongoing` (not `inadequate-duration`:
/// it has not fallen short yet).
enum AdequacyRules {
    /// Result of judging a medication trial.
    struct MedicationResult {
        var adequacy: Adequacy
        var exposure: DoseExposure?
    }

    static func medication(
        _ trial: TreatmentTrial, drug: DrugDefinition?, context: AssessmentContext, tables: TreatmentTables?
    ) -> MedicationResult {
        let profile = context.profile
        let role = trial.effectiveRole
        var requiredWeeks = profile.adequateWeeks.value
        var sources = profile.adequateWeeks.sources
        var rule = "adequacy-medication"
        if role == .augmentation || role == .combination, let weeks = tables?.augmentationAdequateWeeks {
            rule = "adequacy-augmentation"
            if weeks.value < requiredWeeks {
                requiredWeeks = weeks.value
                sources = weeks.sources
            }
        }
        let requiredDays = Int((requiredWeeks * 7).rounded())
        let close = trial.end ?? context.asOf
        let ongoing = trial.end == nil
        var reasons: [String] = []
        let adherence = adherenceJudgement(trial, profile: profile)
        appendUnique(profile.adherenceThresholdPercent.sources, to: &sources)

        guard let drug else {
            reasons.append(AdequacyReason.agentUnknown)
            if adherence.nonAdherent { reasons.append(AdequacyReason.nonAdherence) }
            if !adherence.verified { reasons.append(AdequacyReason.adherenceNotVerified) }
            return MedicationResult(
                adequacy: Adequacy(
                    verdict: adherence.nonAdherent ? "inadequate" : "unknown", reasons: reasons,
                    requiredWeeks: requiredWeeks, adherenceVerified: adherence.verified,
                    explanation: "\(trial.agent) is not in the drug catalogue, so its minimum adequate dose is unknown"
                        + adherence.sentence,
                    rule: rule, sources: sources), exposure: nil)
        }
        let name = drug.name
        guard let minimum = drug.minimumDose(for: role) else {
            reasons.append(AdequacyReason.doseUnknown)
            if adherence.nonAdherent { reasons.append(AdequacyReason.nonAdherence) }
            if !adherence.verified { reasons.append(AdequacyReason.adherenceNotVerified) }
            return MedicationResult(
                adequacy: Adequacy(
                    verdict: adherence.nonAdherent ? "inadequate" : "unknown", reasons: reasons,
                    requiredWeeks: requiredWeeks, adherenceVerified: adherence.verified,
                    explanation: "No minimum adequate dose is catalogued for \(name) as \(role.rawValue), "
                        + "so adequacy cannot be judged" + adherence.sentence,
                    rule: rule, sources: sources + drug.sources), exposure: nil)
        }
        appendUnique(minimum.sources, to: &sources)
        guard close >= trial.start else {
            reasons.append(AdequacyReason.durationUnknown)
            return MedicationResult(
                adequacy: Adequacy(
                    verdict: "unknown", reasons: reasons, minimumDose: minimum.value, requiredWeeks: requiredWeeks,
                    adherenceVerified: adherence.verified,
                    explanation: "The trial's end (or the as-of date) is before its start, so its duration is unknown",
                    rule: rule, sources: sources), exposure: nil)
        }
        let exposure = DoseExposure(doses: trial.doses, start: trial.start, close: close, minimum: minimum.value)
        let weeksAtDose = Double(exposure.daysAtOrAbove) / 7
        let reachedDuration = exposure.daysAtOrAbove >= requiredDays
        let minimumText = "\(TrialText.dose(minimum.value)) mg"
        var explanation =
            "\(name): \(TrialText.weeks(days: exposure.daysAtOrAbove)) weeks at or above \(minimumText)/day "
            + "(required \(TrialText.oneDecimal(requiredWeeks)) weeks)"
        var verdict: String
        if reachedDuration {
            verdict = "adequate"
        } else if exposure.unknownDays > 0 && exposure.daysAtOrAbove + exposure.unknownDays >= requiredDays {
            verdict = "unknown"
            reasons.append(AdequacyReason.doseUnknown)
            explanation += "; the dose is unknown for \(TrialText.weeks(days: exposure.unknownDays)) weeks, which could decide it"
        } else {
            verdict = "inadequate"
            if ongoing {
                reasons.append(AdequacyReason.ongoing)
                if let dose = exposure.closingDose, dose + DoseExposure.doseTolerance < minimum.value {
                    reasons.append(AdequacyReason.inadequateDose)
                    explanation += "; the current dose \(TrialText.dose(dose)) mg/day is below the minimum"
                }
                explanation += "; ongoing, not yet adequate"
            } else {
                if exposure.anyBelow { reasons.append(AdequacyReason.inadequateDose) }
                if exposure.totalDays < requiredDays || !exposure.anyBelow {
                    reasons.append(AdequacyReason.inadequateDuration)
                }
                if trial.stopReason == .sideEffects {
                    reasons.append(AdequacyReason.stoppedForIntolerance)
                    explanation += "; stopped for side effects before it was adequate"
                }
            }
        }
        if verdict == "adequate" && ongoing { reasons.append(AdequacyReason.ongoing) }
        if adherence.nonAdherent {
            verdict = "inadequate"
            reasons.append(AdequacyReason.nonAdherence)
        }
        if !adherence.verified { reasons.append(AdequacyReason.adherenceNotVerified) }
        explanation += adherence.sentence
        return MedicationResult(
            adequacy: Adequacy(
                verdict: verdict, reasons: reasons, weeksAtAdequateDose: weeksAtDose, minimumDose: minimum.value,
                requiredWeeks: requiredWeeks, adherenceVerified: adherence.verified, explanation: explanation,
                rule: rule, sources: sources),
            exposure: exposure)
    }

    /// Psychotherapy and neuromodulation: sessions against the profile's thresholds.
    static func sessions(_ trial: TreatmentTrial, context: AssessmentContext) -> Adequacy {
        let profile = context.profile
        let threshold: Sourced<Int>?
        let label: String
        switch trial.kind {
        case .psychotherapy:
            threshold = profile.adequatePsychotherapySessions
            label = "psychotherapy"
        case .neuromodulation:
            switch trial.agent {
            case "ect": threshold = profile.adequateECTSessions
            case "rtms", "itbs", "tms", "dtms": threshold = profile.adequateRTMSSessions
            default: threshold = nil
            }
            label = trial.agent
        case .medication:
            threshold = nil
            label = trial.agent
        }
        let rule = trial.kind == .psychotherapy ? "adequacy-psychotherapy" : "adequacy-neuromodulation"
        guard let threshold else {
            return Adequacy(
                verdict: "unknown", reasons: [AdequacyReason.agentUnknown], adherenceVerified: trial.sessions != nil,
                explanation: "No adequacy threshold is catalogued for \(label)", rule: rule,
                sources: ["project-decision-ect-6", "project-decision-rtms-20"])
        }
        guard let sessions = trial.sessions else {
            return Adequacy(
                verdict: "unknown", reasons: [AdequacyReason.durationUnknown], adherenceVerified: false,
                explanation: "\(label): the number of sessions is not recorded (adequate from \(threshold.value))",
                rule: rule, sources: threshold.sources)
        }
        var reasons: [String] = []
        var verdict = "adequate"
        var explanation = "\(label): \(sessions) sessions (adequate from \(threshold.value))"
        if sessions < threshold.value {
            verdict = "inadequate"
            if trial.end == nil {
                reasons.append(AdequacyReason.ongoing)
                explanation += "; ongoing, not yet adequate"
            } else {
                reasons.append(AdequacyReason.tooFewSessions)
                if trial.stopReason == .sideEffects {
                    reasons.append(AdequacyReason.stoppedForIntolerance)
                    explanation += "; stopped for side effects before it was adequate"
                }
            }
        } else if trial.end == nil {
            reasons.append(AdequacyReason.ongoing)
        }
        return Adequacy(
            verdict: verdict, reasons: reasons, adherenceVerified: true, explanation: explanation, rule: rule,
            sources: threshold.sources)
    }

    /// Adherence evidence judged against the profile threshold (at or above it is adherent).
    struct AdherenceJudgement {
        var verified: Bool
        var nonAdherent: Bool
        var sentence: String
    }

    static func adherenceJudgement(_ trial: TreatmentTrial, profile: RuleProfile) -> AdherenceJudgement {
        guard let percent = trial.adherence?.percent else {
            return AdherenceJudgement(verified: false, nonAdherent: false, sentence: "; adherence not verified")
        }
        let threshold = profile.adherenceThresholdPercent.value
        if percent + DoseExposure.doseTolerance < threshold {
            return AdherenceJudgement(
                verified: true, nonAdherent: true,
                sentence: "; adherence \(TrialText.oneDecimal(percent)) % is below the \(TrialText.oneDecimal(threshold)) % convention")
        }
        return AdherenceJudgement(
            verified: true, nonAdherent: false, sentence: "; adherence \(TrialText.oneDecimal(percent)) %")
    }

    static func appendUnique(_ ids: [String], to list: inout [String]) {
        for id in ids where !list.contains(id) { list.append(id) }
    }
}
