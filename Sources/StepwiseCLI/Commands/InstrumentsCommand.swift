// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import StepwiseCore

extension StepwiseCommand {
    /// `stepwise instruments [id]`: the instrument catalogue.
    struct Instruments: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every rating instrument: items, answer values, range, scoring rule, bands, LOINC, licence.",
            discussion: """
                With an id (or alias) only that instrument is shown. Item wording is shown only for public-domain scales (PHQ-9, PHQ-2, GAD-7, PCL-5, AUDIT-C); licensed scales show short labels. --format json prints the definitions as bundled (instruments.json, answer sets resolved).

                Examples:
                  stepwise instruments
                  stepwise instruments qids
                  stepwise instruments --format json

                Exit status: 0 listed; 69 unknown instrument; 70 broken bundled knowledge.
                """
        )

        @Argument(help: "Show only this instrument (id or alias).")
        var instrument: String?

        @Option(help: "Output format: text or json.")
        var format: ScoreFormat = .text

        func run() async throws {
            do {
                print(try output())
            } catch let error as StepwiseError {
                printError("error: \(error.message)")
                throw ExitCode(Score.exitStatus(for: error))
            }
        }

        /// The text this command prints.
        func output() throws -> String {
            let catalog = try InstrumentCatalog.bundled()
            let chosen = try instrument.map { [try InstrumentScorer.definition(for: $0, in: catalog)] } ?? catalog.all
            switch format {
            case .json: return try prettyJSON(chosen)
            case .text: return chosen.map(InstrumentText.render).joined(separator: "\n\n")
            }
        }
    }
}

/// Plain-text rendering of one instrument definition.
enum InstrumentText {
    static func render(_ definition: InstrumentDefinition) -> String {
        var out: [String] = []
        out.append("\(definition.id) — \(definition.shortName): \(definition.name)")
        if !definition.aliases.isEmpty { out.append("  Aliases: \(definition.aliases.joined(separator: ", "))") }
        out.append("  \(definition.summary)")
        let range = definition.minimumTotal.flatMap { low in definition.maximumTotal.map { "\(low)–\($0)" } }
        out.append("  Total: \(range ?? "none (triage from answers)")" + (definition.totalsOnly ? "; licensed: enter totals or item ratings" : ""))
        out.append("  Scoring [\(definition.scoring.rule)]: \(definition.scoring.description)")
        if !definition.bands.isEmpty {
            let bands = definition.bands.map { "\($0.minimum)–\($0.maximum) \($0.band)" }
            out.append("  Bands: \(bands.joined(separator: "; "))")
        }
        if let screen = definition.scoring.screen {
            var line = "  Cut-off: positive at ≥ \(screen.positiveAtOrAbove)"
            if let male = screen.male, let female = screen.female { line = "  Cut-off: positive at ≥ \(male) men, ≥ \(female) women, ≥ \(screen.positiveAtOrAbove) sex unknown" }
            out.append(line + " (\(screen.positiveFlag))")
        }
        if let remission = definition.remissionMax { out.append("  Remission: total ≤ \(remission)") }
        if !definition.safetyItems.isEmpty {
            out.append("  Safety item: \(definition.safetyItems.map(String.init).joined(separator: ", ")) (> 0 → suicide-item-positive)")
        }
        var loinc: [String] = []
        if let panel = definition.loincPanel { loinc.append("panel \(panel)") }
        if let total = definition.loincTotal { loinc.append("total \(total)") }
        out.append("  LOINC: \(loinc.isEmpty ? "none confirmed" : loinc.joined(separator: ", "))")
        out.append("  Licence: \(definition.licence)")
        out.append("  Items:")
        let shared = definition.items.allSatisfy { $0.options == definition.items.first?.options }
        for item in definition.items {
            var line = "    \(item.number). \(item.text ?? item.label)"
            line += " [\(item.minimum)–\(item.maximum)]"
            if item.optional { line += " (may be left empty)" }
            if let threshold = item.countsAtOrAbove { line += " (counts at ≥ \(threshold))" }
            if let code = item.loinc { line += " LOINC \(code)" }
            out.append(line)
            if !shared { out.append("       answers: " + answers(item.options)) }
        }
        if shared, let first = definition.items.first { out.append("  Answers: " + answers(first.options)) }
        if let item = definition.difficultyItem {
            var line = "  Not scored: \(item.number). \(item.text ?? item.label) [\(item.minimum)–\(item.maximum)]"
            if let code = item.loinc { line += " LOINC \(code)" }
            out.append(line)
            out.append("       answers: " + answers(item.options))
        }
        out.append("  Sources: \(definition.sources.joined(separator: ", "))")
        return out.joined(separator: "\n")
    }

    /// `0 = Not at all; 1 = Several days; …` (a label that only repeats its value prints once).
    static func answers(_ options: [AnswerOption]) -> String {
        options.map { option in
            let prefix = "\(option.value) — "
            let label = option.label.hasPrefix(prefix) ? String(option.label.dropFirst(prefix.count)) : option.label
            return label == String(option.value) ? label : "\(option.value) = \(label)"
        }
        .joined(separator: "; ")
    }
}
