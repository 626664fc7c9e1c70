// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import StepwiseCore
import Testing

@testable import StepwiseCLI

/// `stepwise instruments`: the catalogue as text and JSON.
@Suite struct InstrumentsCommandTests {
    static func output(_ arguments: [String]) throws -> String {
        let parsed = try StepwiseCommand.parseAsRoot(["instruments"] + arguments)
        return try #require(parsed as? StepwiseCommand.Instruments).output()
    }

    @Test func textListsEveryInstrumentWithRangeRuleAndLicence() throws {
        let text = try Self.output([])
        for id in try InstrumentCatalog.bundled().ids {
            #expect(text.contains("\n\(id) — ") || text.hasPrefix("\(id) — "), "\(id)")
        }
        #expect(text.contains("Bands: 0–4 none; 5–9 mild; 10–14 moderate; 15–19 moderately-severe; 20–27 severe"))
        #expect(text.contains("LOINC: panel 44249-1, total 44261-6"))
        #expect(text.contains("Cut-off: positive at ≥ 4 men, ≥ 3 women, ≥ 3 sex unknown"))
    }

    @Test func oneInstrumentByAlias() throws {
        let text = try Self.output(["QIDS"])
        #expect(text.hasPrefix("qids-sr16 — QIDS-SR16"))
        #expect(!text.contains("phq9 — "))
        #expect(text.contains("12. Thoughts of death or suicide [0–3]"))
        #expect(text.contains("LOINC: none confirmed"))
    }

    @Test func licensedScalesShowLabelsNotWording() throws {
        let phq9 = try Self.output(["phq9"])
        #expect(phq9.contains("9. Thoughts that you would be better off dead or of hurting yourself in some way"))
        let madrs = try Self.output(["madrs"])
        #expect(madrs.contains("10. Suicidal thoughts [0–6]"))
        #expect(madrs.contains("licensed: enter totals or item ratings"))
    }

    @Test func jsonIsTheDefinitionList() throws {
        let text = try Self.output(["--format", "json"])
        let definitions = try JSONDecoder().decode([InstrumentDefinition].self, from: Data(text.utf8))
        #expect(definitions.count == 15)
        #expect(definitions.first { $0.id == "phq9" }?.remissionMax == 4)
    }

    @Test func unknownInstrumentIsNotFound() throws {
        let parsed = try StepwiseCommand.parseAsRoot(["instruments", "nope"])
        let command = try #require(parsed as? StepwiseCommand.Instruments)
        #expect(throws: StepwiseError.self) { _ = try command.output() }
    }
}
