// SPDX-License-Identifier: Apache-2.0

/// A calendar date without time or time zone, written `YYYY-MM-DD`.
///
/// Clinical records date measurements and treatment changes by day. Using a plain calendar
/// date (instead of `Foundation.Date`) keeps the engine free of time-zone surprises and makes
/// every computation reproducible.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (may be negative).
    public let dayNumber: Int

    /// Creates a date from its day number (days since 1970-01-01).
    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// Creates a date from year, month and day, or returns `nil` for an impossible date.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= LocalDate.daysIn(month: month, year: year)
        else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        self.dayNumber = era * 146097 + doe - 719468
    }

    /// Parses `YYYY-MM-DD`; returns `nil` for anything else or an impossible date.
    public init?(_ text: String) {
        var text = text
        guard let date = text.withUTF8({ $0.count == 10 ? LocalDate(dayPrefixOf: $0) : nil }) else { return nil }
        self = date
    }

    /// Reads the first ten bytes of `utf8` as `YYYY-MM-DD` (what follows, e.g. a FHIR time, is not
    /// read); `nil` when they are not digits and dashes in that shape or name an impossible date.
    public init?(dayPrefixOf utf8: UnsafeBufferPointer<UInt8>) {
        guard utf8.count >= 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let c = utf8[index]
                guard c >= 48 && c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10),
            let date = LocalDate(year: y, month: m, day: d)
        else { return nil }
        self = date
    }

    /// Year, month and day.
    public var components: (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(to other: LocalDate) -> Int { other.dayNumber - dayNumber }

    /// Weeks (fractional) from `self` to `other`.
    public func weeks(to other: LocalDate) -> Double { Double(days(to: other)) / 7 }

    /// Completed calendar months from `self` to `other` (0 when `other` is earlier).
    public func completedMonths(to other: LocalDate) -> Int {
        guard other > self else { return 0 }
        let a = components
        let b = other.components
        var months = (b.year - a.year) * 12 + (b.month - a.month)
        if b.day < a.day { months -= 1 }
        return max(0, months)
    }

    /// Completed years from `self` to `other`, as for an age.
    public func completedYears(to other: LocalDate) -> Int { completedMonths(to: other) / 12 }

    public var description: String {
        let c = components
        // Fast path for the usual four-digit years: ten ASCII bytes, no intermediate strings.
        if (0...9999).contains(c.year) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(10)
            func digits(_ value: Int, _ width: Int) {
                var divisor = 1
                for _ in 1..<width { divisor *= 10 }
                var rest = value
                while divisor > 0 {
                    bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest / divisor))
                    rest %= divisor
                    divisor /= 10
                }
            }
            digits(c.year, 4)
            bytes.append(UInt8(ascii: "-"))
            digits(c.month, 2)
            bytes.append(UInt8(ascii: "-"))
            digits(c.day, 2)
            return String(decoding: bytes, as: UTF8.self)
        }
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))"
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension LocalDate: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected a date written YYYY-MM-DD (a real calendar date), got \"\(text.prefix(40))\""
            )
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
