// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// `stepwise-bench reports --patients N`: the JSON report of each generated patient, one per
/// line (sorted keys). Not a benchmark: an equivalence check for engine optimisations — the
/// output before and after a change must be identical.
enum ReportDump {
    static func run(patients: Int) throws {
        let knowledge = try KnowledgeBase.bundled()
        let asOf = LocalDate(year: 2026, month: 11, day: 21) ?? LocalDate(dayNumber: 20_000)
        let assessor = Assessor(knowledge: knowledge)
        guard let profile = knowledge.profiles.defaultValue else { return }
        let context = AssessmentContext(asOf: asOf, profile: profile)
        let generator = PopulationGenerator(seed: 42, asOf: asOf)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let output = FileHandle.standardOutput
        for index in 0..<patients {
            let report = assessor.assess(generator.patient(index), context: context)
            var line = try encoder.encode(report)
            line.append(0x0A)
            output.write(line)
        }
    }
}
