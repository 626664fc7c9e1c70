// SPDX-License-Identifier: Apache-2.0

/// One administration of a rating scale.
///
/// Give either `answers` (item by item, in the instrument's item order; `null` for an item that
/// was omitted or is not applicable, such as WSAS item 1 for a retired patient) or a clinician-
/// entered `total` (the only form accepted for licensed scales such as MADRS and ISI), or both.
public struct Measurement: Codable, Sendable, Equatable {
    /// Optional identifier (e.g. the FHIR resource id it came from).
    public var id: String?
    /// Instrument id as listed by `stepwise instruments` (e.g. `phq9`, `qids-sr16`, `madrs`).
    public var instrument: String
    /// Date of administration.
    public var date: LocalDate
    /// Item answers in item order; `nil` entries are omitted items.
    public var answers: [Int?]?
    /// A clinician-entered total score.
    public var total: Int?
    /// Answers to individual items given by number when the full set is not available
    /// (e.g. only PHQ-9 item 9 arrived as a separate observation). Keys are 1-based item numbers.
    public var items: [String: Int]?

    /// Creates a measurement.
    public init(
        id: String? = nil, instrument: String, date: LocalDate, answers: [Int?]? = nil, total: Int? = nil,
        items: [String: Int]? = nil
    ) {
        self.id = id
        self.instrument = instrument
        self.date = date
        self.answers = answers
        self.total = total
        self.items = items
    }

    /// The answer to 1-based item `number`, from `answers` or `items`.
    public func answer(item number: Int) -> Int? {
        if let answers, number >= 1, number <= answers.count, let value = answers[number - 1] { return value }
        return items?[String(number)]
    }
}
