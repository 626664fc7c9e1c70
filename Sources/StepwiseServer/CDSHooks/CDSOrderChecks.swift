// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import StepwiseFHIR

/// The `order-select` / `order-sign` checks for antidepressant and augmentation orders: MAOI washout
/// (both directions), reversible MAO-A inhibitors (moclobemide) with serotonergic drugs, serotonergic combinations, bipolar signal with antidepressant monotherapy,
/// esketamine contraindications and monitoring, and doses below the minimum adequate dose.
struct CDSOrderChecks: Sendable {
    let support: CDSCardSupport
    let knowledge: KnowledgeBase

    /// The cards' wording (`plan-options.json`, `safety.orderChecks`).
    private var wording: OrderCheckCards { knowledge.plan.safety.orderChecks.cards }

    /// The condition category whose codes contraindicate esketamine. The codes themselves (ICD-10-CM by
    /// prefix, SNOMED CT exactly) live in the knowledge base's `conditions.json` with their source, so
    /// the order checks and the planner read one list.
    static let esketamineContraindicationCategory = "esketamine-contraindication"

    /// A medication the patient is taking or took, from the record.
    private struct Exposure {
        var drug: DrugDefinition
        var end: LocalDate?
    }

    /// The cards for `orders` given the history in `record`, most urgent first.
    ///
    /// With `selections` (order-select), only the selected orders are checked; the other drafts still
    /// count as co-prescribed (an MAOI selected next to a drafted SSRI is flagged).
    ///
    /// `activeMedicationNames` are the names of the medications the prefetch shows as active
    /// (``CDSPrefetchMedications/activeNames(in:)``): linezolid or methylene blue among them is checked
    /// against the drafted drugs, since the record keeps depression treatments only.
    func cards(
        for orders: [CDSDraftOrder], record: PatientRecord, report: AssessmentReport?, today: LocalDate,
        selections: Set<String>? = nil, activeMedicationNames: [String] = []
    ) -> [CDSCard] {
        let history: [Exposure] = record.trials.compactMap { trial in
            guard trial.kind == .medication, let drug = knowledge.drugs.drug(named: trial.agent) else { return nil }
            return Exposure(drug: drug, end: trial.end)
        }
        let active = history.filter { $0.end.map { $0 >= today } ?? true }
        var cards: [CDSCard] = []
        for (position, order) in orders.enumerated() {
            guard let drug = order.drug, drug.isAntidepressant || drug.isAugmentingAgent || drug.isMAOI else {
                continue
            }
            if let selections, !selections.isEmpty, !selections.contains(order.reference ?? "") { continue }
            let others = orders.enumerated().filter { $0.offset != position }.compactMap(\.element.drug)
            cards += washoutCards(order, drug: drug, history: history, otherDrafts: others, today: today)
            if let card = serotonergicCard(order, drug: drug, active: active, otherDrafts: others) { cards.append(card) }
            if let card = bipolarCard(order, drug: drug, record: record, report: report, active: active, otherDrafts: others) {
                cards.append(card)
            }
            if drug.name == "esketamine" { cards += esketamineCards(order, record: record, active: active) }
            if let card = doseCard(order, drug: drug, active: active) { cards.append(card) }
        }
        cards += maoiActingAgentCards(orders, history: history, today: today, selections: selections)
        cards += activeAgentCards(orders, activeMedicationNames: activeMedicationNames, selections: selections)
        // The same pair of drafts is seen from both sides; keep one card per finding.
        var seen: Set<String> = []
        cards = cards.filter { seen.insert($0.summary).inserted }
        return cards.enumerated().sorted {
            $0.element.indicator != $1.element.indicator
                ? $0.element.indicator > $1.element.indicator : $0.offset < $1.offset
        }.map(\.element)
    }

    // MARK: MAOI washout

    private func washoutCards(
        _ order: CDSDraftOrder, drug: DrugDefinition, history: [Exposure], otherDrafts: [DrugDefinition],
        today: LocalDate
    ) -> [CDSCard] {
        var cards: [CDSCard] = []
        // A drug interacts with an MAOI when it needs a washout before one (serotonergic drugs, and
        // bupropion: hypertensive reactions) — the same rule as the planner's. A reversible MAO-A
        // inhibitor (moclobemide) needs the same washouts before it, and a short one after it.
        let safety = knowledge.plan.safety
        if drug.isMAOI || drug.isReversibleMAOI {
            // Starting an MAOI: every interacting drug taken recently must have washed out.
            for exposure in history where exposure.drug.name != drug.name {
                guard let washout = safety.washoutBeforeMAOI(for: exposure.drug) else { continue }
                if let card = washoutCard(
                    starting: drug, after: exposure.drug, stopped: exposure.end, days: washout.value,
                    sources: washout.sources, order: order, today: today)
                {
                    cards.append(card)
                }
            }
            // `washoutBeforeMAOI` is nil for an MAOI, so `other` is a serotonergic drug or bupropion here.
            for other in otherDrafts where other.name != drug.name && safety.washoutBeforeMAOI(for: other) != nil {
                cards.append(
                    drug.isReversibleMAOI
                        ? rimaConcurrentCard(rima: drug, other: other, order: order)
                        : concurrentMAOICard(maoi: drug, other: other, order: order))
            }
            if drug.isReversibleMAOI {
                // After an irreversible MAOI, a reversible one waits like any other antidepressant.
                let washout = safety.maoiWashoutAfterDays
                for exposure in history where exposure.drug.isMAOI {
                    if let card = washoutCard(
                        starting: drug, after: exposure.drug, stopped: exposure.end, days: washout.value,
                        sources: washout.sources, order: order, today: today)
                    {
                        cards.append(card)
                    }
                }
            }
        } else if safety.washoutBeforeMAOI(for: drug) != nil {
            for other in otherDrafts where other.isMAOI {
                cards.append(concurrentMAOICard(maoi: other, other: drug, order: order))
            }
            for other in otherDrafts where other.isReversibleMAOI {
                cards.append(rimaConcurrentCard(rima: other, other: drug, order: order))
            }
            // Starting a serotonergic drug after an MAOI: the MAOI must have washed out (the planner's
            // `maoiWashoutAfterDays`, 14 days).
            let washout = safety.maoiWashoutAfterDays
            for exposure in history where exposure.drug.isMAOI && exposure.drug.name != drug.name {
                if let card = washoutCard(
                    starting: drug, after: exposure.drug, stopped: exposure.end, days: washout.value,
                    sources: washout.sources, order: order, today: today)
                {
                    cards.append(card)
                }
            }
            // After a reversible MAO-A inhibitor: `reversibleMAOIWashoutAfterDays` (1 day).
            for exposure in history where exposure.drug.isReversibleMAOI && exposure.drug.name != drug.name {
                if let card = rimaWashoutCard(starting: drug, after: exposure.drug, stopped: exposure.end, order: order, today: today) {
                    cards.append(card)
                }
            }
        }
        return cards
    }

    /// `1 day`, `7 days`.
    private static func interval(days: Int) -> String { days == 1 ? "1 day" : "\(days) days" }

    /// Starting `drug` while the reversible MAO-A inhibitor `previous` is current, or before its washout
    /// has passed.
    private func rimaWashoutCard(
        starting drug: DrugDefinition, after previous: DrugDefinition, stopped: LocalDate?, order: CDSDraftOrder,
        today: LocalDate
    ) -> CDSCard? {
        let washout = knowledge.plan.safety.reversibleMAOIWashoutAfterDays
        let interval = Self.interval(days: washout.value)
        if let stopped {
            let earliest = stopped.adding(days: washout.value)
            guard earliest > today else { return nil }
            let values: KeyValuePairs<String, String> = [
                "drug": drug.name, "previous": previous.name, "Previous": previous.name.capitalisedFirst,
                "stopped": stopped.description, "earliest": earliest.description, "interval": interval,
            ]
            return support.card(
                summary: TextTemplate.render(wording.rimaStopped.summary, values),
                detail: TextTemplate.render(wording.rimaStopped.detail, values),
                indicator: .critical, sources: wording.rimaStopped.sources, rule: "rima-interaction",
                suggestions: cancelSuggestion(order, reason: "washout not complete"))
        }
        let values: KeyValuePairs<String, String> = ["drug": drug.name, "previous": previous.name, "interval": interval]
        return support.card(
            summary: TextTemplate.render(wording.rimaCurrent.summary, values),
            detail: TextTemplate.render(wording.rimaCurrent.detail, values),
            indicator: .critical, sources: wording.rimaCurrent.sources, rule: "rima-interaction",
            suggestions: cancelSuggestion(order, reason: "MAOI interaction"))
    }

    private func rimaConcurrentCard(rima: DrugDefinition, other: DrugDefinition, order: CDSDraftOrder) -> CDSCard {
        let text = wording.rimaConcurrent
        let values: KeyValuePairs<String, String> = ["rima": rima.name, "Rima": rima.name.capitalisedFirst, "other": other.name]
        return support.card(
            summary: TextTemplate.render(text.summary, values), detail: TextTemplate.render(text.detail, values),
            indicator: .critical, sources: text.sources, rule: "rima-interaction",
            suggestions: cancelSuggestion(order, reason: "MAOI interaction"))
    }

    private func washoutCard(
        starting drug: DrugDefinition, after previous: DrugDefinition, stopped: LocalDate?, days: Int,
        sources: [String], order: CDSDraftOrder, today: LocalDate
    ) -> CDSCard? {
        let weeks = days % 7 == 0 ? " (\(days / 7) weeks)" : ""
        if let stopped {
            let earliest = stopped.adding(days: days)
            guard earliest > today else { return nil }
            let values: KeyValuePairs<String, String> = [
                "drug": drug.name, "previous": previous.name, "Previous": previous.name.capitalisedFirst,
                "stopped": stopped.description, "earliest": earliest.description, "days": String(days), "weeks": weeks,
            ]
            return support.card(
                summary: TextTemplate.render(wording.washoutStopped.summary, values),
                detail: TextTemplate.render(wording.washoutStopped.detail, values),
                indicator: .critical, sources: sources, rule: "maoi-washout",
                suggestions: cancelSuggestion(order, reason: "washout not complete"))
        }
        let values: KeyValuePairs<String, String> = [
            "drug": drug.name, "previous": previous.name, "days": String(days), "weeks": weeks,
        ]
        return support.card(
            summary: TextTemplate.render(wording.washoutCurrent.summary, values),
            detail: TextTemplate.render(wording.washoutCurrent.detail, values),
            indicator: .critical, sources: sources, rule: "maoi-washout",
            suggestions: cancelSuggestion(order, reason: "MAOI interaction"))
    }

    private func concurrentMAOICard(maoi: DrugDefinition, other: DrugDefinition, order: CDSDraftOrder) -> CDSCard {
        let text = wording.concurrentMAOI
        let values: KeyValuePairs<String, String> = ["maoi": maoi.name, "other": other.name]
        return support.card(
            summary: TextTemplate.render(text.summary, values), detail: TextTemplate.render(text.detail, values),
            indicator: .critical, sources: text.sources, rule: "maoi-washout",
            suggestions: cancelSuggestion(order, reason: "MAOI interaction"))
    }

    // MARK: Linezolid and methylene blue

    /// How a drug interacts with linezolid or methylene blue (reversible MAO inhibitors).
    private enum AgentInteraction {
        /// Serotonergic (serotonin syndrome; FDA Drug Safety Communications, 2011).
        case serotonergic
        /// Not serotonergic but contraindicated with MAOIs (bupropion: hypertensive reactions; its label).
        case hypertensive
    }

    private func agentInteraction(_ drug: DrugDefinition) -> AgentInteraction? {
        if drug.isSerotonergic { return .serotonergic }
        return knowledge.plan.safety.washoutBeforeMAOI(for: drug) != nil ? .hypertensive : nil
    }

    /// Linezolid or methylene blue (not in the drug catalogue; recognised by the order's name) with a
    /// serotonergic drug, or with a drug that is contraindicated with MAOIs for another reason
    /// (bupropion), that is current, stopped less than its washout ago, or drafted alongside.
    private func maoiActingAgentCards(
        _ orders: [CDSDraftOrder], history: [Exposure], today: LocalDate, selections: Set<String>?
    ) -> [CDSCard] {
        let settings = knowledge.plan.safety.orderChecks
        let agents = orders.map { $0.drug == nil ? settings.maoiActingAgent(named: $0.label) : nil }
        guard agents.contains(where: { $0 != nil }) else { return [] }
        let safety = knowledge.plan.safety
        // Interacting drugs in the record that have not washed out: an MAOI's own washout after it
        // (14 days), any other's washout before an MAOI (fluoxetine 35 days, bupropion 14, otherwise 14).
        let recorded: [(name: String, kind: AgentInteraction)] = history.compactMap { exposure in
            guard let kind = agentInteraction(exposure.drug) else { return nil }
            if let end = exposure.end {
                let days =
                    exposure.drug.isMAOI
                    ? safety.maoiWashoutAfterDays.value
                    : (safety.washoutBeforeMAOI(for: exposure.drug)?.value ?? safety.maoiWashoutBeforeDefaultDays.value)
                guard end.adding(days: days) > today else { return nil }
            }
            return (exposure.drug.name, kind)
        }
        var cards: [CDSCard] = []
        for (position, order) in orders.enumerated() {
            if let selections, !selections.isEmpty, !selections.contains(order.reference ?? "") { continue }
            let drafted = orders.enumerated().filter { $0.offset != position }
            if let agent = agents[position] {
                let draftedDrugs: [(name: String, kind: AgentInteraction)] = drafted.compactMap { other in
                    guard let drug = other.element.drug, let kind = agentInteraction(drug) else { return nil }
                    return (drug.name, kind)
                }
                for kind in [AgentInteraction.serotonergic, .hypertensive] {
                    let names = Set((recorded + draftedDrugs).filter { $0.kind == kind }.map(\.name))
                    guard !names.isEmpty else { continue }
                    cards.append(maoiActingAgentCard(agent: agent, drugs: names.sorted(), kind: kind, order: order))
                }
            } else if let drug = order.drug, let kind = agentInteraction(drug) {
                for other in drafted {
                    guard let agent = agents[other.offset] else { continue }
                    cards.append(maoiActingAgentCard(agent: agent, drugs: [drug.name], kind: kind, order: order))
                }
            }
        }
        return cards
    }

    private func maoiActingAgentCard(
        agent: MAOIActingAgent, drugs: [String], kind: AgentInteraction, order: CDSDraftOrder
    ) -> CDSCard {
        agentCard(
            kind == .serotonergic ? wording.maoiActingAgent : wording.maoiActingAgentHypertensive, kind: kind,
            agent: agent,
            values: ["agent": agent.name, "Agent": agent.name.capitalisedFirst, "drugs": drugs.joined(separator: ", ")],
            order: order)
    }

    /// A critical `maoi-acting-agent` card. The serotonergic cards cite the agent's own FDA communication;
    /// the hypertensive cards the bupropion label, then the agent's communication.
    private func agentCard(
        _ text: CardText, kind: AgentInteraction, agent: MAOIActingAgent, values: KeyValuePairs<String, String>,
        order: CDSDraftOrder
    ) -> CDSCard {
        support.card(
            summary: TextTemplate.render(text.summary, values), detail: TextTemplate.render(text.detail, values),
            indicator: .critical, sources: kind == .serotonergic ? agent.sources : text.sources + agent.sources,
            rule: "maoi-acting-agent", suggestions: cancelSuggestion(order, reason: "MAOI interaction"))
    }

    /// A serotonergic drug or bupropion drafted while the prefetch shows linezolid or methylene blue as
    /// an active order.
    private func activeAgentCards(
        _ orders: [CDSDraftOrder], activeMedicationNames: [String], selections: Set<String>?
    ) -> [CDSCard] {
        guard !activeMedicationNames.isEmpty else { return [] }
        let settings = knowledge.plan.safety.orderChecks
        var active: [MAOIActingAgent] = []
        for name in activeMedicationNames {
            if let agent = settings.maoiActingAgent(named: name), !active.contains(where: { $0.name == agent.name }) {
                active.append(agent)
            }
        }
        guard !active.isEmpty else { return [] }
        var cards: [CDSCard] = []
        for order in orders {
            if let selections, !selections.isEmpty, !selections.contains(order.reference ?? "") { continue }
            guard let drug = order.drug, let kind = agentInteraction(drug) else { continue }
            let text = kind == .serotonergic ? wording.maoiActingAgentActive : wording.maoiActingAgentActiveHypertensive
            for agent in active {
                cards.append(
                    agentCard(
                        text, kind: kind, agent: agent,
                        values: ["drug": drug.name, "agent": agent.name, "Agent": agent.name.capitalisedFirst], order: order))
            }
        }
        return cards
    }

    // MARK: Serotonergic combination

    private func serotonergicCard(
        _ order: CDSDraftOrder, drug: DrugDefinition, active: [Exposure], otherDrafts: [DrugDefinition]
    ) -> CDSCard? {
        // MAOIs and reversible MAO-A inhibitors get the critical washout and interaction cards instead.
        guard drug.isSerotonergic, !drug.isMAOI, !drug.isReversibleMAOI else { return nil }
        let names = Set(
            active.map(\.drug).filter { $0.isSerotonergic && !$0.isMAOI && !$0.isReversibleMAOI && $0.name != drug.name }
                .map(\.name)
                + otherDrafts.filter { $0.isSerotonergic && !$0.isMAOI && !$0.isReversibleMAOI && $0.name != drug.name }
                .map(\.name)
        ).sorted()
        guard !names.isEmpty else { return nil }
        let text = wording.serotonergic
        let values: KeyValuePairs<String, String> = [
            "drug": drug.name, "Drug": drug.name.capitalisedFirst, "drugs": names.joined(separator: ", "),
        ]
        return support.card(
            summary: TextTemplate.render(text.summary, values), detail: TextTemplate.render(text.detail, values),
            indicator: .warning, sources: text.sources + drug.sources, rule: "serotonergic-combination")
    }

    // MARK: Bipolar signal

    private func bipolarCard(
        _ order: CDSDraftOrder, drug: DrugDefinition, record: PatientRecord, report: AssessmentReport?,
        active: [Exposure], otherDrafts: [DrugDefinition]
    ) -> CDSCard? {
        guard drug.isAntidepressant else { return nil }
        var evidence: [String] = []
        // Bipolar disorder is lifelong: a resolved (remission) diagnosis is a history that still
        // counts; only ruled-out does not.
        for condition in record.conditions where condition.effectiveStatus != .ruledOut {
            if knowledge.conditions.category(of: condition) == "bipolar" {
                evidence.append(
                    (condition.effectiveStatus == .resolved ? "History: diagnosis " : "Diagnosis ")
                        + "\(condition.code ?? "") \(condition.display ?? "bipolar disorder")")
            }
        }
        if let check = report?.pseudoResistance.first(where: { $0.id == "bipolar-spectrum" && $0.status == "present" }) {
            for line in check.evidence where !evidence.contains(line) { evidence.append(line) }
        }
        guard !evidence.isEmpty else { return nil }
        let stabilisers = (active.map(\.drug) + otherDrafts).filter {
            $0.drugClass == "mood-stabilizer" || $0.drugClass == "sga"
        }
        let covered = !stabilisers.isEmpty
        let text = covered ? wording.bipolarWithStabiliser : wording.bipolarMonotherapy
        let values: KeyValuePairs<String, String> = [
            "drug": drug.name, "stabiliser": stabilisers.first?.name ?? "",
            "evidence": evidence.map { "- \($0)" }.joined(separator: "\n"),
        ]
        var sources = report?.pseudoResistance.first { $0.id == "bipolar-spectrum" }.map { [$0.source] } ?? []
        for id in text.sources where !sources.contains(id) { sources.append(id) }
        return support.card(
            summary: TextTemplate.render(text.summary, values), detail: TextTemplate.render(text.detail, values),
            indicator: covered ? .warning : .critical, sources: sources,
            rule: "bipolar-antidepressant-monotherapy",
            suggestions: covered ? nil : cancelSuggestion(order, reason: "bipolar signal"))
    }

    // MARK: Esketamine

    private func esketamineCards(_ order: CDSDraftOrder, record: PatientRecord, active: [Exposure]) -> [CDSCard] {
        var cards: [CDSCard] = []
        var found: [String] = []
        // A history counts (the label names a history of intracerebral haemorrhage): every condition
        // that was not ruled out.
        let catalog = knowledge.conditions
        for condition in record.conditions where condition.effectiveStatus != .ruledOut {
            guard catalog.category(of: condition) == Self.esketamineContraindicationCategory else { continue }
            let mapped = condition.code.flatMap { catalog.mapping(forCode: $0, system: condition.system)?.display }
            let meaning = mapped ?? condition.display
            switch (condition.code?.uppercased(), meaning) {
            case let (code?, meaning?): found.append("\(code) (\(meaning))")
            case let (code?, nil): found.append(code)
            case let (nil, meaning?): found.append(meaning)
            case (nil, nil): found.append("a recorded contraindicating condition")
            }
        }
        if !found.isEmpty {
            let text = wording.esketamineContraindicated
            let values: KeyValuePairs<String, String> = [
                "first": found[0], "found": found.map { "- \($0)" }.joined(separator: "\n"),
            ]
            cards.append(
                support.card(
                    summary: TextTemplate.render(text.summary, values), detail: TextTemplate.render(text.detail, values),
                    indicator: .critical, sources: text.sources, rule: "esketamine-contraindications",
                    suggestions: cancelSuggestion(order, reason: "contraindication")))
        }
        let onOralAntidepressant = active.contains { $0.drug.isAntidepressant && $0.drug.route == .oral }
        let monitoring = wording.esketamineMonitoring
        var detail = monitoring.detail
        var sources = monitoring.sources
        if !onOralAntidepressant {
            let extra = wording.esketamineWithoutOralAntidepressant
            detail += extra.text
            for id in extra.sources where !sources.contains(id) { sources.append(id) }
        }
        cards.append(
            support.card(
                summary: monitoring.summary, detail: detail, indicator: .warning, sources: sources,
                rule: "esketamine-monitoring"))
        return cards
    }

    // MARK: Dose

    private func doseCard(_ order: CDSDraftOrder, drug: DrugDefinition, active: [Exposure]) -> CDSCard? {
        let augmenting =
            !drug.isAntidepressant
            || (drug.isAugmentingAgent && active.contains { $0.drug.isAntidepressant && $0.drug.name != drug.name })
        let role: TreatmentTrial.Role = augmenting ? .augmentation : .monotherapy
        guard let minimum = drug.minimumDose(for: role), let dose = order.mgPerDay else { return nil }
        guard dose < minimum.value else { return nil }
        let unit = drug.route == .intranasal ? "mg per session" : "mg/day"
        let text = wording.doseBelowMinimum
        let values: KeyValuePairs<String, String> = [
            "Drug": drug.name.capitalisedFirst, "dose": Self.format(dose), "minimum": Self.format(minimum.value),
            "unit": unit, "role": role.rawValue,
        ]
        // The card quotes the catalogue's minimum dose: it cites that value's sources.
        return support.card(
            summary: TextTemplate.render(text.summary, values), detail: TextTemplate.render(text.detail, values),
            indicator: .info, sources: minimum.sources, rule: "inadequate-dose")
    }

    private func cancelSuggestion(_ order: CDSDraftOrder, reason: String) -> [CDSSuggestion]? {
        guard let reference = order.reference else { return nil }
        return [
            CDSSuggestion(
                label: "Remove the \(order.drug?.name ?? "medication") order (\(reason))", uuid: support.makeID(),
                isRecommended: true,
                actions: [CDSAction(type: "delete", description: "Remove draft order", resourceId: reference)])
        ]
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
