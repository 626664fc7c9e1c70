// SPDX-License-Identifier: Apache-2.0

/// Renders an explainable rule with its sources: the text both `stepwise explain` and the web app
/// show, so the two never disagree.
public enum RuleTextRenderer {
    /// Plain-text rendering of `rule` and its resolved `sources`.
    public static func render(_ rule: RuleExplanation, sources: [SourceCitation]) -> String {
        var text = "\(rule.title) [\(rule.id)] — \(rule.kind)\n\n\(rule.text)\n"
        if rule.projectDecision == true {
            text += "\nProject decision: this encodes a choice the published literature does not make.\n"
        }
        if !rule.inputs.isEmpty {
            text += "\nInputs: \(rule.inputs.joined(separator: ", "))\n"
        }
        if !sources.isEmpty {
            text += "\nSources:\n"
            for source in sources {
                text += "  [\(source.id)] (\(source.status.rawValue)) \(source.citation)"
                if let url = source.url { text += " <\(url)>" }
                text += "\n"
            }
        }
        return text
    }
}
