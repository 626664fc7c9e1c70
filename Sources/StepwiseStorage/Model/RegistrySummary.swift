// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// Cached, assessment-derived columns of the caseload registry for one patient version.
///
/// The registry computes these from an `AssessmentReport` and stores them keyed by patient and
/// version, so a page of 10 k patients does not re-run the engine. A summary whose `version` is
/// not the patient's current version is stale and is not returned by `registrySummaries`.
public struct RegistrySummary: Codable, Sendable, Equatable {
    /// The patient identifier.
    public var patientID: String
    /// The patient version the summary was computed from.
    public var version: Int
    /// The "today" of the assessment.
    public var asOf: LocalDate
    /// The latest PHQ-9 total, if any.
    public var lastPHQ9: Int?
    /// Date of the latest PHQ-9.
    public var lastPHQ9Date: LocalDate?
    /// Percent change of the latest PHQ-9 from baseline (negative is improvement).
    public var changeSinceBaselinePercent: Double?
    /// Whole weeks on the current treatment plan.
    public var weeksInCurrentTreatment: Int?
    /// TRD definitions met (for example `["fda"]`); empty when none is met.
    public var trdDefinitionsMet: [String]
    /// Thase–Rush stage 0–5, when staged.
    public var thaseRushStage: Int?
    /// Flag ids shown in the registry (`suicide-risk`, `not-improving`, `overdue-measure`, …).
    public var flags: [String]
    /// The knowledge-base version and rule profile the row was assessed with (`2026.11.1/mgh-atrq`);
    /// a row from another knowledge version or profile is rebuilt, so an upgrade or a profile change
    /// shows at once. `nil` in rows cached before this was recorded (they are rebuilt too).
    public var basis: String?

    /// Creates a summary.
    public init(
        patientID: String, version: Int, asOf: LocalDate, lastPHQ9: Int? = nil, lastPHQ9Date: LocalDate? = nil,
        changeSinceBaselinePercent: Double? = nil, weeksInCurrentTreatment: Int? = nil,
        trdDefinitionsMet: [String] = [], thaseRushStage: Int? = nil, flags: [String] = [], basis: String? = nil
    ) {
        self.patientID = patientID
        self.version = version
        self.asOf = asOf
        self.lastPHQ9 = lastPHQ9
        self.lastPHQ9Date = lastPHQ9Date
        self.changeSinceBaselinePercent = changeSinceBaselinePercent
        self.weeksInCurrentTreatment = weeksInCurrentTreatment
        self.trdDefinitionsMet = trdDefinitionsMet
        self.thaseRushStage = thaseRushStage
        self.flags = flags
        self.basis = basis
    }
}
