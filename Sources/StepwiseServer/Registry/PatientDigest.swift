// SPDX-License-Identifier: Apache-2.0
import StepwiseCore

/// The registry row of one patient: what a caseload view shows, derived from the record and its
/// assessment. Cheap to store and to sort, so the registry never re-assesses records per request.
public struct PatientDigest: Codable, Sendable, Equatable {
    /// The record's pseudonymous id.
    public var patientID: String
    /// The first PHQ-9 of the current episode (the baseline).
    public var baselinePHQ9: ScorePoint?
    /// The most recent PHQ-9.
    public var lastPHQ9: ScorePoint?
    /// Percent change from baseline to the last PHQ-9 (negative = improvement).
    public var changePercent: Double?
    /// Ongoing treatments (agents or modalities).
    public var currentTreatments: [String]
    /// Weeks since the most recent ongoing treatment started, as of the assessment date.
    public var weeksInCurrentTreatment: Double?
    /// Ids of the TRD definitions that are met.
    public var trdMet: [String]
    /// Thase–Rush stage 0–5.
    public var thaseRushStage: Int
    /// Maudsley total and band.
    public var maudsley: String?
    /// Registry flags, most urgent first.
    public var flags: [RegistryFlag]
    /// Date of the last measurement of any instrument.
    public var lastMeasured: LocalDate?
    /// The date the digest was computed as of.
    public var asOf: LocalDate

    /// Creates a digest.
    public init(
        patientID: String, baselinePHQ9: ScorePoint? = nil, lastPHQ9: ScorePoint? = nil,
        changePercent: Double? = nil, currentTreatments: [String] = [], weeksInCurrentTreatment: Double? = nil,
        trdMet: [String] = [], thaseRushStage: Int = 0, maudsley: String? = nil, flags: [RegistryFlag] = [],
        lastMeasured: LocalDate? = nil, asOf: LocalDate
    ) {
        self.patientID = patientID
        self.baselinePHQ9 = baselinePHQ9
        self.lastPHQ9 = lastPHQ9
        self.changePercent = changePercent
        self.currentTreatments = currentTreatments
        self.weeksInCurrentTreatment = weeksInCurrentTreatment
        self.trdMet = trdMet
        self.thaseRushStage = thaseRushStage
        self.maudsley = maudsley
        self.flags = flags
        self.lastMeasured = lastMeasured
        self.asOf = asOf
    }

    /// Whether a flag of `kind` is raised.
    public func has(_ kind: RegistryFlag) -> Bool { flags.contains(kind) }

    /// Derives the digest from a record and its assessment.
    public static func make(record: PatientRecord, report: AssessmentReport) -> PatientDigest {
        let phq9 = report.measurements.filter { $0.instrument == "phq9" && $0.total != nil }
        let onset = record.episode?.onset
        let baselineCandidates = onset.map { day in phq9.filter { $0.date >= day } } ?? phq9
        let baseline = (baselineCandidates.first ?? phq9.first).flatMap { m in m.total.map { ScorePoint(date: m.date, score: $0) } }
        let last = phq9.last.flatMap { m in m.total.map { ScorePoint(date: m.date, score: $0) } }
        var change: Double?
        if let baseline, let last, baseline.score > 0, last.date > baseline.date {
            change = (Double(last.score - baseline.score) / Double(baseline.score) * 1000).rounded() / 10
        }
        let ongoing = record.trials.filter { $0.end == nil && $0.isCurrentEpisode && $0.start <= report.asOf }
        let latestStart = ongoing.map(\.start).max()
        let weeks = latestStart.map { ($0.weeks(to: report.asOf) * 10).rounded() / 10 }

        var flags: [RegistryFlag] = []
        if !report.safety.isEmpty { flags.append(.safety) }
        let notImproving = report.monitoring.contains { item in
            item.id.hasPrefix("treat-to-target") && item.level != "info"
        }
        if notImproving { flags.append(.notImproving) }
        if report.monitoring.contains(where: { $0.id.hasPrefix("overdue") && $0.level != "info" }) {
            flags.append(.overdueMeasure)
        }
        if notImproving || report.safety.contains(where: { $0.level == "critical" || $0.level == "high" }) {
            flags.append(.psychiatricReview)
        }
        if report.pseudoResistance.contains(where: { $0.status != "absent" }) { flags.append(.pseudoResistanceGaps) }

        let msm = report.staging.maudsley
        return PatientDigest(
            patientID: record.id, baselinePHQ9: baseline, lastPHQ9: last, changePercent: change,
            currentTreatments: ongoing.map(\.agent), weeksInCurrentTreatment: weeks,
            trdMet: report.trd.filter(\.met).map(\.definition), thaseRushStage: report.staging.thaseRush.stage,
            maudsley: report.trials.isEmpty ? nil : "\(msm.total) (\(msm.band))", flags: flags,
            lastMeasured: report.measurements.map(\.date).max(), asOf: report.asOf
        )
    }
}

/// A registry flag: what needs attention on the caseload.
public enum RegistryFlag: String, Codable, Sendable, CaseIterable, Comparable {
    /// A suicide-risk or other safety signal.
    case safety
    /// No ≥ 50 % improvement after 8–12 weeks on the current plan (treat-to-target).
    case notImproving = "not-improving"
    /// The last depression measure is older than the profile's interval.
    case overdueMeasure = "overdue-measure"
    /// Psychiatric case review is due (not improving, or a high safety signal).
    case psychiatricReview = "psychiatric-review"
    /// The pseudo-resistance checklist has items present or not assessed.
    case pseudoResistanceGaps = "pseudo-resistance-gaps"

    /// Short label for tables.
    public var label: String {
        switch self {
        case .safety: "Safety"
        case .notImproving: "Not improving"
        case .overdueMeasure: "Measure overdue"
        case .psychiatricReview: "Psychiatric review"
        case .pseudoResistanceGaps: "Pseudo-resistance gaps"
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}
