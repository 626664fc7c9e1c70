// SPDX-License-Identifier: Apache-2.0

/// One item (question) of a rating instrument.
///
/// `label` is a short paraphrase that is always present. `text` is the verbatim item wording and
/// is shipped only for public-domain or freely reproducible scales (PHQ-9, PHQ-2, GAD-7, PCL-5,
/// AUDIT-C); licensed scales carry labels only.
public struct InstrumentItem: Codable, Sendable, Equatable {
    /// 1-based item number, as printed on the form.
    public var number: Int
    /// Short paraphrase of what the item asks (e.g. "Thoughts of death or self-harm").
    public var label: String
    /// Verbatim item wording, only for public-domain / freely reproducible scales.
    public var text: String?
    /// Lowest allowed answer value.
    public var minimum: Int
    /// Highest allowed answer value.
    public var maximum: Int
    /// The answer choices with their values (and LOINC answer codes where confirmed).
    public var options: [AnswerOption]
    /// LOINC code of the item, where confirmed.
    public var loinc: String?
    /// Whether the item may be left unanswered without making the administration unusable
    /// (e.g. QIDS-SR16 item 7 when item 6 was answered; Q-LES-Q-SF items 15–16).
    public var optional: Bool
    /// For count-based screens (ASRS): the answer at or above which the item counts
    /// (the "shaded box" threshold).
    public var countsAtOrAbove: Int?

    /// Creates an item.
    public init(
        number: Int, label: String, text: String? = nil, minimum: Int, maximum: Int, options: [AnswerOption],
        loinc: String? = nil, optional: Bool = false, countsAtOrAbove: Int? = nil
    ) {
        self.number = number
        self.label = label
        self.text = text
        self.minimum = minimum
        self.maximum = maximum
        self.options = options
        self.loinc = loinc
        self.optional = optional
        self.countsAtOrAbove = countsAtOrAbove
    }

    /// The option with answer `value`, if any.
    public func option(_ value: Int) -> AnswerOption? { options.first { $0.value == value } }
}

/// One answer choice of an item.
public struct AnswerOption: Codable, Sendable, Equatable {
    /// The score the answer contributes (e.g. 0 = "Not at all").
    public var value: Int
    /// The answer as shown to the respondent (or a paraphrase for licensed scales).
    public var label: String
    /// LOINC answer code (e.g. `LA6568-5`), where confirmed.
    public var loinc: String?

    /// Creates an option.
    public init(value: Int, label: String, loinc: String? = nil) {
        self.value = value
        self.label = label
        self.loinc = loinc
    }
}
