// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import StepwiseCore

extension StepwiseCommand {
    /// `stepwise explain <id>`: the text behind a rule, check, definition, stage or option.
    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Explain a rule, check, definition, stage or plan option by its id, with its sources.",
            discussion: """
                Ids appear in every report ([rule-id]) and in `stepwise explain --list`.
                The web app shows the same text. Exit status: 0 found; 69 unknown id.
                """
        )

        @Argument(help: "Rule or check id, e.g. suicide-risk, adequacy-mgh-atrq, thyroid.")
        var id: String?

        @Flag(help: "List every explainable id.")
        var list = false

        @Option(help: "Output format: text or json.")
        var format: ValidateFormat = .text

        func run() async throws {
            let knowledge = try withCommandErrors { try KnowledgeBase.bundled() }
            let catalog = knowledge.rules
            if list || id == nil {
                let rules = catalog.rules.values.sorted { $0.id < $1.id }
                if format == .json {
                    print(try prettyJSON(rules))
                } else {
                    for rule in rules { print("\(rule.id)\t\(rule.kind)\t\(rule.title)") }
                }
                return
            }
            let key = (id ?? "").lowercased()
            guard let rule = catalog.rule(key) else {
                let suggestions = catalog.rules.keys.filter { $0.contains(key) || key.contains($0) }.sorted().prefix(5)
                var message = "error: no rule, check or option with id \"\(key)\"; run `stepwise explain --list`"
                if !suggestions.isEmpty { message += " (did you mean: \(suggestions.joined(separator: ", "))?)" }
                printError(message)
                throw ExitCode(ExitStatus.notFound)
            }
            if format == .json {
                print(try prettyJSON(ExplainedRule(rule: rule, sources: rule.sources.compactMap(catalog.source))))
                return
            }
            print(RuleTextRenderer.render(rule, sources: rule.sources.compactMap(catalog.source)))
        }

        struct ExplainedRule: Encodable {
            var rule: RuleExplanation
            var sources: [SourceCitation]
        }
    }
}
