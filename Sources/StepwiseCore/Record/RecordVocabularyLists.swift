// SPDX-License-Identifier: Apache-2.0

/// The values a record may use by id, for forms that offer them (the web app's condition and
/// finding forms): the same lists record validation checks against.
public enum RecordVocabularyLists {
    /// Every condition category (`bipolar`, `suicide-risk`, `psychotic-disorder`, …), sorted.
    public static var conditionCategories: [String] { RecordVocabulary.bundled?.categories ?? [] }
    /// Every finding `check` id: the pseudo-resistance checks and the findings the planner reads.
    public static var findingChecks: [String] { RecordVocabulary.bundled?.checks ?? [] }
}
