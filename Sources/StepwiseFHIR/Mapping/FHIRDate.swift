// SPDX-License-Identifier: Apache-2.0

import StepwiseCore

/// Reads the calendar day of a FHIR `date`, `dateTime` or `instant`.
///
/// The day is taken as written, before any time-zone offset is applied: `2024-03-01T23:30:00-05:00`
/// is 1 March, the day the patient and clinician saw. Partial dates (`2024`, `2024-03`) are
/// imprecise for day-based rules and are reported rather than rounded.
enum FHIRDate {
    /// The result of reading a date.
    enum Reading: Equatable {
        /// A full calendar day.
        case day(LocalDate)
        /// Only a year or a year and month.
        case partial
        /// Not a FHIR date, or an impossible one (e.g. 30 February).
        case invalid
    }

    /// Reads `text`.
    static func read(_ text: String) -> Reading {
        var text = text
        return text.withUTF8 { read(utf8: $0) }
    }

    /// Reads a date from its UTF-8 bytes (e.g. straight from a JSON tape, without building a string).
    static func read(utf8: UnsafeBufferPointer<UInt8>) -> Reading {
        let count = utf8.count
        if count == 4 || count == 7 {
            return isPartial(utf8) ? .partial : .invalid
        }
        guard count >= 10 else { return .invalid }
        if count > 10 {
            guard utf8[10] == UInt8(ascii: "T"), count >= 16 else { return .invalid }
            // hh:mm at least; hours and minutes in range.
            func two(_ i: Int) -> Int? {
                guard i + 1 < count, (48...57).contains(utf8[i]), (48...57).contains(utf8[i + 1]) else { return nil }
                return Int(utf8[i] - 48) * 10 + Int(utf8[i + 1] - 48)
            }
            guard let hour = two(11), hour <= 24, utf8[13] == UInt8(ascii: ":"), let minute = two(14), minute < 60 else {
                return .invalid
            }
        }
        // `YYYY-MM-DD` (as `LocalDate(_:)` reads it), then a real calendar day.
        guard let date = LocalDate(dayPrefixOf: utf8) else { return .invalid }
        return .day(date)
    }

    private static func isPartial(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        for (index, byte) in utf8.enumerated() {
            if index == 4 {
                guard byte == UInt8(ascii: "-") else { return false }
            } else if !(48...57).contains(byte) {
                return false
            }
        }
        if utf8.count == 7 {
            let month = Int(utf8[5] - 48) * 10 + Int(utf8[6] - 48)
            return (1...12).contains(month)
        }
        return true
    }
}
