// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import StepwiseFHIR

/// The `order-select` / `order-sign` checks for antidepressant and augmentation orders: MAOI washout
/// (both directions), serotonergic combinations, bipolar signal with antidepressant monotherapy,
/// esketamine contraindications and monitoring, and doses below the minimum adequate dose.
struct CDSOrderChecks: Sendable {
    let support: CDSCardSupport
    let knowledge: KnowledgeBase

    /// Default MAOI washout (days) when the catalogue gives none for a drug: 14 days, the
    /// project's labelled decision for the usual two-week interval.
    static let defaultWashoutDays = 14
    static let defaultWashoutSource = "project-decision-maoi-washout-14"

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
    func cards(
        for orders: [CDSDraftOrder], record: PatientRecord, report: AssessmentReport?, today: LocalDate,
        selections: Set<String>? = nil
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
        if drug.isMAOI {
            // Starting an MAOI: every serotonergic drug taken recently must have washed out.
            for exposure in history where exposure.drug.name != drug.name && exposure.drug.isSerotonergic {
                let washout = exposure.drug.washoutBeforeMAOIDays
                let days = washout?.value ?? Self.defaultWashoutDays
                let sources = washout?.sources ?? [Self.defaultWashoutSource]
                if let card = washoutCard(
                    starting: drug, after: exposure.drug, stopped: exposure.end, days: days, sources: sources,
                    order: order, today: today)
                {
                    cards.append(card)
                }
            }
            for other in otherDrafts where other.isSerotonergic && other.name != drug.name {
                cards.append(concurrentMAOICard(maoi: drug, other: other, order: order))
            }
        } else if drug.isSerotonergic {
            for other in otherDrafts where other.isMAOI {
                cards.append(concurrentMAOICard(maoi: other, other: drug, order: order))
            }
            // Starting a serotonergic drug after an MAOI: the MAOI must have washed out (14 days).
            for exposure in history where exposure.drug.isMAOI && exposure.drug.name != drug.name {
                let washout = exposure.drug.washoutBeforeMAOIDays
                if let card = washoutCard(
                    starting: drug, after: exposure.drug, stopped: exposure.end,
                    days: washout?.value ?? Self.defaultWashoutDays,
                    sources: washout?.sources ?? [Self.defaultWashoutSource, "zoloft-monograph"], order: order,
                    today: today)
                {
                    cards.append(card)
                }
            }
        }
        return cards
    }

    private func washoutCard(
        starting drug: DrugDefinition, after previous: DrugDefinition, stopped: LocalDate?, days: Int,
        sources: [String], order: CDSDraftOrder, today: LocalDate
    ) -> CDSCard? {
        let weeks = days % 7 == 0 ? " (\(days / 7) weeks)" : ""
        if let stopped {
            let earliest = stopped.adding(days: days)
            guard earliest > today else { return nil }
            return support.card(
                summary: "MAOI washout: \(drug.name) must not start before \(earliest), \(days) days after \(previous.name) stopped",
                detail: "\(previous.name.capitalisedFirst) was stopped on \(stopped). Wait at least \(days) days\(weeks) "
                    + "before starting \(drug.name) (serotonin syndrome risk). Earliest start: **\(earliest)**.",
                indicator: .critical, sources: sources, rule: "maoi-washout",
                suggestions: cancelSuggestion(order, reason: "washout not complete"))
        }
        return support.card(
            summary: "MAOI interaction: patient is on \(previous.name); stop it \(days) days before starting \(drug.name)",
            detail: "The record shows \(previous.name) without an end date. Combining it with \(drug.name) risks "
                + "serotonin syndrome or hypertensive crisis. Stop \(previous.name) and wait at least \(days) "
                + "days\(weeks) before starting \(drug.name).",
            indicator: .critical, sources: sources, rule: "maoi-washout",
            suggestions: cancelSuggestion(order, reason: "MAOI interaction"))
    }

    private func concurrentMAOICard(maoi: DrugDefinition, other: DrugDefinition, order: CDSDraftOrder) -> CDSCard {
        support.card(
            summary: "MAOI interaction: \(maoi.name) and \(other.name) are ordered together",
            detail: "An MAOI must not be combined with \(other.name) (serotonin syndrome). Keep one and observe "
                + "the washout before the other.",
            indicator: .critical, sources: ["prozac-label-2013"], rule: "maoi-washout",
            suggestions: cancelSuggestion(order, reason: "MAOI interaction"))
    }

    // MARK: Serotonergic combination

    private func serotonergicCard(
        _ order: CDSDraftOrder, drug: DrugDefinition, active: [Exposure], otherDrafts: [DrugDefinition]
    ) -> CDSCard? {
        guard drug.isSerotonergic, !drug.isMAOI else { return nil }
        let names = Set(
            active.map(\.drug).filter { $0.isSerotonergic && !$0.isMAOI && $0.name != drug.name }.map(\.name)
                + otherDrafts.filter { $0.isSerotonergic && !$0.isMAOI && $0.name != drug.name }.map(\.name)
        ).sorted()
        guard !names.isEmpty else { return nil }
        let list = names.joined(separator: ", ")
        return support.card(
            summary: "Serotonergic combination: \(drug.name) with \(list). Watch for serotonin syndrome",
            detail: "\(drug.name.capitalisedFirst) adds serotonergic load to \(list). If this is a switch, plan the "
                + "cross-taper; if a combination is intended, counsel on and monitor for serotonin syndrome "
                + "(agitation, tremor, clonus, hyperthermia), and review triptans, tramadol, fentanyl, linezolid "
                + "and St John's wort.",
            indicator: .warning, sources: ["prozac-label-2013"] + drug.sources, rule: "serotonergic-combination")
    }

    // MARK: Bipolar signal

    private func bipolarCard(
        _ order: CDSDraftOrder, drug: DrugDefinition, record: PatientRecord, report: AssessmentReport?,
        active: [Exposure], otherDrafts: [DrugDefinition]
    ) -> CDSCard? {
        guard drug.isAntidepressant else { return nil }
        var evidence: [String] = []
        for condition in record.conditions where condition.effectiveStatus == .active {
            if knowledge.conditions.category(of: condition) == "bipolar" {
                evidence.append("Diagnosis \(condition.code ?? "") \(condition.display ?? "bipolar disorder")")
            }
        }
        if let check = report?.pseudoResistance.first(where: { $0.id == "bipolar-spectrum" && $0.status == "present" }) {
            evidence += check.evidence
        }
        guard !evidence.isEmpty else { return nil }
        let stabilisers = (active.map(\.drug) + otherDrafts).filter {
            $0.drugClass == "mood-stabilizer" || $0.drugClass == "sga"
        }
        let covered = !stabilisers.isEmpty
        let summary =
            covered
            ? "Bipolar signal: \(drug.name) with \(stabilisers[0].name); monitor for switch to mania or mixed features"
            : "Bipolar signal: antidepressant monotherapy (\(drug.name)) is not recommended"
        let detail =
            "Evidence of bipolar spectrum:\n\n" + evidence.map { "- \($0)" }.joined(separator: "\n")
            + "\n\nAntidepressant monotherapy is not recommended in bipolar I depression, and antidepressants are "
            + "not recommended with mixed features (CANMAT/ISBD). Confirm the diagnosis; if bipolar, use a "
            + "bipolar-depression regimen (mood stabiliser or an antipsychotic with evidence)."
        return support.card(
            summary: summary, detail: detail, indicator: covered ? .warning : .critical,
            sources: report?.pseudoResistance.first { $0.id == "bipolar-spectrum" }.map { [$0.source] } ?? [],
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
            cards.append(
                support.card(
                    summary: "Esketamine contraindicated: record shows \(found[0])",
                    detail: "Esketamine is contraindicated with aneurysmal vascular disease (thoracic or abdominal "
                        + "aorta, intracranial or peripheral arteries), arteriovenous malformation, or a history of "
                        + "intracerebral haemorrhage. Found:\n\n" + found.map { "- \($0)" }.joined(separator: "\n"),
                    indicator: .critical, sources: ["canmat-2023"], rule: "esketamine-contraindications",
                    suggestions: cancelSuggestion(order, reason: "contraindication")))
        }
        let onOralAntidepressant = active.contains { $0.drug.isAntidepressant && $0.drug.route == .oral }
        var detail =
            "- Give only in a REMS-certified setting; observe for **at least 2 hours** after each dose "
            + "(sedation, dissociation, respiratory depression), then assess readiness to leave.\n"
            + "- Measure blood pressure before and after dosing.\n"
            + "- No driving or machinery until the next day after restful sleep.\n"
            + "- Confirm no aneurysmal vascular disease, arteriovenous malformation, history of intracerebral "
            + "haemorrhage, or hypersensitivity to esketamine or ketamine."
        if !onOralAntidepressant {
            detail += "\n- The record shows no current oral antidepressant: esketamine for TRD is given with one."
        }
        cards.append(
            support.card(
                summary: "Esketamine: REMS setting, monitor ≥ 2 h after each dose, check BP; confirm no contraindications",
                detail: detail, indicator: .warning, sources: ["canmat-2023"], rule: "esketamine-monitoring"))
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
        return support.card(
            summary: "\(drug.name.capitalisedFirst) \(Self.format(dose)) \(unit) is below the minimum adequate dose (\(Self.format(minimum.value)) \(unit))",
            detail: "Fine while titrating, but a trial counts as adequate only at or above \(Self.format(minimum.value)) "
                + "\(unit) for the required duration (\(role.rawValue)). Plan the increase to avoid pseudo-resistance.",
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
