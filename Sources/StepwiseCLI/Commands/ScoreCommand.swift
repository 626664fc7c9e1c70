// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import StepwiseCore

extension StepwiseCommand {
    /// `stepwise score <instrument> <answers>`: scores one administration of a rating scale.
    struct Score: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score one rating-scale administration: total, band, flags (safety first), rule and sources.",
            discussion: """
                ANSWERS are the item answers in form order, comma- or space-separated; write - or na for an omitted item (e.g. WSAS item 1 when retired). Items may also be given by number: 9=2 (only item 9). Licensed scales (MADRS, ISI, Q-LES-Q-SF) accept --total instead of answers; the C-SSRS screener needs its answers (it has no total). `stepwise instruments` lists every instrument with its items and answer values.

                Examples:
                  stepwise score phq9 2,2,1,1,0,1,1,0,1
                  stepwise score qids 1,3,0,2,2,0,1,-,2,1,2,0,1,2,1,3
                  stepwise score audit-c 1,1,1 --sex male
                  stepwise score wsas -,4,4,4,4     (retired: item 1 not applicable)
                  stepwise score madrs --total 22 --format json
                  stepwise score phq9 9=2           (incomplete: item-9 signal shown, exit 65)

                Exit status: 0 scored; 65 bad answers (out of range, missing, wrong number, not a number); 69 unknown instrument; 70 broken bundled knowledge. Errors are one line on standard error.
                """
        )

        @Argument(help: "Instrument id or alias (phq9, PHQ-9, qids, hamd, madrs, cssrs, …).")
        var instrument: String

        /// Collected with `.allUnrecognized` so that an answer list starting with `-` (an omitted
        /// first item) is not mistaken for an option; the parts are joined with commas.
        @Argument(
            parsing: .allUnrecognized,
            help: "Comma-separated answers in item order; - or na for an omitted item; or N=V pairs.")
        var answers: [String] = []

        /// The answer list as typed (parts joined with commas), or `nil` when none was given.
        var answerList: String? { answers.isEmpty ? nil : answers.joined(separator: ",") }

        @Option(help: "A clinician-entered total (licensed scales, or a total from another system).")
        var total: Int?

        @Option(help: "Sex for sex-specific cut-offs (AUDIT-C; STOP-Bang item 8): female, male, other, unknown.")
        var sex: SexOption?

        @Option(help: "Output format: text or json.")
        var format: ScoreFormat = .text

        func run() async throws {
            let colour = format == .text && standardOutputIsTerminal()
            do {
                print(ScoreText.highlight(try output(), colour: colour))
            } catch let error as StepwiseError {
                // A safety signal in otherwise unusable answers is still shown (on standard output).
                if let partial = try? partialOutput() { print(ScoreText.highlight(partial, colour: colour)) }
                printError("error: \(error.message)")
                throw ExitCode(Self.exitStatus(for: error))
            }
        }

        /// The text this command prints; throws ``StepwiseError`` for bad input.
        func output() throws -> String {
            let (definition, measurement) = try prepare()
            let scored = try InstrumentScorer.score(measurement, definition: definition, sex: sex?.sex)
            return try render(scored, definition: definition)
        }

        /// When the answers cannot be scored but carry a safety signal (suicide item > 0, C-SSRS
        /// triage), the safety block for that signal; `nil` otherwise.
        func partialOutput() throws -> String? {
            let (definition, measurement) = try prepare()
            guard let partial = InstrumentScorer.safetySignal(measurement, definition: definition) else { return nil }
            return try render(partial, definition: definition)
        }

        func prepare() throws -> (InstrumentDefinition, StepwiseCore.Measurement) {
            let catalog = try InstrumentCatalog.bundled()
            let definition = try InstrumentScorer.definition(for: instrument, in: catalog)
            let parsed = try AnswerList.parse(answerList, itemCount: definition.items.count, instrument: definition.id)
            // The date plays no part in scoring; a fixed one keeps the output free of the clock.
            let measurement = StepwiseCore.Measurement(
                instrument: definition.id, date: LocalDate(dayNumber: 0), answers: parsed.answers, total: total,
                items: parsed.items)
            return (definition, measurement)
        }

        func render(_ scored: ScoredMeasurement, definition: InstrumentDefinition) throws -> String {
            switch format {
            case .json: return try prettyJSON(ScoreReport(definition: definition, scored: scored))
            case .text: return ScoreText.render(scored, definition: definition)
            }
        }

        /// 69 for an unknown instrument, 70 for a broken knowledge file, 65 for any other input error.
        static func exitStatus(for error: StepwiseError) -> Int32 {
            switch error.code {
            case .notFound: ExitStatus.notFound
            case .knowledgeBase: ExitStatus.software
            default: ExitStatus.dataError
            }
        }
    }

    /// Output formats of `score` and `instruments`.
    enum ScoreFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }
}

/// `--sex` values.
enum SexOption: String, ExpressibleByArgument, CaseIterable {
    case female, male, other, unknown

    var sex: Sex {
        switch self {
        case .female: .female
        case .male: .male
        case .other: .other
        case .unknown: .unknown
        }
    }
}

/// Parses the command-line answer list.
enum AnswerList {
    /// `"2,1,-,3"` → answers in order; `"9=2,3=1"` → items by number; `nil` → nothing.
    static func parse(_ text: String?, itemCount: Int, instrument: String) throws
        -> (answers: [Int?]?, items: [String: Int]?)
    {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return (nil, nil) }
        let tokens = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        if tokens.contains(where: { $0.contains("=") }) {
            var items: [String: Int] = [:]
            for (index, token) in tokens.enumerated() {
                let parts = token.split(separator: "=", omittingEmptySubsequences: false)
                guard parts.count == 2, let number = Int(parts[0]), let value = Int(parts[1]) else {
                    throw StepwiseError(
                        .invalidInput,
                        "\(instrument): answer \(index + 1) \"\(clip(token))\" is not ITEM=VALUE (e.g. 9=2); do not mix with plain answers",
                        at: "answers")
                }
                items[String(number)] = value
            }
            return (nil, items)
        }
        var answers: [Int?] = []
        for (index, token) in tokens.enumerated() {
            let lower = token.lowercased()
            if lower == "-" || lower == "na" || lower == "n/a" {
                answers.append(nil)
            } else if let value = Int(token) {
                answers.append(value)
            } else {
                throw StepwiseError(
                    .invalidInput,
                    "\(instrument): answer \(index + 1) \"\(clip(token))\" is not a whole number; use - or na for an omitted item",
                    at: "answers")
            }
        }
        return (answers, nil)
    }

    static func clip(_ token: String) -> String { token.count > 20 ? String(token.prefix(20)) + "…" : token }
}

/// The JSON shape of `stepwise score --format json`.
struct ScoreReport: Encodable {
    var instrument: String
    var shortName: String
    var total: Int?
    var minimumTotal: Int?
    var maximumTotal: Int?
    var band: String?
    var bandLabel: String?
    var flags: [String]
    var details: [String: Double]
    var basis: String
    var remissionMax: Int?
    var safety: [String]
    var rule: String
    var sources: [String]

    init(definition: InstrumentDefinition, scored: ScoredMeasurement) {
        instrument = definition.id
        shortName = definition.shortName
        total = scored.total
        minimumTotal = definition.minimumTotal
        maximumTotal = definition.maximumTotal
        band = scored.band
        bandLabel = scored.total.flatMap { definition.band(for: $0)?.label }.flatMap { scored.band != nil ? $0 : nil }
        flags = scored.flags
        details = scored.details
        basis = scored.basis
        remissionMax = definition.remissionMax
        safety = ScoreText.safetyLines(scored, definition: definition)
        rule = definition.scoring.rule
        var sources = definition.sources
        for id in definition.scoring.sources where !sources.contains(id) { sources.append(id) }
        self.sources = sources
    }
}

/// Plain-text rendering of a scored administration, safety lines first.
enum ScoreText {
    /// Safety messages for `scored` (suicide item, C-SSRS triage), most urgent first.
    static func safetyLines(_ scored: ScoredMeasurement, definition: InstrumentDefinition) -> [String] {
        var lines: [String] = []
        if scored.flags.contains(InstrumentFlag.cssrsHighRisk) {
            lines.append(
                "C-SSRS screener HIGH RISK: intent or plan, or suicidal behaviour in the past 3 months — immediate evaluation and safety precautions")
        } else if scored.flags.contains(InstrumentFlag.cssrsModerateRisk) {
            lines.append("C-SSRS screener MODERATE RISK: method, or past suicidal behaviour — clinical evaluation and safety planning")
        } else if scored.flags.contains(InstrumentFlag.cssrsLowRisk) {
            lines.append("C-SSRS screener LOW RISK: wish to be dead or non-specific thoughts — follow up and consider safety planning")
        }
        if scored.flags.contains(InstrumentFlag.suicideItemPositive) {
            let number = scored.details["safetyItemNumber"].map { Int($0) }
            let value = scored.details["safetyItem"].map { Int($0) }
            let label = number.flatMap { definition.item($0)?.label } ?? "suicide item"
            let answer = number.flatMap { n in value.flatMap { definition.item(n)?.option($0)?.label } }
            var line = "\(definition.shortName) item \(number.map(String.init) ?? "?") (\(label)) answered \(value.map(String.init) ?? "?")"
            if let answer { line += " (\"\(answer)\")" }
            line += " — structured suicide-risk assessment indicated (e.g. C-SSRS)"
            lines.append(line)
        }
        return lines
    }

    /// Safety lines in bold red when writing to a terminal; the text unchanged otherwise.
    static func highlight(_ text: String, colour: Bool) -> String {
        guard colour else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("!! SAFETY") ? "\u{1B}[1;31m\(line)\u{1B}[0m" : String(line)
        }.joined(separator: "\n")
    }

    /// The full text block.
    static func render(_ scored: ScoredMeasurement, definition: InstrumentDefinition) -> String {
        var out: [String] = []
        for line in safetyLines(scored, definition: definition) { out.append("!! SAFETY: \(line)") }
        out.append("\(definition.shortName) — \(definition.name)")
        if let total = scored.total {
            let range = definition.minimumTotal.flatMap { low in definition.maximumTotal.map { "\(low)–\($0)" } } ?? "?"
            var line = "Total: \(total) (range \(range); \(scored.basis == "clinician-total" ? "entered total" : "from items"))"
            if let maximum = scored.details["maximumTotal"] { line += "; maximum \(Int(maximum)) with not-applicable items" }
            out.append(line)
        } else {
            out.append("Total: none (\(definition.scoring.method == .triage ? "triage instrument" : scored.basis))")
        }
        if let band = scored.band {
            let label = scored.total.flatMap { definition.band(for: $0) }.flatMap { $0.band == band ? $0.label : nil }
            out.append("Band: \(band)" + (label.map { " (\($0))" } ?? ""))
        } else {
            out.append("Band: none applies")
        }
        if let remission = definition.remissionMax, let total = scored.total {
            let safetySignal = scored.flags.contains { $0 == InstrumentFlag.suicideItemPositive || $0.hasPrefix("cssrs-") }
            let verdict =
                total > remission
                ? "not met" : safetySignal ? "met by the total, but the suicide item is positive (see SAFETY above)" : "met"
            out.append("Remission cut-off: ≤ \(remission) — \(verdict)")
        }
        let other = scored.flags.filter { $0 != InstrumentFlag.suicideItemPositive && !$0.hasPrefix("cssrs-") }
        let safety = scored.flags.filter { $0 == InstrumentFlag.suicideItemPositive || $0.hasPrefix("cssrs-") }
        let flags = safety + other
        out.append("Flags: " + (flags.isEmpty ? "none" : flags.joined(separator: ", ")))
        if !scored.details.isEmpty {
            let shown = scored.details.keys.sorted().map { key -> String in
                let value = scored.details[key] ?? 0
                let text = value == value.rounded() ? String(Int(value)) : String(value)
                return "\(key)=\(text)"
            }
            out.append("Details: " + shown.joined(separator: ", "))
        }
        out.append("Rule: \(definition.scoring.description)")
        var sources = definition.sources
        for id in definition.scoring.sources where !sources.contains(id) { sources.append(id) }
        out.append("Sources: \(sources.joined(separator: ", ")) — stepwise explain \(definition.scoring.rule)")
        return out.joined(separator: "\n")
    }
}
