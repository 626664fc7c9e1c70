// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// The outcome series read a scored measurement's preference through its catalogue position; they
/// must be exactly the series found by comparing instrument ids (the path for measurements
/// without a position, e.g. built by a caller).
@Suite struct TrialScoreSeriesTests {
    static func describe(_ series: [TrialScoreSeries]) -> [String] {
        series.map { s in
            "\(s.instrument) \(s.remissionMax.map(String.init) ?? "-") "
                + s.points.map { "\($0.date)=\($0.score)" }.joined(separator: ",")
        }
    }

    @Test func seriesByCataloguePositionEqualSeriesByInstrumentID() throws {
        let knowledge = try KnowledgeBase.bundled()
        let preference = try #require(knowledge.drugs.tables?.outcomeInstruments.value)
        // Preferred and other instruments, aliases, entered totals, dates out of order.
        let names = ["phq9", "madrs", "gad7", "PHQ-9", "qids", "hamd17", "isi", "madrs10", "qids-sr16", "phq9"]
        let measurements = names.enumerated().map { index, name in
            Measurement(
                instrument: name, date: InstrumentFixtures.date.adding(days: (index * 37) % 11), total: 5 + index)
        }
        let scored = MeasurementScoring.score(PatientRecord(id: "p", measurements: measurements), catalog: knowledge.instruments)
        #expect(scored.measurements.count == names.count)
        #expect(scored.measurements.allSatisfy { $0.instrumentPosition != nil })
        var unpositioned = scored.measurements
        for index in unpositioned.indices { unpositioned[index].instrumentPosition = nil }

        let byPosition = TrialScoreSeries.build(scored.measurements, preference: preference, instruments: knowledge.instruments)
        let byID = TrialScoreSeries.build(unpositioned, preference: preference, instruments: knowledge.instruments)
        #expect(!byPosition.isEmpty)
        #expect(Self.describe(byPosition) == Self.describe(byID))
    }
}
