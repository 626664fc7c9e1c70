// SPDX-License-Identifier: Apache-2.0

/// How an instrument's total and screen result are computed. Each optional block is a rule the
/// scorer applies when present; the values (cut-offs, item groups) are data with sources.
public struct ScoringRule: Codable, Sendable, Equatable {
    /// How the total is formed.
    public enum Method: String, Codable, Sendable, CaseIterable {
        /// Sum of the scored items.
        case sum
        /// Sum over domains of the highest item in each domain (QIDS-SR16).
        case domainMaximum = "domain-maximum"
        /// Number of items answered at or above their `countsAtOrAbove` threshold (ASRS, MDQ, STOP-Bang).
        case countEndorsed = "count-endorsed"
        /// No total; a triage level from the answers (C-SSRS screener).
        case triage
    }

    /// How the total is formed.
    public var method: Method
    /// Rule id explained by `stepwise explain` (e.g. `instrument-qids-sr16`).
    public var rule: String
    /// One-paragraph plain-language description of the rule.
    public var description: String
    /// Items that enter the total (`nil` = every item).
    public var scoredItems: [Int]?
    /// Item groups for ``Method/domainMaximum``; an item belongs to exactly one domain.
    public var domains: [[Int]]?
    /// Missing and not-applicable item handling (WSAS).
    public var missingItems: MissingItemRule?
    /// A screen cut-off on the total (PHQ-2, AUDIT-C, ASRS, GAD-7, PCL-5).
    public var screen: ScreenCutoff?
    /// The PCL-5 DSM-5 symptom-cluster rule.
    public var clusters: ClusterRule?
    /// The MDQ three-part rule.
    public var mdq: MDQRule?
    /// Triage levels from yes/no answers (C-SSRS screener).
    public var triage: TriageRule?
    /// An alternative route to the top band (STOP-Bang: ≥ 2 STOP items plus male, BMI or neck).
    public var alternativeHigh: AlternativeHighRule?
    /// A yes/no item meaning "male sex" (STOP-Bang item 8), filled from the record's sex when unanswered.
    public var sexItem: Int?
    /// Report the total as a percent of the possible range (Q-LES-Q-SF).
    public var percentOfMaximum: PercentRule?
    /// Source ids.
    public var sources: [String]
}

/// Missing and not-applicable items.
public struct MissingItemRule: Codable, Sendable, Equatable {
    /// Items that may be left empty as "not applicable" (WSAS item 1 when retired); the total is
    /// then taken over the remaining items and the maximum falls accordingly.
    public var notApplicableItems: [Int]
    /// How many further missing items may be replaced by the mean of the answered ones.
    public var maximumReplaced: Int
    /// Sources for this rule.
    public var sources: [String]
}

/// A cut-off on the total: at or above it the screen is positive.
public struct ScreenCutoff: Codable, Sendable, Equatable {
    /// Cut-off used when no sex-specific one applies (for AUDIT-C: when sex is unknown).
    public var positiveAtOrAbove: Int
    /// Cut-off for women, when sex-specific.
    public var female: Int?
    /// Cut-off for men, when sex-specific.
    public var male: Int?
    /// The flag raised when positive (`screen-positive` or `ptsd-provisional`).
    public var positiveFlag: String
    /// The flag raised when negative (`screen-negative`), if any.
    public var negativeFlag: String?
    /// Whether the screen decides the band (`positive` / `negative`) rather than severity bands.
    public var setsBand: Bool
    /// Note, e.g. which threshold applies when sex is unknown.
    public var note: String?
    /// Source ids.
    public var sources: [String]
    /// A flag raised when every point of a total above 0 comes from the rule's items (the other
    /// items answered 0): AUDIT-C's "all points from question 1: drinking likely within limits".
    public var pointsOnlyFrom: PointsOnlyRule?

    /// The cut-off for `sex`, and whether it is the sex-specific one.
    public func cutoff(for sex: Sex?) -> (value: Int, sexSpecific: Bool) {
        switch sex {
        case .female?: if let female { return (female, true) }
        case .male?: if let male { return (male, true) }
        default: break
        }
        return (positiveAtOrAbove, false)
    }
}

/// A flag for a total whose points all come from some items (``ScreenCutoff/pointsOnlyFrom``).
public struct PointsOnlyRule: Codable, Sendable, Equatable {
    /// The 1-based item numbers the points come from (`[1]` for AUDIT-C question 1).
    public var items: [Int]
    /// The flag raised (`q1-only`).
    public var flag: String
    /// What the flag means (shown with the result).
    public var note: String?
    /// Source ids.
    public var sources: [String]

    /// Whether `answers` (1-based by position) total above 0 with every other item answered 0.
    func applies(to answers: [Int?]) -> Bool {
        var any = false
        for (index, answer) in answers.enumerated() {
            guard let answer else { return false }
            if items.contains(index + 1) {
                if answer > 0 { any = true }
            } else if answer != 0 {
                return false
            }
        }
        return any
    }
}

/// PCL-5 DSM-5 cluster rule: an item answered at or above `endorsedAtOrAbove` counts as a
/// symptom; each cluster needs at least its `minimum` symptoms.
public struct ClusterRule: Codable, Sendable, Equatable {
    /// The answer at or above which an item counts as endorsed.
    public var endorsedAtOrAbove: Int
    /// The clusters.
    public var clusters: [Cluster]
    /// Source ids.
    public var sources: [String]

    /// One symptom cluster.
    public struct Cluster: Codable, Sendable, Equatable {
        /// Cluster letter (`B`, `C`, `D`, `E`).
        public var id: String
        /// What it covers (e.g. "intrusion").
        public var name: String
        /// Items in the cluster.
        public var items: [Int]
        /// Endorsed items needed.
        public var minimum: Int
    }
}

/// MDQ three-part rule.
public struct MDQRule: Codable, Sendable, Equatable {
    /// Part 1 items (13 yes/no symptoms); the total is the number answered yes.
    public var symptomItems: [Int]
    /// Yes answers needed in part 1.
    public var minimumYes: Int
    /// Part 2 item: several symptoms in the same period (1 = yes).
    public var clusteringItem: Int
    /// Part 3 item: how much of a problem (0 no, 1 minor, 2 moderate, 3 serious).
    public var impairmentItem: Int
    /// Part 3 answer needed (2 = moderate).
    public var minimumImpairment: Int
    /// Source ids.
    public var sources: [String]
}

/// Triage levels from yes/no items; the first level whose condition holds wins.
public struct TriageRule: Codable, Sendable, Equatable {
    /// Levels from highest to lowest.
    public var levels: [Level]
    /// Items whose missing answer is treated as "yes" when the item they follow up is "yes"
    /// (C-SSRS item 7, "within the past 3 months", when item 6 is yes): recent behaviour cannot be excluded.
    public var assumeYesWhenUnanswered: [FollowUp]
    /// Items that must be answered when another item is yes (C-SSRS items 3–5 after item 2).
    public var requiredWhenYes: [FollowUp]
    /// Items that must always be answered.
    public var requiredItems: [Int]
    /// Source ids.
    public var sources: [String]

    /// One level.
    public struct Level: Codable, Sendable, Equatable {
        /// Band id (`high`, `moderate`, `low`).
        public var band: String
        /// Flag raised (`cssrs-high-risk`, …).
        public var flag: String
        /// The level applies when every item of any one group is answered yes.
        public var anyOf: [[Int]]
        /// Source ids.
        public var sources: [String]
    }

    /// An item that follows up another.
    public struct FollowUp: Codable, Sendable, Equatable {
        /// The item asked first.
        public var whenYes: Int
        /// The follow-up items.
        public var items: [Int]
        /// Source ids.
        public var sources: [String]
    }

    /// The band when nothing is endorsed.
    public var noneBand: String { "none" }
}

/// A second route to the highest band.
public struct AlternativeHighRule: Codable, Sendable, Equatable {
    /// Items of which at least `atLeast` must be yes.
    public var items: [Int]
    /// How many of `items`.
    public var atLeast: Int
    /// Plus at least one of these yes.
    public var andAnyOf: [Int]
    /// The band it leads to.
    public var band: String
    /// Source ids.
    public var sources: [String]
}

/// Percent of the possible range: (total − minimum) / (maximum − minimum) × 100.
public struct PercentRule: Codable, Sendable, Equatable {
    /// Formula as text, for display.
    public var formula: String
    /// Source ids.
    public var sources: [String]
}
