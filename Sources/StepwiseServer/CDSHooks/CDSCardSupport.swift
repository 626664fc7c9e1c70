// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import StepwiseFHIR
import Synchronization

/// Shared pieces of every Stepwise card: ids, sources, override reasons, Markdown helpers.
struct CDSCardSupport: Sendable {
    /// The code system of Stepwise's override reasons (documented in `docs/cds-hooks.md`).
    static let overrideReasonSystem = "http://stepwise.example.org/fhir/CodeSystem/cds-override-reason"

    /// Reasons a clinician may give for not following a card.
    static let overrideReasons: [CDSCoding] = [
        CDSCoding(system: overrideReasonSystem, code: "already-addressed", display: "Already addressed"),
        CDSCoding(system: overrideReasonSystem, code: "not-applicable", display: "Not applicable to this patient"),
        CDSCoding(system: overrideReasonSystem, code: "clinical-judgement", display: "Clinical judgement; benefit outweighs risk"),
        CDSCoding(system: overrideReasonSystem, code: "patient-declined", display: "Patient declined"),
        CDSCoding(system: overrideReasonSystem, code: "data-incorrect", display: "The record data is incorrect"),
    ]

    let knowledge: KnowledgeBase
    let makeID: @Sendable () -> String
    /// What a card needs of every known source id, worked out once (the citations do not change): its
    /// "Sources" line, a number so a card's list is de-duplicated by number instead of by comparing ids,
    /// and its public address and whether it is confirmed (for the card's `source`), so one look-up per
    /// id serves both.
    private let sourceLines: [String: SourceLine]
    /// Each list of source ids' "Sources" section and card URL, rendered once per knowledge base: the
    /// section depends only on the ids and the (unchanging) citations, never on the patient.
    private let renderedSources = RenderedSources()

    struct SourceLine {
        var number: Int
        var line: String
        var url: String?
        var confirmed: Bool
    }

    init(knowledge: KnowledgeBase, makeID: @escaping @Sendable () -> String) {
        self.knowledge = knowledge
        self.makeID = makeID
        var lines: [String: SourceLine] = [:]
        for (number, id) in knowledge.rules.sources.keys.sorted().enumerated() {
            guard let citation = knowledge.rules.sources[id] else { continue }
            let link = citation.url.map { " <\($0)>" } ?? ""
            lines[id] = SourceLine(
                number: number, line: "- \(citation.citation) (\(citation.status.rawValue))\(link)", url: citation.url,
                confirmed: citation.status == .confirmed)
        }
        sourceLines = lines
    }

    /// The card source for `sources` (source ids) and `rule`: the first source with a public URL.
    func source(sources: [String], rule: String?) -> CDSSource {
        // Prefer a confirmed primary source with a public address over secondary renderings.
        var firstURL: String?
        for id in sources {
            guard let citation = knowledge.rules.source(id), let url = citation.url else { continue }
            if citation.status == .confirmed {
                firstURL = url
                break
            }
            if firstURL == nil { firstURL = url }
        }
        let label = rule.map { "Stepwise · rule \($0)" } ?? "Stepwise"
        return CDSSource(label: label, url: firstURL)
    }

    /// A Markdown "Sources" section listing each cited source with its status.
    func sourcesMarkdown(_ ids: [String]) -> String {
        var text = ""
        appendSources(ids, to: &text)
        return text
    }

    /// Appends the Markdown "Sources" section of `ids` (each source once, in first-cited order) to `text`
    /// in place: a blank line, `**Sources**`, then one line per source; nothing when `ids` is empty.
    func appendSources(_ ids: [String], to text: inout String) {
        _ = appendSourcesFindingURL(ids, to: &text)
    }

    /// ``appendSources(_:to:)``, returning the URL ``source(sources:rule:)`` picks for the same `ids`
    /// (the first confirmed source with a public address, else the first with one), found by the same
    /// look-ups.
    private func appendSourcesFindingURL(_ ids: [String], to text: inout String) -> String? {
        guard !ids.isEmpty else { return nil }
        if let rendered = renderedSources.section(for: ids) {
            text += rendered.text
            return rendered.url
        }
        var section = ""
        let url = renderSourcesFindingURL(ids, to: &section)
        renderedSources.remember(ids, RenderedSources.Section(text: section, url: url))
        text += section
        return url
    }

    /// ``appendSourcesFindingURL(_:to:)`` without the rendered sections: every id looked up and its line
    /// appended (the path the rendered sections come from, and the one the tests compare them with).
    func renderSourcesFindingURL(_ ids: [String], to text: inout String) -> String? {
        guard !ids.isEmpty else { return nil }
        var confirmedURL: String?
        var firstURL: String?
        // Room for typical citation lines (a guess: growing later is still correct, only slower).
        text.reserveCapacity(text.utf8.count + 16 + 192 * ids.count)
        text += "\n\n**Sources**\n"
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: sourceLines.count) { seen in
            seen.initialize(repeating: false)
            for index in ids.indices {
                if let known = sourceLines[ids[index]] {
                    guard !seen[known.number] else { continue }
                    seen[known.number] = true
                    text += "\n"
                    text += known.line
                    if confirmedURL == nil, let url = known.url {
                        if known.confirmed {
                            confirmedURL = url
                        } else if firstURL == nil {
                            firstURL = url
                        }
                    }
                } else {
                    // An id the knowledge base does not know (never expected): compared with the earlier ones.
                    guard !ids[..<index].contains(ids[index]) else { continue }
                    text += "\n"
                    text += "- `\(ids[index])`"
                }
            }
        }
        return confirmedURL ?? firstURL
    }

    /// A card with Stepwise's override reasons and a fresh uuid; the "Sources" section is appended to
    /// `detail` in place.
    func card(
        summary: String, detail: consuming String, indicator: CDSIndicator, sources: [String], rule: String?,
        suggestions: [CDSSuggestion]? = nil
    ) -> CDSCard {
        let url = appendSourcesFindingURL(sources, to: &detail)
        return CDSCard(
            uuid: makeID(), summary: summary, detail: detail, indicator: indicator,
            source: CDSSource(label: rule.map { "Stepwise · rule \($0)" } ?? "Stepwise", url: url),
            suggestions: suggestions, overrideReasons: Self.overrideReasons)
    }

    /// A suggestion to order a test or measure, as a draft `ServiceRequest` coded in LOINC.
    func orderSuggestion(label: String, loinc: String, display: String, patientID: String?) -> CDSSuggestion {
        orderSuggestion(Self.orderTemplate(label: label, loinc: loinc, display: display), patientID: patientID)
    }

    /// What an order suggestion needs that does not depend on the patient: its label and the draft
    /// `ServiceRequest` without its subject. Built once per orderable test (``orderTemplate(label:loinc:display:)``).
    struct OrderTemplate: Sendable {
        var label: String
        var resource: [String: CDSJSON]
    }

    /// The patient-independent part of ``orderSuggestion(label:loinc:display:patientID:)``.
    static func orderTemplate(label: String, loinc: String, display: String) -> OrderTemplate {
        OrderTemplate(
            label: label,
            resource: [
                "resourceType": .string("ServiceRequest"),
                "status": .string("draft"),
                "intent": .string("proposal"),
                "code": .object([
                    "coding": .array([
                        .object([
                            "system": .string("http://loinc.org"), "code": .string(loinc), "display": .string(display),
                        ])
                    ])
                ]),
            ])
    }

    /// The suggestion of `template` for `patientID`: a fresh uuid and the patient as the subject (the same
    /// suggestion as ``orderSuggestion(label:loinc:display:patientID:)``, without building the resource anew).
    func orderSuggestion(_ template: OrderTemplate, patientID: String?) -> CDSSuggestion {
        var resource = template.resource
        if let patientID { resource["subject"] = .object(["reference": .string("Patient/\(patientID)")]) }
        return CDSSuggestion(
            label: template.label, uuid: makeID(), isRecommended: true,
            actions: [CDSAction(type: "create", description: template.label, resource: .object(resource))])
    }
}

/// "Sources" sections already rendered, by their list of source ids (see ``CDSCardSupport``): a section
/// is a function of the ids and the knowledge base's citations only, so it is rendered once and copied
/// afterwards. Holds at most ``capacity`` lists (the lists the rules cite are few; anything beyond is
/// rendered on every call, as before). Shared by the event loops behind a lock.
final class RenderedSources: Sendable {
    /// A rendered section and the URL the card's `source` takes from the same ids.
    struct Section: Sendable {
        var text: String
        var url: String?
    }

    /// The most lists remembered.
    static let capacity = 512

    /// A list of ids as a key: hashed by its count and each id's length (cheap: no id's bytes are
    /// hashed), compared id by id (ids that share storage compare at once).
    struct Key: Hashable, Sendable {
        var ids: [String]

        func hash(into hasher: inout Hasher) {
            hasher.combine(ids.count)
            for id in ids { hasher.combine(id.utf8.count) }
        }
    }

    private let sections = Mutex<[Key: Section]>([:])

    /// The section rendered for `ids`, if any.
    func section(for ids: [String]) -> Section? {
        let key = Key(ids: ids)
        return sections.withLock { $0[key] }
    }

    /// Remembers `section` as the one for `ids` (unless ``capacity`` lists are remembered already).
    func remember(_ ids: [String], _ section: Section) {
        sections.withLock { known in
            guard known.count < Self.capacity else { return }
            known[Key(ids: ids)] = section
        }
    }

    /// How many lists are remembered (for tests).
    var count: Int { sections.withLock { $0.count } }
}

extension String {
    /// The text with its first letter upper-cased.
    var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}
