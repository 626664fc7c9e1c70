// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// Every band boundary, on both sides, scored from item answers and from an entered total.
@Suite struct InstrumentBandTests {
    static let boundaries: [(String, Int, String)] = [
        ("phq9", 0, "none"), ("phq9", 4, "none"), ("phq9", 5, "mild"), ("phq9", 9, "mild"), ("phq9", 10, "moderate"),
        ("phq9", 14, "moderate"), ("phq9", 15, "moderately-severe"), ("phq9", 19, "moderately-severe"),
        ("phq9", 20, "severe"), ("phq9", 27, "severe"),
        ("gad7", 4, "none"), ("gad7", 5, "mild"), ("gad7", 9, "mild"), ("gad7", 10, "moderate"), ("gad7", 14, "moderate"),
        ("gad7", 15, "severe"), ("gad7", 21, "severe"),
        ("qids-sr16", 5, "none"), ("qids-sr16", 6, "mild"), ("qids-sr16", 10, "mild"), ("qids-sr16", 11, "moderate"),
        ("qids-sr16", 15, "moderate"), ("qids-sr16", 16, "severe"), ("qids-sr16", 20, "severe"),
        ("qids-sr16", 21, "very-severe"), ("qids-sr16", 27, "very-severe"),
        ("hamd17", 7, "none"), ("hamd17", 8, "mild"), ("hamd17", 13, "mild"), ("hamd17", 14, "moderate"),
        ("hamd17", 19, "moderate"), ("hamd17", 20, "severe"), ("hamd17", 25, "severe"), ("hamd17", 26, "very-severe"),
        ("hamd17", 52, "very-severe"),
        ("madrs", 6, "none"), ("madrs", 7, "mild"), ("madrs", 19, "mild"), ("madrs", 20, "moderate"),
        ("madrs", 34, "moderate"), ("madrs", 35, "severe"), ("madrs", 60, "severe"),
        ("isi", 7, "none"), ("isi", 8, "subthreshold"), ("isi", 14, "subthreshold"), ("isi", 15, "moderate"),
        ("isi", 21, "moderate"), ("isi", 22, "severe"), ("isi", 28, "severe"),
        ("wsas", 9, "subclinical"), ("wsas", 10, "significant-impairment"), ("wsas", 20, "significant-impairment"),
        ("wsas", 21, "moderately-severe"), ("wsas", 40, "moderately-severe"),
        ("stop-bang", 2, "low"), ("stop-bang", 3, "intermediate"), ("stop-bang", 4, "intermediate"),
        ("stop-bang", 5, "high"),
    ]

    @Test(arguments: boundaries)
    func enteredTotalFallsInItsBand(instrument: String, total: Int, band: String) throws {
        let scored = try InstrumentFixtures.score(instrument, total: total)
        #expect(scored.total == total)
        #expect(scored.band == band)
        #expect(scored.basis == "clinician-total")
    }

    @Test(arguments: boundaries.filter { ["phq9", "gad7", "hamd17", "madrs", "isi", "wsas"].contains($0.0) })
    func itemAnswersFallInTheSameBand(instrument: String, total: Int, band: String) throws {
        let definition = try #require(try InstrumentFixtures.catalog().instrument(instrument))
        let answers = InstrumentFixtures.answers(summingTo: total, for: definition)
        let scored = try InstrumentFixtures.score(instrument, answers)
        #expect(scored.total == total)
        #expect(scored.band == band)
        #expect(scored.basis == "items")
    }

    @Test func qlesqHasNoBandButReportsPercentOfMaximum() throws {
        #expect(try InstrumentFixtures.score("qles-q-sf", Array(repeating: 1, count: 14) + [nil, nil]).details["percentOfMaximum"] == 0)
        let middle = try InstrumentFixtures.score("qles-q-sf", Array(repeating: 3, count: 14) + [4, 5])
        #expect(middle.total == 42)
        #expect(middle.band == nil)
        #expect(middle.details["percentOfMaximum"] == 50)
        let top = try InstrumentFixtures.score("qles-q-sf", total: 70)
        #expect(top.details["percentOfMaximum"] == 100)
    }

    @Test(arguments: [(2, "negative", "screen-negative"), (3, "positive", "screen-positive"), (6, "positive", "screen-positive")])
    func phq2ScreensPositiveFromThree(total: Int, band: String, flag: String) throws {
        let scored = try InstrumentFixtures.score("phq2", [min(total, 3), max(0, total - 3)])
        #expect(scored.total == total)
        #expect(scored.band == band)
        #expect(scored.flags == [flag])
    }

    @Test func gad7ScreensPositiveFromTenAlongsideItsSeverityBand() throws {
        let nine = try InstrumentFixtures.score("gad7", total: 9)
        #expect(nine.band == "mild")
        #expect(nine.flags == ["screen-negative"])
        let ten = try InstrumentFixtures.score("gad7", total: 10)
        #expect(ten.band == "moderate")
        #expect(ten.flags == ["screen-positive"])
    }
}
