// SPDX-License-Identifier: Apache-2.0
import Synchronization

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
    /// The duration is unknown or the dates are impossible.
    public static let durationUnknown = "duration-unknown"
    /// The agent is not in the catalogue.
    public static let agentUnknown = "agent-unknown"
    /// No adherence evidence: judged on dose and duration only.
    public static let adherenceNotVerified = "adherence-not-verified"
    /// The trial is still running.
    public static let ongoing = "ongoing"
    /// Fewer psychotherapy or neuromodulation sessions than the profile requires.
    public static let tooFewSessions = "too-few-sessions"
    /// A psychotherapy or neuromodulation course without a recorded number of sessions (its adequacy
    /// is counted in sessions, so `duration-unknown` named the wrong missing input).
    public static let sessionsUnknown = "sessions-unknown"
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

    /// What the adequacy rules read from the profile and the tables, gathered once per patient
    /// (a reference, so handing it to each trial is one retain).
    final class Parameters {
        let asOf: LocalDate
        let adequateWeeks: Double
        let adequateWeeksSources: [String]
        let augmentationWeeks: Sourced<Double>?
        let adherenceThreshold: Double
        let adherenceSources: [String]
        let responsePercent: Double
        let partialResponsePercent: Double
        let psychotherapySessions: Sourced<Int>
        let ectSessions: Sourced<Int>
        let rtmsSessions: Sourced<Int>
        /// The recorded episode onset: a trial without `currentEpisode` that ended before it belongs
        /// to an earlier episode (``TreatmentTrial/isInCurrentEpisode(onset:)``).
        let episodeOnset: LocalDate?

        init(context: AssessmentContext, tables: TreatmentTables?, episodeOnset: LocalDate? = nil) {
            let profile = context.profile
            asOf = context.asOf
            self.episodeOnset = episodeOnset
            adequateWeeks = profile.adequateWeeks.value
            adequateWeeksSources = profile.adequateWeeks.sources
            augmentationWeeks = tables?.augmentationAdequateWeeks
            adherenceThreshold = profile.adherenceThresholdPercent.value
            adherenceSources = profile.adherenceThresholdPercent.sources
            responsePercent = profile.responsePercent.value
            partialResponsePercent = profile.partialResponsePercent.value
            psychotherapySessions = profile.adequatePsychotherapySessions
            ectSessions = profile.adequateECTSessions
            rtmsSessions = profile.adequateRTMSSessions
        }
    }

    static func medication(
        _ trial: TreatmentTrial, drug: DrugDefinition?, context: AssessmentContext, tables: TreatmentTables?
    ) -> MedicationResult {
        medication(trial, drug: drug, parameters: Parameters(context: context, tables: tables))
    }

    static func medication(
        _ trial: TreatmentTrial, drug: DrugDefinition?, parameters: Parameters
    ) -> MedicationResult {
        let role = trial.effectiveRole
        var requiredWeeks = parameters.adequateWeeks
        var weeksSources = parameters.adequateWeeksSources
        var rule = "adequacy-medication"
        if role == .augmentation || role == .combination, let weeks = parameters.augmentationWeeks {
            rule = "adequacy-augmentation"
            if weeks.value < requiredWeeks {
                requiredWeeks = weeks.value
                weeksSources = weeks.sources
            }
        }
        let requiredDays = Int((requiredWeeks * 7).rounded())
        let close = trial.end ?? parameters.asOf
        let ongoing = trial.end == nil
        var reasons = ReasonList()
        let adherence = adherenceJudgement(trial, threshold: parameters.adherenceThreshold)
        let adherenceSources = parameters.adherenceSources

        guard let drug else {
            reasons.append(.agentUnknown)
            if adherence.nonAdherent { reasons.append(.nonAdherence) }
            if !adherence.verified { reasons.append(.adherenceNotVerified) }
            var adequacy = Adequacy(
                verdict: adherence.nonAdherent ? "inadequate" : "unknown", reasons: reasons.strings,
                requiredWeeks: requiredWeeks, adherenceVerified: adherence.verified, explanation: "",
                rule: rule, sources: SourceLists.union(weeksSources, adherenceSources))
            let agent = trial.agent
            adequacy.$explanation = Deferred {
                "\(agent) is not in the drug catalogue, so its minimum adequate dose is unknown" + adherence.sentence
            }
            return MedicationResult(adequacy: adequacy, exposure: nil)
        }
        guard let minimum = drug.minimumDose(for: role) else {
            reasons.append(.doseUnknown)
            if adherence.nonAdherent { reasons.append(.nonAdherence) }
            if !adherence.verified { reasons.append(.adherenceNotVerified) }
            var adequacy = Adequacy(
                verdict: adherence.nonAdherent ? "inadequate" : "unknown", reasons: reasons.strings,
                requiredWeeks: requiredWeeks, adherenceVerified: adherence.verified, explanation: "",
                rule: rule, sources: SourceLists.union(weeksSources, adherenceSources) + drug.sources)
            let name = drug.name
            adequacy.$explanation = Deferred {
                "No minimum adequate dose is catalogued for \(name) as \(role.rawValue), "
                    + "so adequacy cannot be judged" + adherence.sentence
            }
            return MedicationResult(adequacy: adequacy, exposure: nil)
        }
        let sources = SourceLists.union(weeksSources, adherenceSources, minimum.sources)
        guard close >= trial.start else {
            reasons.append(.durationUnknown)
            return MedicationResult(
                adequacy: Adequacy(
                    verdict: "unknown", reasons: reasons.strings, minimumDose: minimum.value, requiredWeeks: requiredWeeks,
                    adherenceVerified: adherence.verified,
                    explanation: "The trial's end (or the as-of date) is before its start, so its duration is unknown",
                    rule: rule, sources: sources), exposure: nil)
        }
        let exposure = DoseExposure(doses: trial.doses, start: trial.start, close: close, minimum: minimum.value)
        let weeksAtDose = Double(exposure.daysAtOrAbove) / 7
        let reachedDuration = exposure.daysAtOrAbove >= requiredDays
        var tail = MedicationSentence.Tail.none
        var verdict: String
        if reachedDuration {
            verdict = "adequate"
        } else if exposure.unknownDays > 0 && exposure.daysAtOrAbove + exposure.unknownDays >= requiredDays {
            verdict = "unknown"
            reasons.append(.doseUnknown)
            tail = .doseUnknown(days: exposure.unknownDays)
        } else {
            verdict = "inadequate"
            if ongoing {
                reasons.append(.ongoing)
                var lowDose: Double?
                if let dose = exposure.closingDose, dose + DoseExposure.doseTolerance < minimum.value {
                    reasons.append(.inadequateDose)
                    lowDose = dose
                }
                tail = .ongoing(lowDose: lowDose)
            } else {
                if exposure.anyBelow { reasons.append(.inadequateDose) }
                if exposure.totalDays < requiredDays || !exposure.anyBelow {
                    reasons.append(.inadequateDuration)
                }
                if trial.stopReason == .sideEffects {
                    reasons.append(.stoppedForIntolerance)
                    tail = .stoppedForSideEffects
                }
            }
        }
        if verdict == "adequate" && ongoing { reasons.append(.ongoing) }
        if adherence.nonAdherent {
            verdict = "inadequate"
            reasons.append(.nonAdherence)
        }
        if !adherence.verified { reasons.append(.adherenceNotVerified) }
        var adequacy = Adequacy(
            verdict: verdict, reasons: reasons.strings, weeksAtAdequateDose: weeksAtDose, minimumDose: minimum.value,
            requiredWeeks: requiredWeeks, adherenceVerified: adherence.verified, explanation: "",
            rule: rule, sources: sources)
        let sentence = MedicationSentence(
            name: drug.name, daysAtOrAbove: exposure.daysAtOrAbove, minimum: minimum.value,
            requiredWeeks: requiredWeeks, tail: tail, adherence: adherence)
        adequacy.$explanation = Deferred { sentence.text }
        return MedicationResult(adequacy: adequacy, exposure: exposure)
    }

    /// The explanation of a judged medication trial, rendered when read.
    struct MedicationSentence: Sendable {
        enum Tail: Sendable {
            case none
            case doseUnknown(days: Int)
            case ongoing(lowDose: Double?)
            case stoppedForSideEffects
        }

        var name: String
        var daysAtOrAbove: Int
        var minimum: Double
        var requiredWeeks: Double
        var tail: Tail
        var adherence: AdherenceJudgement

        var text: String {
            var explanation =
                "\(name): \(TrialText.weeks(days: daysAtOrAbove)) weeks at or above \(TrialText.dose(minimum)) mg/day "
                + "(required \(TrialText.oneDecimal(requiredWeeks)) weeks)"
            switch tail {
            case .none: break
            case .doseUnknown(let days):
                explanation += "; the dose is unknown for \(TrialText.weeks(days: days)) weeks, which could decide it"
            case .ongoing(let lowDose):
                if let lowDose {
                    explanation += "; the current dose \(TrialText.dose(lowDose)) mg/day is below the minimum"
                }
                explanation += "; ongoing, not yet adequate"
            case .stoppedForSideEffects:
                explanation += "; stopped for side effects before it was adequate"
            }
            return explanation + adherence.sentence
        }
    }

    static let unknownSessionSources = ["project-decision-ect-6", "project-decision-rtms-20"]

    /// Psychotherapy and neuromodulation: sessions against the profile's thresholds.
    static func sessions(_ trial: TreatmentTrial, context: AssessmentContext) -> Adequacy {
        sessions(trial, parameters: Parameters(context: context, tables: nil))
    }

    static func sessions(_ trial: TreatmentTrial, parameters: Parameters) -> Adequacy {
        let threshold: Sourced<Int>?
        switch trial.kind {
        case .psychotherapy:
            threshold = parameters.psychotherapySessions
        case .neuromodulation:
            switch trial.agent {
            case "ect": threshold = parameters.ectSessions
            case "rtms", "itbs", "tms", "dtms": threshold = parameters.rtmsSessions
            default: threshold = nil
            }
        case .medication:
            threshold = nil
        }
        let label = trial.kind == .psychotherapy ? "psychotherapy" : trial.agent
        let rule = trial.kind == .psychotherapy ? "adequacy-psychotherapy" : "adequacy-neuromodulation"
        guard let threshold else {
            var adequacy = Adequacy(
                verdict: "unknown", reasons: ReasonList(.agentUnknown).strings, adherenceVerified: trial.sessions != nil,
                explanation: "", rule: rule, sources: unknownSessionSources)
            adequacy.$explanation = Deferred { "No adequacy threshold is catalogued for \(label)" }
            return adequacy
        }
        let required = threshold.value
        guard let sessions = trial.sessions else {
            var adequacy = Adequacy(
                verdict: "unknown", reasons: ReasonList(.sessionsUnknown).strings, adherenceVerified: false,
                explanation: "", rule: rule, sources: threshold.sources)
            adequacy.$explanation = Deferred {
                "\(label): the number of sessions is not recorded (adequate from \(required))"
            }
            return adequacy
        }
        var reasons = ReasonList()
        var verdict = "adequate"
        var tail = 0
        if sessions < required {
            verdict = "inadequate"
            if trial.end == nil {
                reasons.append(.ongoing)
                tail = 1
            } else {
                reasons.append(.tooFewSessions)
                if trial.stopReason == .sideEffects {
                    reasons.append(.stoppedForIntolerance)
                    tail = 2
                }
            }
        } else if trial.end == nil {
            reasons.append(.ongoing)
        }
        var adequacy = Adequacy(
            verdict: verdict, reasons: reasons.strings, adherenceVerified: true, explanation: "", rule: rule,
            sources: threshold.sources)
        let ending = tail
        adequacy.$explanation = Deferred {
            let text = "\(label): \(sessions) sessions (adequate from \(required))"
            switch ending {
            case 1: return text + "; ongoing, not yet adequate"
            case 2: return text + "; stopped for side effects before it was adequate"
            default: return text
            }
        }
        return adequacy
    }

    /// Adherence evidence judged against the profile threshold (at or above it is adherent).
    struct AdherenceJudgement: Sendable {
        var verified: Bool
        var nonAdherent: Bool
        var percent = 0.0
        var threshold = 0.0
        /// A percent was recorded but lies outside 0–100 (reported as an issue, not used).
        var outOfRange = false

        /// The adherence clause of an explanation.
        var sentence: String {
            guard verified else {
                return outOfRange ? "; adherence not verified (the recorded percent is outside 0–100)" : "; adherence not verified"
            }
            if nonAdherent {
                return "; adherence \(TrialText.oneDecimal(percent)) % is below the \(TrialText.oneDecimal(threshold)) % convention"
            }
            return "; adherence \(TrialText.oneDecimal(percent)) %"
        }
    }

    static func adherenceJudgement(_ trial: TreatmentTrial, threshold: Double) -> AdherenceJudgement {
        guard let percent = trial.adherence?.percent else {
            // Adherence.percent leaves out a value outside 0–100: such a value never verifies adherence.
            let recorded = trial.adherence.map { $0.percentDaysCovered != nil || $0.clinicianEstimate != nil } ?? false
            return AdherenceJudgement(verified: false, nonAdherent: false, outOfRange: recorded)
        }
        return AdherenceJudgement(
            verified: true, nonAdherent: percent + DoseExposure.doseTolerance < threshold, percent: percent,
            threshold: threshold)
    }

    static func appendUnique(_ ids: [String], to list: inout [String]) {
        for id in ids where !list.contains(id) { list.append(id) }
    }
}

/// Adequacy reasons collected as small codes; the `[String]` of each distinct sequence is built
/// once and shared (the same few sequences recur for every patient).
struct ReasonList {
    enum Code: UInt64 {
        case inadequateDose = 1, inadequateDuration, nonAdherence, stoppedForIntolerance, doseUnknown
        case durationUnknown, agentUnknown, adherenceNotVerified, ongoing, tooFewSessions, sessionsUnknown

        var text: String {
            switch self {
            case .inadequateDose: AdequacyReason.inadequateDose
            case .inadequateDuration: AdequacyReason.inadequateDuration
            case .nonAdherence: AdequacyReason.nonAdherence
            case .stoppedForIntolerance: AdequacyReason.stoppedForIntolerance
            case .doseUnknown: AdequacyReason.doseUnknown
            case .durationUnknown: AdequacyReason.durationUnknown
            case .agentUnknown: AdequacyReason.agentUnknown
            case .adherenceNotVerified: AdequacyReason.adherenceNotVerified
            case .ongoing: AdequacyReason.ongoing
            case .tooFewSessions: AdequacyReason.tooFewSessions
            case .sessionsUnknown: AdequacyReason.sessionsUnknown
            }
        }
    }

    /// Four bits per code, first code lowest; at most 16 codes.
    private var packed: UInt64 = 0
    private var count = 0

    init() {}

    init(_ code: Code) { append(code) }

    mutating func append(_ code: Code) {
        // The rules append at most five reasons per trial.
        guard count < 16 else { return }
        packed |= code.rawValue << UInt64(4 * count)
        count += 1
    }

    /// Every sequence of at most three codes (packed into 12 bits), built once: the rules append
    /// at most three reasons to almost every trial, so no lock or hash is needed to share them.
    /// Slots that no list packs (a code outside 1…11, or a gap) stay empty and allocate nothing.
    private static let short: [[String]] = (0..<4096).map { packed in
        var rest = packed
        while rest != 0 {
            guard (1...11).contains(rest & 0xF) else { return [] }
            rest >>= 4
        }
        return ReasonList.build(UInt64(packed))
    }

    /// Longer sequences (rare), built once and shared.
    private static let cache = Mutex<[UInt64: [String]]>([:])

    /// The reasons as strings, in the order appended.
    var strings: [String] {
        guard count > 0 else { return [] }
        let packed = packed
        if count <= 3 { return Self.short[Int(truncatingIfNeeded: packed)] }
        if let found = Self.cache.withLock({ $0[packed] }) { return found }
        let built = Self.build(packed)
        Self.cache.withLock { entries in
            if entries.count < 4096 { entries[packed] = built }
        }
        return built
    }

    /// The strings of the codes packed in `packed`, lowest first (a 0 nibble ends the list).
    private static func build(_ packed: UInt64) -> [String] {
        var list: [String] = []
        var rest = packed
        while rest != 0 {
            if let code = Code(rawValue: rest & 0xF) { list.append(code.text) }
            rest >>= 4
        }
        return list
    }
}
