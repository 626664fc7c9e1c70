// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import StepwiseCore

@Suite struct LocalDateTests {
    @Test(arguments: ["1970-01-01", "2000-02-29", "2024-12-31", "2026-11-21", "1899-07-04"])
    func parsingAndPrintingRoundTrips(text: String) throws {
        let date = try #require(LocalDate(text))
        #expect(date.description == text)
    }

    @Test(arguments: ["2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "26-01-01", "2026/01/01", "", "2026-1-01"])
    func impossibleOrMalformedDatesAreRejected(text: String) {
        #expect(LocalDate(text) == nil)
    }

    @Test func dayArithmeticMatchesTheCalendar() throws {
        let start = try #require(LocalDate("2026-01-01"))
        #expect(start.adding(days: 42).description == "2026-02-12")
        #expect(start.days(to: try #require(LocalDate("2026-02-12"))) == 42)
        #expect(start.weeks(to: start.adding(days: 42)) == 6)
        #expect(LocalDate("1970-01-01")?.dayNumber == 0)
    }

    @Test func completedMonthsCountWholeMonthsOnly() throws {
        let onset = try #require(LocalDate("2024-11-21"))
        #expect(onset.completedMonths(to: try #require(LocalDate("2025-11-21"))) == 12)
        #expect(onset.completedMonths(to: try #require(LocalDate("2025-11-20"))) == 11)
        #expect(onset.completedMonths(to: try #require(LocalDate("2026-11-21"))) == 24)
        #expect(onset.completedMonths(to: try #require(LocalDate("2024-01-01"))) == 0)
        #expect(onset.completedYears(to: try #require(LocalDate("2026-11-20"))) == 1)
    }

    @Test func decodingABadDateNamesTheExpectedFormat() {
        let json = Data(#"{"id": "p", "birthDate": "1990-02-30"}"#.utf8)
        #expect {
            _ = try JSONDecoder().decode(PatientRecord.self, from: json)
        } throws: { error in
            guard let decoding = error as? DecodingError else { return false }
            let described = DecodingErrorDescription(decoding)
            return described.path == "$.birthDate" && described.message.contains("YYYY-MM-DD")
        }
    }
}

/// The byte-level day reader shared by `LocalDate(_:)` and the FHIR date reader.
@Suite struct LocalDateDayPrefixTests {
    static func read(_ text: String) -> LocalDate? {
        var text = text
        return text.withUTF8 { LocalDate(dayPrefixOf: $0) }
    }

    @Test(arguments: [
        ("2026-02-28", "2026-02-28"), ("2024-02-29T10:00:00Z", "2024-02-29"), ("2026-11-21xyz", "2026-11-21"),
    ])
    func readsTheFirstTenBytes(text: String, expected: String) {
        #expect(Self.read(text)?.description == expected)
    }

    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-1-01", "2026/01/01", "20260101", "", "2026-01-0", "２０２６-01-01"])
    func refusesWhatIsNotAFullCalendarDay(text: String) {
        #expect(Self.read(text) == nil)
        #expect(LocalDate(text) == nil)
    }

    @Test func theStringInitialiserStillWantsExactlyTenCharacters() {
        #expect(LocalDate("2026-11-21") != nil)
        #expect(LocalDate("2026-11-21T00:00") == nil)
        #expect(LocalDate(" 2026-11-21") == nil)
    }
}
