// SPDX-License-Identifier: Apache-2.0

/// The flag vocabulary of ``ScoredMeasurement/flags`` (the safety engine and the planner read these).
public enum InstrumentFlag {
    /// A suicide-risk item (PHQ-9 9, QIDS-SR16 12, HAM-D17 3, MADRS 10) was answered > 0;
    /// `details["safetyItem"]` holds the answer and `details["safetyItemNumber"]` the item.
    public static let suicideItemPositive = "suicide-item-positive"
    /// C-SSRS screener triage: high risk (intent or plan, or suicidal behaviour in the past 3 months).
    public static let cssrsHighRisk = "cssrs-high-risk"
    /// C-SSRS screener triage: moderate risk (method, or suicidal behaviour more than 3 months ago).
    public static let cssrsModerateRisk = "cssrs-moderate-risk"
    /// C-SSRS screener triage: low risk (wish to be dead or non-specific thoughts only).
    public static let cssrsLowRisk = "cssrs-low-risk"
    /// A screen (PHQ-2, AUDIT-C, ASRS, MDQ, GAD-7, STOP-Bang high risk) is positive.
    public static let screenPositive = "screen-positive"
    /// A screen is negative.
    public static let screenNegative = "screen-negative"
    /// PCL-5 meets the DSM-5 cluster rule or the cut-point: provisional PTSD.
    public static let ptsdProvisional = "ptsd-provisional"
    /// Sex was unknown, so the lower (more sensitive) sex-specific cut-off was used (AUDIT-C).
    public static let sexUnknownLowerThreshold = "sex-unknown-lower-threshold"
    /// AUDIT-C: every point comes from question 1 (questions 2 and 3 answered 0), so drinking is
    /// likely within limits (the screen's ``PointsOnlyRule``).
    public static let pointsOnlyFromQuestion1 = "q1-only"
    /// A not-applicable item (WSAS item 1, retired) was left out; the maximum is lower.
    public static let itemNotApplicable = "item-not-applicable"
    /// A missing item was replaced by the mean of the answered items (WSAS, NHS rule).
    public static let missingItemReplaced = "missing-item-replaced"
    /// The entered total differs from the total of the item answers (the item total is used).
    public static let enteredTotalDiffers = "entered-total-differs"
    /// Only part of the administration was usable; kept because it carries a safety signal.
    public static let partial = "partial"
}

/// The `basis` values of ``ScoredMeasurement``.
public enum ScoreBasis {
    /// Scored from item answers.
    public static let items = "items"
    /// A clinician-entered total.
    public static let clinicianTotal = "clinician-total"
    /// Unusable as a whole; kept only for its safety signal (no total).
    public static let partial = "partial"
}
