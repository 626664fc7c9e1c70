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
        guard let items else { return nil }
        return Self.answer(in: items, number: number)
    }

    /// `items[String(number)]`. A short map (an EHR's total usually comes with just item 9) is
    /// searched for the key that spells `number`, without building the key or hashing it. Kept
    /// out of line so that `answer(item:)` stays small enough to read a measurement in place where
    /// it is called on an array element (inlined, the whole measurement was copied).
    @inline(never)
    static func answer(in items: [String: Int], number: Int) -> Int? {
        guard items.count <= 4, number >= 0 else {
            return items[number >= 0 && number < itemKeys.count ? itemKeys[number] : String(number)]
        }
        for (key, value) in items where spells(key, number) { return value }
        return nil
    }

    /// Whether `key` is exactly `String(number)` (`number` ≥ 0: its decimal digits, no sign, no
    /// leading zero). ASCII digits have no other canonically equivalent spelling, so comparing
    /// bytes is comparing the strings.
    static func spells(_ key: String, _ number: Int) -> Bool {
        var digits = 1
        var scale = 1
        while number / scale >= 10 {
            scale *= 10
            digits += 1
        }
        guard key.utf8.count == digits else { return false }
        var rest = number
        for byte in key.utf8 {
            let digit = rest / scale
            guard byte == UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: digit) else { return false }
            rest -= digit * scale
            scale /= 10
        }
        return true
    }

    /// `String(number)` for 0…99.
    static let itemKeys = (0..<100).map { String($0) }
}
