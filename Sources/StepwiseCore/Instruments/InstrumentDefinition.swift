// SPDX-License-Identifier: Apache-2.0

/// A rating instrument: its items, answer ranges, scoring rule, bands, codes, licence and sources.
///
/// Definitions are data (`Resources/Knowledge/instruments.json`); ``InstrumentScorer`` executes them.
public struct InstrumentDefinition: Codable, Sendable, Equatable, Identifiable {
    /// Canonical lower-case id (`phq9`, `qids-sr16`, `hamd17`, `audit-c`, …).
    public var id: String
    /// Full name.
    public var name: String
    /// Short display name (`PHQ-9`).
    public var shortName: String
    /// Other names accepted by ``InstrumentCatalog/instrument(_:)`` (case-insensitive).
    public var aliases: [String]
    /// What the instrument measures and who completes it.
    public var summary: String
    /// The items in form order.
    public var items: [InstrumentItem]
    /// Lowest possible total, `nil` when the instrument has no total (C-SSRS screener).
    public var minimumTotal: Int?
    /// Highest possible total, `nil` when the instrument has no total (C-SSRS screener).
    public var maximumTotal: Int?
    /// Licensed instrument: no item text is shipped; clinicians enter totals or item answers.
    public var totalsOnly: Bool
    /// Whether the instrument measures depression severity (PHQ-9, QIDS-SR16, HAM-D17, MADRS) and
    /// can be used for response and remission.
    public var isDepressionMeasure: Bool
    /// Remission cut-off (total at or below), with sources.
    public var remission: Sourced<Int>?
    /// Items whose answer > 0 signals suicidal thoughts, with sources.
    public var safety: SafetyItems?
    /// LOINC panel and total-score codes, only where confirmed.
    public var loinc: InstrumentLOINC?
    /// Licence / copyright terms and whether item text is shipped.
    public var licenceTerms: InstrumentLicence
    /// How the total (and any screen result) is computed.
    public var scoring: ScoringRule
    /// Severity bands over the total, lowest first (empty for pure screens).
    public var bands: [SeverityBand]
    /// Source ids for the instrument as a whole.
    public var sources: [String]
    /// An optional last question that is recorded but not scored: PHQ-9's "how difficult have these
    /// problems made it…" (item 10, 0–3). Given as one answer more than ``items`` (or as item number
    /// `difficultyItem.number`), it is validated and reported in the score's details as `difficulty`.
    public var difficultyItem: InstrumentItem? = nil

    enum CodingKeys: String, CodingKey {
        case id, name, shortName, aliases, summary, items, minimumTotal, maximumTotal, totalsOnly
        case isDepressionMeasure, remission, safety, loinc, scoring, bands, sources, difficultyItem
        case licenceTerms = "licence"
    }

    /// Remission cut-off: a total at or below this is remission (PHQ-9 4, QIDS-SR16 5, HAM-D17 7, MADRS 10).
    public var remissionMax: Int? { remission?.value }
    /// Items whose answer > 0 raises `suicide-item-positive` (PHQ-9 9, QIDS-SR16 12, HAM-D17 3, MADRS 10).
    public var safetyItems: [Int] { safety?.items ?? [] }
    /// LOINC panel code, where confirmed.
    public var loincPanel: String? { loinc?.panel }
    /// LOINC total-score code, where confirmed.
    public var loincTotal: String? { loinc?.total }
    /// Licence / copyright text.
    public var licence: String { licenceTerms.text }

    /// The item with 1-based `number`, if any.
    public func item(_ number: Int) -> InstrumentItem? {
        guard number >= 1, number <= items.count else { return nil }
        let candidate = items[number - 1]
        return candidate.number == number ? candidate : items.first { $0.number == number }
    }

    /// The band containing `total`, if any.
    public func band(for total: Int) -> SeverityBand? {
        bands.first { total >= $0.minimum && total <= $0.maximum }
    }
}

/// A severity band over the total score, inclusive at both ends.
public struct SeverityBand: Codable, Sendable, Equatable {
    /// Lowest total in the band.
    public var minimum: Int
    /// Highest total in the band.
    public var maximum: Int
    /// Lower-case hyphenated band id (`none`, `mild`, `moderately-severe`, …).
    public var band: String
    /// Human-readable label as the source writes it (e.g. "None–minimal").
    public var label: String
    /// Source ids.
    public var sources: [String]

    /// Creates a band.
    public init(minimum: Int, maximum: Int, band: String, label: String, sources: [String]) {
        self.minimum = minimum
        self.maximum = maximum
        self.band = band
        self.label = label
        self.sources = sources
    }
}

/// The items that carry a suicide-risk signal.
public struct SafetyItems: Codable, Sendable, Equatable {
    /// 1-based item numbers.
    public var items: [Int]
    /// Why an answer > 0 is flagged.
    public var note: String?
    /// Source ids.
    public var sources: [String]

    /// Creates a safety-item list.
    public init(items: [Int], note: String? = nil, sources: [String]) {
        self.items = items
        self.note = note
        self.sources = sources
    }
}

/// LOINC codes of an instrument (only codes confirmed in a retrieved LOINC source are shipped).
public struct InstrumentLOINC: Codable, Sendable, Equatable {
    /// Panel (questionnaire) code.
    public var panel: String?
    /// Total-score code.
    public var total: String?
    /// Source ids.
    public var sources: [String]

    /// Creates LOINC codes.
    public init(panel: String?, total: String?, sources: [String]) {
        self.panel = panel
        self.total = total
        self.sources = sources
    }
}

/// The licence terms of an instrument.
public struct InstrumentLicence: Codable, Sendable, Equatable {
    /// Copyright holder and terms in one or two sentences.
    public var text: String
    /// Whether verbatim item text is shipped.
    public var itemTextIncluded: Bool
    /// Source ids.
    public var sources: [String]

    /// Creates licence terms.
    public init(text: String, itemTextIncluded: Bool, sources: [String]) {
        self.text = text
        self.itemTextIncluded = itemTextIncluded
        self.sources = sources
    }
}
