// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import StepwiseCore

/// The assessor hands one shared record to the safety, checklist and monitoring steps; each step
/// called on its own (with its own copy of the record) must give the same items and the same
/// texts when they are rendered.
@Suite struct SharedRecordTests {
    static let examples: [URL] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { folder.appendingPathComponent($0) }
    }()

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func theExamplesAreFound() {
        #expect(Self.examples.count >= 12)
    }

    @Test(arguments: examples)
    func stepsOnTheSharedRecordMatchEachStepOnItsOwn(_ file: URL) throws {
        let record = try JSONDecoder().decode(PatientRecord.self, from: Data(contentsOf: file))
        let knowledge = try KnowledgeBase.bundled()
        let profile = try #require(knowledge.profiles.profile(knowledge.profiles.defaultProfile))
        let context = AssessmentContext(asOf: try #require(LocalDate("2026-11-21")), profile: profile)
        let report = Assessor(knowledge: knowledge).assess(record, context: context)
        let safety = SafetyScreen.evaluate(
            record, measurements: report.measurements, context: context, knowledge: knowledge)
        let checklist = PseudoResistanceChecklist.evaluate(
            record, measurements: report.measurements, trials: report.trials, context: context, knowledge: knowledge)
        let monitoring = MonitoringRules.evaluate(
            record, measurements: report.measurements, trials: report.trials, context: context, knowledge: knowledge)
        #expect(report.safety == safety)
        #expect(try Self.json(report.safety) == Self.json(safety))
        #expect(report.pseudoResistance == checklist)
        #expect(try Self.json(report.pseudoResistance) == Self.json(checklist))
        #expect(report.monitoring == monitoring)
        #expect(try Self.json(report.monitoring) == Self.json(monitoring))
    }

    /// The assessor maps the episode diagnosis code once for the safety and checklist steps; each
    /// step alone looks it up itself. Codes that map (bipolar, psychotic, MDD), spelled in several
    /// ways, that do not map, and no code at all give the same flags and items either way.
    @Test(arguments: [
        "F31.81", "f31.81", " F31.81 ", "F32.3", "F33.3", "F33.2", "F332", "296.24", "36474008", "ZZZ", "", " ",
    ])
    func theEpisodeDiagnosisMappedOnceGivesWhatEachStepLooksUp(_ code: String) throws {
        let knowledge = try KnowledgeBase.bundled()
        let profile = try #require(knowledge.profiles.profile(knowledge.profiles.defaultProfile))
        let context = AssessmentContext(asOf: try #require(LocalDate("2026-11-21")), profile: profile)
        for system in [nil, CodeSystem.icd10, CodeSystem.snomed] {
            let record = PatientRecord(
                id: "diagnosis", episode: Episode(diagnosis: Diagnosis(code: code.isEmpty ? nil : code, system: system)))
            let shared = SharedRecord(record, conditions: knowledge.conditions)
            #expect(
                shared.diagnosisMapping == .some(
                    record.episode?.diagnosis?.code.flatMap { knowledge.conditions.mapping(forCode: $0, system: system) }))
            let report = Assessor(knowledge: knowledge).assess(record, context: context)
            let safety = SafetyScreen.evaluate(
                record, measurements: report.measurements, context: context, knowledge: knowledge)
            let checklist = PseudoResistanceChecklist.evaluate(
                record, measurements: report.measurements, trials: report.trials, context: context,
                knowledge: knowledge)
            #expect(try Self.json(report.safety) == Self.json(safety))
            #expect(try Self.json(report.pseudoResistance) == Self.json(checklist))
        }
    }
}
