// SPDX-License-Identifier: Apache-2.0

/// What the scoring pass learns about each measurement of a record, kept as one compact row per
/// record measurement (record order) so that later engine steps read it by position instead of
/// resolving instrument names and re-reading answers.
///
/// Filled by ``MeasurementScoring`` (one pass over the record, which resolves every name anyway)
/// into rows the ``Assessor`` holds for the length of one assessment (on the stack for usual
/// records); every value is exactly what a step reading the record itself would find. Nothing
/// here is kept beyond the assessment or shared between patients.
struct MeasurementTable {
    /// One record measurement (16 bytes: the optional answer first keeps the row compact).
    struct Row: Sendable {
        /// The raw answer to the instrument's only safety item (``Measurement/answer(item:)``),
        /// when ``safety`` is ``Safety/one``.
        var safetyAnswer: Int? = nil
        /// How the safety items were read: ``Safety/none`` (the instrument has none), ``Safety/one``
        /// (`safetyAnswer` is the raw answer to its only safety item, `nil` when not answered) or
        /// ``Safety/several`` (read them from the record).
        var safety: UInt8 = Safety.none
        /// The instrument's position in the catalogue (``InstrumentCatalog/all``), or -1 when its
        /// name is not catalogued.
        var position: Int32 = -1
    }

    /// ``Row/safety`` values.
    enum Safety {
        static let none: UInt8 = 0
        static let one: UInt8 = 1
        static let several: UInt8 = 2
    }

    /// By record measurement index; owned by the assessment that filled them.
    let rows: UnsafeMutableBufferPointer<Row>
}
