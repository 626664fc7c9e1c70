// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import StepwiseFHIR
import Testing

/// A measurement's id names its best source (a total score's Observation before an item's). The
/// mapper checks an id against the total sources met so far only when it has to (an id taken from
/// an item, then a total that day); these tests compare its ids with the former rule, which kept a
/// set of every total's source as it went, over generated days that mix totals, items and
/// Observations carrying a total of one instrument and an item of another.
@Suite struct MeasurementSourceIdTests {
    let mapper = FHIRRecordMapper(knowledge: MappingFixtures.knowledge)

    /// One score part as the former rule saw it.
    struct Part {
        var day: String
        var instrument: String
        var source: String
        var isTotal: Bool
    }

    /// The former rule: parts by day (stable), one measurement per day and instrument, the id
    /// replaced by a total's source unless it already names a total's source met before.
    func formerIds(_ parts: [Part]) -> [String] {
        let ordered = parts.enumerated().sorted { ($0.element.day, $0.offset) < ($1.element.day, $1.offset) }.map(\.element)
        var totalSources: Set<String> = []
        var ids: [String: String] = [:]
        for part in ordered {
            let key = "\(part.day) \(part.instrument)"
            let id = ids[key]
            if part.isTotal, !(id.map { totalSources.contains($0) } ?? false) {
                ids[key] = part.source
            } else if id == nil {
                ids[key] = part.source
            }
            if part.isTotal { totalSources.insert(part.source) }
        }
        return ids.keys.sorted().compactMap { ids[$0] }
    }

    static let totals = ["phq9": "44261-6", "gad7": "70274-6"]
    /// Items that belong to one instrument only (PHQ-9 items 3–8, GAD-7 items 1–6).
    static let items = [
        "phq9": ["44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3"],
        "gad7": ["69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8"],
    ]

    func observation(_ id: String, _ day: String, code: String, value: Int, component: (code: String, value: Int)?) -> R4.Resource {
        var observation = R4.Observation(
            id: id, status: "final", code: R4.CodeableConcept(coding: [R4.Coding(system: FHIRSystem.loinc, code: code)]),
            subject: R4.Reference(reference: "Patient/p1"))
        observation.effectiveDateTime = day
        observation.valueInteger = value
        if let component {
            var part = R4.Observation.Component(code: R4.CodeableConcept(coding: [R4.Coding(system: FHIRSystem.loinc, code: component.code)]))
            part.valueInteger = component.value
            observation.component = [part]
        }
        return .observation(observation)
    }

    @Test func idsMatchTheFormerRuleOverGeneratedDays() throws {
        var seed: UInt64 = 0x5EED_2026_1121
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        let days = ["2024-03-01", "2024-03-02", "2024-03-03"]
        var compared = 0
        for round in 0..<400 {
            var resources: [R4.Resource] = []
            var parts: [Part] = []
            for n in 0..<(1 + next(9)) {
                let day = days[next(days.count)]
                let source = "o\(round)-\(n)"
                let instrument = next(2) == 0 ? "phq9" : "gad7"
                let other = instrument == "phq9" ? "gad7" : "phq9"
                let isTotal = next(2) == 0
                let code = isTotal ? Self.totals[instrument]! : Self.items[instrument]![next(6)]
                let value = isTotal ? next(10) : next(4)
                // Some Observations also carry a component of the other instrument (a total or an item).
                var component: (code: String, value: Int)?
                var componentPart: Part?
                if next(3) == 0 {
                    let componentIsTotal = next(2) == 0
                    component = (componentIsTotal ? Self.totals[other]! : Self.items[other]![next(6)], componentIsTotal ? next(10) : next(4))
                    componentPart = Part(day: day, instrument: other, source: "Observation/\(source)", isTotal: componentIsTotal)
                }
                resources.append(observation(source, day, code: code, value: value, component: component))
                parts.append(Part(day: day, instrument: instrument, source: "Observation/\(source)", isTotal: isTotal))
                if let componentPart { parts.append(componentPart) }
            }
            let result = mapper.map(resources: resources)
            let record = try #require(result.records.first)
            let got = record.measurements.map { $0.id ?? "-" }
            #expect(got == formerIds(parts), "round \(round)")
            compared += got.count
        }
        #expect(compared > 1_000)
    }

    @Test func anItemsObservationThatAlsoCarriesAnotherInstrumentsTotalKeepsNamingTheMeasurement() throws {
        // Day 1: o1 is a PHQ-9 item with a GAD-7 total component; o2 is a PHQ-9 item; o3 a PHQ-9 total.
        // The PHQ-9 measurement's id is o1 (an item source), which is also a total's source (GAD-7):
        // the former rule kept it when the PHQ-9 total arrived.
        let resources = [
            observation("o1", "2024-03-01", code: "44259-0", value: 1, component: ("70274-6", 4)),
            observation("o2", "2024-03-01", code: "44254-1", value: 2, component: nil),
            observation("o3", "2024-03-01", code: "44261-6", value: 9, component: nil),
        ]
        let record = try #require(mapper.map(resources: resources).records.first)
        #expect(record.measurements.map { "\($0.instrument) \($0.id ?? "-")" } == ["gad7 Observation/o1", "phq9 Observation/o1"])
        let parts = [
            Part(day: "2024-03-01", instrument: "phq9", source: "Observation/o1", isTotal: false),
            Part(day: "2024-03-01", instrument: "gad7", source: "Observation/o1", isTotal: true),
            Part(day: "2024-03-01", instrument: "phq9", source: "Observation/o2", isTotal: false),
            Part(day: "2024-03-01", instrument: "phq9", source: "Observation/o3", isTotal: true),
        ]
        #expect(formerIds(parts) == ["Observation/o1", "Observation/o1"])
    }
}
