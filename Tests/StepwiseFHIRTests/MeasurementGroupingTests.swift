// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import StepwiseFHIR
import Testing

/// Score parts are merged into measurements day by day (days in order, each day's parts in the
/// order they were mapped), whatever order the Observations arrive in.
@Suite struct MeasurementGroupingTests {
    let mapper = FHIRRecordMapper(knowledge: MappingFixtures.knowledge)

    func observation(_ id: String, _ code: String, _ date: String, _ value: Int) -> R4.Resource {
        var observation = R4.Observation(
            id: id, status: "final", code: R4.CodeableConcept(coding: [R4.Coding(system: FHIRSystem.loinc, code: code)]),
            subject: R4.Reference(reference: "Patient/p1"))
        observation.effectiveDateTime = date
        observation.valueInteger = value
        return .observation(observation)
    }

    /// Days out of order, two totals of one instrument on a day, an item shared by the PHQ-2 and
    /// the PHQ-9 on a day with a PHQ-9 total and on a day without one.
    var scrambled: [R4.Resource] {
        [
            observation("t-mar5-phq9-a", "44261-6", "2024-03-05T10:00:00Z", 12),
            observation("i-mar3-item1", "44250-9", "2024-03-03", 2),
            observation("t-mar1-gad7", "70274-6", "2024-03-01", 5),
            observation("t-mar5-phq9-b", "44261-6", "2024-03-05T18:00:00Z", 14),
            observation("i-mar5-item1", "44250-9", "2024-03-05", 3),
            observation("t-mar1-phq9", "44261-6", "2024-03-01", 9),
            observation("i-mar3-item2", "44255-8", "2024-03-03", 1),
            observation("t-mar5-gad7", "70274-6", "2024-03-05", 7),
        ]
    }

    @Test func measurementsComeOutByDayThenInstrument() throws {
        let result = mapper.map(resources: scrambled)
        let record = try #require(result.records.first)
        let got = record.measurements.map { "\($0.date) \($0.instrument) \($0.total.map(String.init) ?? "-")" }
        #expect(got == ["2024-03-01 gad7 5", "2024-03-01 phq9 9", "2024-03-03 phq2 -", "2024-03-05 gad7 7", "2024-03-05 phq9 12"])
    }

    @Test func theFirstTotalOfADayIsKeptAndTheSecondReported() throws {
        let result = mapper.map(resources: scrambled)
        let record = try #require(result.records.first)
        let phq9 = try #require(record.measurements.first { $0.instrument == "phq9" && $0.date == LocalDate(year: 2024, month: 3, day: 5) })
        #expect(phq9.total == 12)
        let conflicts = result.issues.filter { $0.reason.contains("differs from the first") }
        #expect(conflicts.map(\.resource) == ["Observation/t-mar5-phq9-b"])
        #expect(conflicts.first?.reason.contains("(14) differs from the first (12)") == true)
    }

    @Test func aSharedItemGoesToTheInstrumentWithATotalThatDayElseTheShorterOne() throws {
        let result = mapper.map(resources: scrambled)
        let record = try #require(result.records.first)
        let march5 = try #require(record.measurements.first { $0.instrument == "phq9" && $0.date == LocalDate(year: 2024, month: 3, day: 5) })
        #expect(march5.items?["1"] == 3 || march5.answers?.first == 3)
        let march3 = try #require(record.measurements.first { $0.date == LocalDate(year: 2024, month: 3, day: 3) })
        #expect(march3.instrument == "phq2")
        #expect(march3.answers == [2, 1])
        #expect(march3.id == "Observation/i-mar3-item1", "the first item Observation names a measurement without a total")
    }

    @Test func theOrderTheObservationsArriveInChangesNothing() throws {
        let forward = mapper.map(resources: scrambled)
        let reversed = mapper.map(resources: scrambled.reversed())
        let sorted = mapper.map(resources: scrambled.sorted { ($0.id ?? "") < ($1.id ?? "") })
        // Same measurements except which of the two same-day PHQ-9 totals came first.
        func summary(_ result: FHIRMappingResult) -> [String] {
            (result.records.first?.measurements ?? []).map { "\($0.date) \($0.instrument)" }
        }
        #expect(summary(forward) == summary(reversed))
        #expect(summary(forward) == summary(sorted))
        #expect(reversed.records.first?.measurements.last?.total == 14, "reversed: the 14 arrives first and is kept")
    }
}
