// SPDX-License-Identifier: Apache-2.0

/// A scored rating-scale administration.
public struct ScoredMeasurement: Codable, Sendable, Equatable {
    /// Instrument id.
    public var instrument: String
    /// Date of administration.
    public var date: LocalDate
    /// Total score (or count, for count-based screens such as ASRS and STOP-Bang).
    public var total: Int?
    /// Severity band or screen result label (e.g. `moderate`, `positive`).
    public var band: String?
    /// Flags raised by items or rules (e.g. `item9-positive`, `ptsd-provisional`).
    public var flags: [String]
    /// Extra derived values (e.g. PCL-5 cluster sums, Q-LES-Q-SF percent of maximum).
    public var details: [String: Double]
    /// `items` when scored from answers, `clinician-total` when a total was entered.
    public var basis: String
    /// The instrument's position in the knowledge base's catalogue (``InstrumentCatalog/all``),
    /// set by ``MeasurementScoring`` so later engine steps read the definition in place instead of
    /// looking the id up again. Not part of the JSON contract or of equality.
    var instrumentPosition: Int? = nil
}

// The initialisers live in an extension so that the struct keeps its memberwise initialiser
// (internal, with `instrumentPosition`): the engine builds reports with it. An initialiser that
// assigns field by field in the struct body made the optimiser build every value twice and copy
// one into place (an outlined copy and destroy per scored measurement).
extension ScoredMeasurement {
    /// Creates a scored measurement.
    public init(
        instrument: String, date: LocalDate, total: Int?, band: String?, flags: [String] = [],
        details: [String: Double] = [:], basis: String
    ) {
        self.init(
            instrument: instrument, date: date, total: total, band: band, flags: flags, details: details, basis: basis,
            instrumentPosition: nil)
    }
}

extension ScoredMeasurement {
    enum CodingKeys: String, CodingKey {
        case instrument, date, total, band, flags, details, basis
    }

    /// Equal when every contract field is equal (the catalogue position is a look-up aid).
    public static func == (lhs: ScoredMeasurement, rhs: ScoredMeasurement) -> Bool {
        lhs.instrument == rhs.instrument && lhs.date == rhs.date && lhs.total == rhs.total && lhs.band == rhs.band
            && lhs.flags == rhs.flags && lhs.details == rhs.details && lhs.basis == rhs.basis
    }
}
