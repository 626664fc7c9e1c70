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
