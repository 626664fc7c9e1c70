// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import Testing

@testable import StepwiseStorage

/// The stored form of a record must not change: the fast writer writes exactly what
/// `JSONEncoder` (sorted keys, unescaped slashes) writes.
@Suite struct RecordJSONWriterTests {
    static func foundation(_ record: PatientRecord) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(record)
    }

    @Test func theWriterMatchesJSONEncoderOnThousandsOfGeneratedRecords() throws {
        var generator = RecordGenerator(seed: 20_261_121)
        for index in 0..<3_000 {
            let record = generator.record(index)
            let fast = try RecordCoding.encode(record)
            let reference = try Self.foundation(record)
            #expect(fast == reference, "record \(index): \(String(decoding: fast, as: UTF8.self))")
            if fast != reference { return }
        }
    }

    @Test func theWriterMatchesJSONEncoderOnTheExampleRecords() throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples")
        let names = try FileManager.default.contentsOfDirectory(atPath: examples.path).filter { $0.hasSuffix(".json") }
        #expect(names.count >= 10)
        for name in names {
            let record = try JSONDecoder().decode(
                PatientRecord.self, from: Data(contentsOf: examples.appendingPathComponent(name)))
            #expect(try RecordCoding.encode(record) == Self.foundation(record), "\(name)")
        }
    }

    @Test func awkwardStringsAndNumbersAreWrittenAsJSONEncoderWritesThem() throws {
        let strings = [
            "", "plain", "quote \" and backslash \\", "slash / stays", "controls \n\r\t\u{8}\u{C}\u{0}\u{1}\u{1F}\u{7F}",
            "é ü 中文 😀 \u{2028}\u{2029}", "<script>&'",
        ]
        let numbers: [Double] = [
            0, -0.0, 1, -1, 20, 0.1, 1.5, 100.25, 33.333333333333336, 1 / 3, 1e15, 1e16 - 2, 1e16, 1e21, 1e-5, 1e-7,
            2.5e-10, Double.leastNonzeroMagnitude, 1.7976931348623157e308, -123.456, 9_007_199_254_740_992, 12_345.678, 0.30000000000000004,
        ]
        for (index, text) in strings.enumerated() {
            let number = numbers[index % numbers.count]
            let record = PatientRecord(
                id: text, measurements: [Measurement(id: text, instrument: text, date: LocalDate(dayNumber: 0), items: [text: 1])],
                labs: numbers.map { LabResult(test: text, value: $0, unit: text, date: LocalDate(dayNumber: -1)) },
                goals: [FunctionalGoal(description: text, status: text)])
            #expect(try RecordCoding.encode(record) == Self.foundation(record), "string \(index)")
            let trial = TreatmentTrial(
                kind: .medication, agent: "x", start: LocalDate(dayNumber: 3), doses: [DoseStep(from: LocalDate(dayNumber: 3), mgPerDay: number)],
                adherence: Adherence(percentDaysCovered: number, clinicianEstimate: -number), clinicianRatedImprovement: number)
            let withTrial = PatientRecord(id: "p", trials: [trial])
            #expect(try RecordCoding.encode(withTrial) == Self.foundation(withTrial), "number \(number)")
        }
    }

    @Test func aNonFiniteNumberIsRefusedAsJSONEncoderRefusesIt() {
        let record = PatientRecord(id: "p", labs: [LabResult(test: "tsh", value: .nan, date: LocalDate(dayNumber: 0))])
        #expect(throws: StepwiseError.self) { try RecordCoding.encode(record) }
        #expect(throws: (any Error).self) { try Self.foundation(record) }
    }

    /// Fails when a model type gains (or loses) a stored property: add it to `RecordJSONWriter`
    /// in sorted key order, then update the list here.
    @Test func theWriterKnowsEveryStoredPropertyOfTheModel() {
        func labels(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label).sorted() }
        let day = LocalDate(dayNumber: 0)
        #expect(
            labels(PatientRecord(id: "p")) == [
                "birthDate", "conditions", "episode", "findings", "goals", "id", "labs", "measurements", "sex", "trials",
            ])
        #expect(labels(Episode()) == ["course", "diagnosis", "onset"])
        #expect(labels(Diagnosis()) == ["code", "display", "psychoticFeatures", "severity", "system"])
        #expect(labels(Measurement(instrument: "phq9", date: day)) == ["answers", "date", "id", "instrument", "items", "total"])
        #expect(
            labels(TreatmentTrial(kind: .medication, agent: "x", start: day)) == [
                "adherence", "agent", "augments", "clinicianRatedImprovement", "currentEpisode", "doses", "end", "id",
                "kind", "laterality", "note", "role", "sessions", "start", "stopReason",
            ])
        #expect(labels(DoseStep(from: day, mgPerDay: nil)) == ["from", "mgPerDay"])
        #expect(labels(Adherence()) == ["clinicianEstimate", "percentDaysCovered", "source"])
        #expect(labels(Condition()) == ["category", "code", "date", "display", "status", "system"])
        #expect(labels(LabResult(test: "t", value: 1, date: day)) == ["date", "test", "unit", "value"])
        #expect(labels(ClinicalFinding(check: "c", status: .absent)) == ["check", "date", "method", "status"])
        #expect(labels(FunctionalGoal(description: "g")) == ["description", "set", "status", "target"])
    }
}

/// Deterministic records with every optional sometimes set and sometimes not.
struct RecordGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func chance() -> Bool { next() & 1 == 0 }
    mutating func maybe<T>(_ make: (inout RecordGenerator) -> T) -> T? { chance() ? make(&self) : nil }
    mutating func pick<T>(_ values: [T]) -> T { values[int(0...(values.count - 1))] }
    mutating func date() -> LocalDate { LocalDate(dayNumber: int(-30_000...40_000)) }
    mutating func text() -> String {
        pick(["a", "sertraline", "F33.1", "Observation/abc-123", "x/y", "quo\"te", "back\\slash", "tab\tnew\nline", "ü😀", ""])
            + String(int(0...999))
    }
    mutating func number() -> Double {
        switch int(0...4) {
        case 0: return Double(int(0...400))
        case 1: return Double(int(0...4000)) / 8
        case 2: return Double(int(-1_000_000...1_000_000)) / 1000
        case 3: return Double(bitPattern: next() & 0x7FEF_FFFF_FFFF_FFFF)
        default: return Double(int(0...100)) / 3
        }
    }
    mutating func all<T: CaseIterable>(_: T.Type) -> T { pick(Array(T.allCases)) }
    mutating func list<T>(_ max: Int, _ make: (inout RecordGenerator) -> T) -> [T] {
        (0..<int(0...max)).map { _ in make(&self) }
    }

    mutating func record(_ index: Int) -> PatientRecord {
        PatientRecord(
            id: "P-\(index)-\(text())", birthDate: maybe { $0.date() }, sex: maybe { $0.all(Sex.self) },
            episode: maybe { g in
                Episode(
                    onset: g.maybe { $0.date() },
                    diagnosis: g.maybe { g in
                        Diagnosis(
                            code: g.maybe { $0.text() }, system: g.maybe { $0.all(CodeSystem.self) },
                            display: g.maybe { $0.text() }, severity: g.maybe { $0.all(EpisodeSeverity.self) },
                            psychoticFeatures: g.maybe { $0.chance() })
                    }, course: g.maybe { $0.all(Episode.Course.self) })
            },
            measurements: list(30) { g in
                Measurement(
                    id: g.maybe { $0.text() }, instrument: g.pick(["phq9", "gad7", "qids-sr16", "madrs"]), date: g.date(),
                    answers: g.maybe { g in g.list(10) { g in g.maybe { $0.int(0...3) } } },
                    total: g.maybe { $0.int(-5...60) },
                    items: g.maybe { g in
                        g.list(12) { g in (String(g.int(1...12)), g.int(0...3)) }
                            .reduce(into: [String: Int]()) { $0[$1.0] = $1.1 }
                    })
            },
            trials: list(6) { g in
                TreatmentTrial(
                    id: g.maybe { $0.text() }, kind: g.all(TreatmentTrial.Kind.self), agent: g.text(),
                    role: g.maybe { $0.all(TreatmentTrial.Role.self) }, augments: g.maybe { $0.text() }, start: g.date(),
                    end: g.maybe { $0.date() },
                    doses: g.list(4) { g in DoseStep(from: g.date(), mgPerDay: g.maybe { $0.number() }) },
                    adherence: g.maybe { g in
                        Adherence(
                            percentDaysCovered: g.maybe { $0.number() }, clinicianEstimate: g.maybe { $0.number() },
                            source: g.maybe { $0.text() })
                    }, stopReason: g.maybe { $0.all(StopReason.self) }, sessions: g.maybe { $0.int(0...40) },
                    laterality: g.maybe { $0.all(ECTLaterality.self) }, clinicianRatedImprovement: g.maybe { $0.number() },
                    currentEpisode: g.maybe { $0.chance() }, note: g.maybe { $0.text() })
            },
            conditions: list(4) { g in
                Condition(
                    code: g.maybe { $0.text() }, system: g.maybe { $0.all(CodeSystem.self) }, category: g.maybe { $0.text() },
                    display: g.maybe { $0.text() }, status: g.maybe { $0.all(Condition.Status.self) },
                    date: g.maybe { $0.date() })
            },
            labs: list(3) { g in LabResult(test: g.text(), value: g.number(), unit: g.maybe { $0.text() }, date: g.date()) },
            findings: list(3) { g in
                ClinicalFinding(
                    check: g.text(), status: g.all(ClinicalFinding.FindingStatus.self), date: g.maybe { $0.date() },
                    method: g.maybe { $0.text() })
            },
            goals: list(2) { g in
                FunctionalGoal(
                    description: g.text(), set: g.maybe { $0.date() }, target: g.maybe { $0.date() },
                    status: g.maybe { $0.text() })
            })
    }
}
