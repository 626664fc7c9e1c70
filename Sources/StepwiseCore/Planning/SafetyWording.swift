// SPDX-License-Identifier: Apache-2.0

// The wording of safety cautions and order-check cards, read from `plan-options.json` (`safety`), so
// that clinical sentences are data with their sources, like the thresholds they quote.

/// Text with named parts in braces (`{drug}`), filled in when a caution or card is written.
public enum TextTemplate {
    /// The names in braces in `template`, in order.
    public static func placeholders(in template: String) -> [String] {
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            names.append(String(after[..<close]))
            rest = after[after.index(after: close)...]
        }
        return names
    }

    /// `template` with each `{name}` replaced by its value; a name without a value stays as written.
    public static func render(_ template: String, _ values: KeyValuePairs<String, String>) -> String {
        guard template.utf8.contains(UInt8(ascii: "{")) else { return template }
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else {
                rest = rest[open...]
                break
            }
            let name = after[..<close]
            if let value = values.first(where: { $0.key == name })?.value {
                out += value
            } else {
                out += rest[open...close]
            }
            rest = after[after.index(after: close)...]
        }
        out += rest
        return out
    }
}

/// The wording of the cautions the plan's safety checks add to an option (`plan-options.json`,
/// `safety.cautionTexts`). A template names patient-specific parts in braces:
///
/// - `{drug}`: the drug the caution is about; `{drugs}`: the current drugs it is about, comma-separated;
/// - `{days}`: the washout in days; `{weeks}`: " (N weeks)" when the washout is whole weeks, else nothing;
/// - `{stopped}`: the date the drug stopped; `{ready}`: the first day the next drug may start;
///   `{daysLeft}`: the days from the as-of date until then;
/// - `{conditions}`: the recorded contraindications, comma-separated.
///
/// A blocking caution is printed after "Blocking: ". The option cites each caution's
/// sources, except the washout-before-MAOI sentences, which cite the sources of the drug's own washout.
public struct SafetyCautionTexts: Codable, Sendable, Equatable {
    /// Blocking: an option adds an antidepressant despite a bipolar signal.
    public var bipolarBlocks: SourcedText
    /// An option keeps the current antidepressant (augment, optimise) despite a bipolar signal.
    public var bipolarKeepsAntidepressant: SourcedText
    /// A current drug needs a washout before this MAOI option (`{drug}`, `{days}`, `{weeks}`).
    public var washoutBeforeMAOICurrent: SourcedText
    /// A stopped drug's washout before this MAOI option has not passed (`{drug}`, `{stopped}`,
    /// `{days}`, `{weeks}`, `{ready}`, `{daysLeft}`).
    public var washoutBeforeMAOIStopped: SourcedText
    /// Blocking: an MAOI is current (`{drug}`, `{days}`).
    public var currentMAOI: SourcedText
    /// A stopped MAOI's washout has not passed (as ``washoutBeforeMAOIStopped``).
    public var washoutAfterMAOI: SourcedText
    /// A current reversible MAO-A inhibitor with an option that adds a serotonergic drug or bupropion
    /// (`{drug}`, `{interval}`); blocking unless the option switches away from it.
    public var currentReversibleMAOI: SourcedText
    /// A stopped reversible MAO-A inhibitor's washout has not passed (`{drug}`, `{stopped}`, `{ready}`).
    public var washoutAfterReversibleMAOI: SourcedText
    /// Current serotonergic drugs (`{drugs}`).
    public var serotonergic: SourcedText
    /// Current antipsychotics the option would replace (`{drugs}`).
    public var antipsychotics: SourcedText
    /// Blocking: recorded contraindications to esketamine (`{conditions}`).
    public var esketamine: SourcedText

    /// Every template with its key, in file order (for checks).
    public var all: [(key: String, text: SourcedText)] {
        [
            ("bipolarBlocks", bipolarBlocks), ("bipolarKeepsAntidepressant", bipolarKeepsAntidepressant),
            ("washoutBeforeMAOICurrent", washoutBeforeMAOICurrent),
            ("washoutBeforeMAOIStopped", washoutBeforeMAOIStopped), ("currentMAOI", currentMAOI),
            ("washoutAfterMAOI", washoutAfterMAOI), ("currentReversibleMAOI", currentReversibleMAOI),
            ("washoutAfterReversibleMAOI", washoutAfterReversibleMAOI), ("serotonergic", serotonergic),
            ("antipsychotics", antipsychotics), ("esketamine", esketamine),
        ]
    }

    /// The placeholders each template must use, by key.
    public static let placeholders: [String: Set<String>] = [
        "bipolarBlocks": [], "bipolarKeepsAntidepressant": [],
        "washoutBeforeMAOICurrent": ["drug", "days", "weeks"],
        "washoutBeforeMAOIStopped": ["drug", "stopped", "days", "weeks", "ready", "daysLeft"],
        "currentMAOI": ["drug", "days"],
        "washoutAfterMAOI": ["drug", "stopped", "days", "weeks", "ready", "daysLeft"],
        "currentReversibleMAOI": ["drug", "interval"],
        "washoutAfterReversibleMAOI": ["drug", "stopped", "ready"],
        "serotonergic": ["drugs"], "antipsychotics": ["drugs"], "esketamine": ["conditions"],
    ]
}

/// A card's wording: its summary (at most 140 characters once filled in), its Markdown detail and the
/// sources the wording rests on.
public struct CardText: Codable, Sendable, Equatable {
    /// The card's one-line summary.
    public var summary: String
    /// The card's Markdown detail.
    public var detail: String
    /// Source ids.
    public var sources: [String]

    /// Creates a card's wording.
    public init(summary: String, detail: String, sources: [String]) {
        self.summary = summary
        self.detail = detail
        self.sources = sources
    }
}

/// The order-select / order-sign checks of the CDS Hooks service (`plan-options.json`,
/// `safety.orderChecks`): each card's wording.
///
/// Named parts: `{drug}` the ordered drug (`{Drug}` capitalised), `{previous}` (`{Previous}`) the drug taken
/// before, `{stopped}` its stop date, `{earliest}` the first day the ordered drug may start, `{days}` and
/// `{weeks}` the washout (as in ``SafetyCautionTexts``), `{maoi}` and `{other}` two drafts ordered together,
/// `{drugs}` other serotonergic drugs, `{stabiliser}` a current mood stabiliser or antipsychotic,
/// `{evidence}` and `{found}` Markdown lists, `{first}` the first contraindication found, `{dose}`,
/// `{minimum}`, `{unit}` and `{role}` for a dose below the minimum, `{agent}` (`{Agent}`) a drug with
/// MAOI activity that is not an antidepressant (linezolid, methylene blue), `{drugs}` also the
/// non-serotonergic drugs that interact with an MAOI (bupropion) in the hypertensive-reaction card.
///
/// The washout cards cite the sources of the washout value they apply (the drug's own, or
/// ``SafetySettings/maoiWashoutBeforeDefaultDays`` / ``SafetySettings/maoiWashoutAfterDays``) and the dose card those of
/// the catalogue's minimum dose; the others cite their wording's sources (the serotonergic card also the
/// ordered drug's, the bipolar card first the checklist item's).
public struct OrderCheckSettings: Codable, Sendable, Equatable {
    /// The cards' wording.
    public var cards: OrderCheckCards
    /// Drugs that are not antidepressants but inhibit monoamine oxidase (linezolid, methylene blue):
    /// recognised by name in draft orders only (the drug catalogue holds depression treatments).
    public var maoiActingAgents: [MAOIActingAgent]

    /// The placeholders each card template must use (summary and detail together), by key.
    public static let placeholders: [String: Set<String>] = [
        "washoutStopped": ["drug", "previous", "Previous", "stopped", "earliest", "days", "weeks"],
        "washoutCurrent": ["drug", "previous", "days", "weeks"],
        "concurrentMAOI": ["maoi", "other"],
        "serotonergic": ["drug", "Drug", "drugs"],
        "bipolarWithStabiliser": ["drug", "stabiliser", "evidence"],
        "bipolarMonotherapy": ["drug", "evidence"],
        "esketamineContraindicated": ["first", "found"],
        "esketamineMonitoring": [],
        "doseBelowMinimum": ["Drug", "dose", "minimum", "unit", "role"],
        "maoiActingAgent": ["agent", "Agent", "drugs"],
        "maoiActingAgentHypertensive": ["agent", "Agent", "drugs"],
        "maoiActingAgentActive": ["drug", "agent", "Agent"],
        "maoiActingAgentActiveHypertensive": ["drug", "agent", "Agent"],
        "rimaCurrent": ["drug", "previous", "interval"],
        "rimaStopped": ["drug", "previous", "Previous", "stopped", "earliest", "interval"],
        "rimaConcurrent": ["rima", "Rima", "other"],
    ]

    /// The MAOI-acting agent `text` names (its name or an alias, any case; an RxNorm clinical-drug
    /// name such as `linezolid 600 MG Oral Tablet` by its leading words), or `nil`.
    public func maoiActingAgent(named text: String) -> MAOIActingAgent? {
        let lowered = ConditionCatalog.lowercasedTrimmed(text)
        for agent in maoiActingAgents {
            for name in [agent.name] + agent.aliases {
                let key = name.lowercased()
                if lowered == key || lowered.hasPrefix(key + " ") { return agent }
            }
        }
        return nil
    }
}

/// A drug with MAOI activity that is not an antidepressant (linezolid, IV methylene blue).
public struct MAOIActingAgent: Codable, Sendable, Equatable {
    /// Generic name, lower case.
    public var name: String
    /// Other names (brands, synonyms), lower case.
    public var aliases: [String]
    /// Source ids.
    public var sources: [String]
}

/// The wording of each order-check card.
public struct OrderCheckCards: Codable, Sendable, Equatable {
    /// Starting a drug before the washout of a stopped one has passed (critical).
    public var washoutStopped: CardText
    /// Starting a drug while an incompatible one (MAOI ↔ serotonergic) is current (critical).
    public var washoutCurrent: CardText
    /// An MAOI and a serotonergic drug drafted together (critical).
    public var concurrentMAOI: CardText
    /// A serotonergic drug added to other serotonergic drugs (warning).
    public var serotonergic: CardText
    /// An antidepressant with a bipolar signal, with a mood stabiliser or antipsychotic (warning).
    public var bipolarWithStabiliser: CardText
    /// An antidepressant with a bipolar signal and no mood stabiliser or antipsychotic (critical).
    public var bipolarMonotherapy: CardText
    /// Esketamine with a recorded contraindication (critical).
    public var esketamineContraindicated: CardText
    /// Esketamine: setting, monitoring and what to confirm (warning, every esketamine order).
    public var esketamineMonitoring: CardText
    /// Added to the monitoring card's detail when no oral antidepressant is current.
    public var esketamineWithoutOralAntidepressant: SourcedText
    /// A dose below the minimum adequate dose (info).
    public var doseBelowMinimum: CardText
    /// Linezolid or methylene blue with a serotonergic drug (critical).
    public var maoiActingAgent: CardText
    /// Linezolid or methylene blue with a drug that interacts with MAOIs but is not serotonergic
    /// (bupropion: hypertensive reactions) (critical).
    public var maoiActingAgentHypertensive: CardText
    /// A serotonergic drug ordered while linezolid or methylene blue is active in the prefetch (critical).
    public var maoiActingAgentActive: CardText
    /// Bupropion ordered while linezolid or methylene blue is active in the prefetch (critical).
    public var maoiActingAgentActiveHypertensive: CardText
    /// A drug that must not be combined with a reversible MAO-A inhibitor ordered while one is current
    /// (critical).
    public var rimaCurrent: CardText
    /// Such a drug ordered before the washout after a stopped reversible MAO-A inhibitor has passed
    /// (critical).
    public var rimaStopped: CardText
    /// A reversible MAO-A inhibitor and such a drug drafted together (critical).
    public var rimaConcurrent: CardText

    /// Every card template with its key (for checks).
    public var all: [(key: String, text: CardText)] {
        [
            ("washoutStopped", washoutStopped), ("washoutCurrent", washoutCurrent), ("concurrentMAOI", concurrentMAOI),
            ("serotonergic", serotonergic), ("bipolarWithStabiliser", bipolarWithStabiliser),
            ("bipolarMonotherapy", bipolarMonotherapy), ("esketamineContraindicated", esketamineContraindicated),
            ("esketamineMonitoring", esketamineMonitoring), ("doseBelowMinimum", doseBelowMinimum),
            ("maoiActingAgent", maoiActingAgent), ("maoiActingAgentHypertensive", maoiActingAgentHypertensive),
            ("maoiActingAgentActive", maoiActingAgentActive),
            ("maoiActingAgentActiveHypertensive", maoiActingAgentActiveHypertensive),
            ("rimaCurrent", rimaCurrent), ("rimaStopped", rimaStopped), ("rimaConcurrent", rimaConcurrent),
        ]
    }
}
