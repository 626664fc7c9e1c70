// SPDX-License-Identifier: Apache-2.0

/// Safety checks on each option: bipolar signal, MAOI washouts in both directions, serotonergic
/// combinations and esketamine contraindications (the standing cautions are prepared in ``PlanCatalog``).
///
/// The checks run for every proposed option and decide at once whether the option is blocked and
/// which sources it cites; the caution sentences are rendered from the findings when read, with the
/// wording of `plan-options.json` (``SafetyCautionTexts``).
enum PlanSafety {
    /// Prefix of a caution that blocks the option for this patient (it sinks below every other option).
    static let blockingPrefix = "Blocking: "

    /// One patient-specific caution, as structured inputs.
    enum Caution: Sendable {
        /// Adding an antidepressant with a bipolar signal (blocking).
        case bipolar
        /// An option that keeps the current antidepressant (augment, optimise) with a bipolar signal.
        case bipolarKeepsAntidepressant
        /// A drug that needs a washout before this MAOI option (`medication` indexes the medications).
        case washoutBeforeMAOI(medication: Int, days: Int)
        /// A current MAOI: no other antidepressant until it is stopped and washed out (blocking).
        case currentMAOI(medication: Int, days: Int)
        /// A stopped MAOI whose washout has not yet passed.
        case washoutAfterMAOI(medication: Int, days: Int)
        /// A current reversible MAO-A inhibitor with an option that adds a serotonergic drug or
        /// bupropion (blocking unless the option switches away from it).
        case currentReversibleMAOI(medication: Int, days: Int, blocking: Bool)
        /// A stopped reversible MAO-A inhibitor whose (short) washout has not yet passed.
        case washoutAfterReversibleMAOI(medication: Int, days: Int)
        /// Current serotonergic drugs other than `agent`.
        case serotonergic(agent: String?)
        /// Current antipsychotics other than `agent`.
        case antipsychotics(agent: String)
        /// Recorded contraindications to esketamine (blocking).
        case esketamine
    }

    /// What the checks found for one option.
    struct Findings: Sendable {
        var blocked = false
        var cautions: [Caution] = []
        /// The option's own sources followed by each source the checks cite that it lacks (in the
        /// order cited, each once); empty when the checks cite nothing new.
        var sources: [String] = []

        /// Adds each of `ids` that neither `own` (the option's sources) nor the ids added before list.
        mutating func cite(_ ids: some Collection<String>, own: [String]) {
            for id in ids {
                if sources.isEmpty {
                    guard !own.contains(where: { sameString($0, id) }) else { continue }
                    sources.reserveCapacity(own.count + 4)
                    sources += own
                } else if sources.contains(where: { sameString($0, id) }) {
                    continue
                }
                sources.append(id)
            }
        }
    }

    /// Runs every check for `option` (whose agent `agent` resolves to); `nil` when none applies.
    static func check(
        _ option: PreparedOption, key: PlanOptionKey, agent: AgentTraits?, facts: borrowing PlanFacts, asOf: LocalDate,
        settings: SafetySettings
    ) -> Findings? {
        let addsAntidepressant = option.addsAntidepressant
        let startsMAOI = agent?.isMAOI ?? false
        let addsSerotonergic = agent.map(\.isSerotonergic) ?? (addsAntidepressant && !startsMAOI)
        let bipolar = facts.bipolar && addsAntidepressant
        let washouts = startsMAOI && facts.anyWashout
        let maoi = (addsAntidepressant || addsSerotonergic) && facts.anyMAOI && !startsMAOI
        // A reversible MAO-A inhibitor is contraindicated with serotonergic drugs and bupropion (its labels).
        let reversibleMAOI =
            facts.anyReversibleMAOI && !startsMAOI && agent?.isReversibleMAOI != true
            && (agent.map { $0.isSerotonergic || $0.hasMAOIWashout } ?? addsAntidepressant)
        let serotonergic = addsSerotonergic && !option.isSwitch && facts.currentSerotonergic > 0
        let antipsychotics = facts.currentAntipsychotics > 0 && agent?.isAntipsychotic == true
        let esketamine = key == .referEsketamine && !facts.esketamineContraindications.isEmpty
        // Augmenting or optimising keeps the current antidepressant: not blocked, but the bipolar signal
        // is named (CANMAT/ISBD: no antidepressants with mixed features, caution after AD-induced mania).
        let keepsAntidepressant =
            facts.bipolar && !addsAntidepressant && facts.currentAntidepressant
            && (option.category == "augment" || option.category == "optimise")
        guard
            bipolar || washouts || maoi || reversibleMAOI || serotonergic || antipsychotics || esketamine
                || keepsAntidepressant
        else {
            return nil
        }

        var findings = Findings()
        findings.cautions.reserveCapacity(4)
        let own = option.sources
        let wording = settings.cautionTexts
        if bipolar {
            findings.blocked = true
            findings.cautions.append(.bipolar)
            findings.cite(wording.bipolarBlocks.sources, own: own)
        }
        if keepsAntidepressant {
            findings.cautions.append(.bipolarKeepsAntidepressant)
            findings.cite(wording.bipolarKeepsAntidepressant.sources, own: own)
        }
        if washouts {
            for (index, medication) in facts.medications.enumerated() {
                guard let drug = medication.drug, let washout = settings.washoutBeforeMAOI(for: drug) else { continue }
                guard washoutApplies(medication, days: washout.value, asOf: asOf) else { continue }
                findings.cautions.append(.washoutBeforeMAOI(medication: index, days: washout.value))
                findings.cite(washout.sources, own: own)
            }
        }
        if maoi {
            let days = settings.maoiWashoutAfterDays
            for (index, medication) in facts.medications.enumerated() {
                guard let drug = medication.drug, drug.isMAOI else { continue }
                if medication.end.map({ $0 >= asOf }) ?? true, medication.start <= asOf {
                    findings.blocked = true
                    findings.cautions.append(.currentMAOI(medication: index, days: days.value))
                    findings.cite(days.sources, own: own)
                    findings.cite(wording.currentMAOI.sources, own: own)
                } else if washoutApplies(medication, days: days.value, asOf: asOf) {
                    findings.cautions.append(.washoutAfterMAOI(medication: index, days: days.value))
                    findings.cite(days.sources, own: own)
                    findings.cite(wording.washoutAfterMAOI.sources, own: own)
                }
            }
        }
        if reversibleMAOI {
            let days = settings.reversibleMAOIWashoutAfterDays
            for (index, medication) in facts.medications.enumerated() {
                guard let drug = medication.drug, drug.isReversibleMAOI else { continue }
                if medication.end.map({ $0 >= asOf }) ?? true, medication.start <= asOf {
                    // Switching away from it only needs the short washout; adding to it is contraindicated.
                    let blocking = !option.isSwitch
                    if blocking { findings.blocked = true }
                    findings.cautions.append(.currentReversibleMAOI(medication: index, days: days.value, blocking: blocking))
                    findings.cite(days.sources, own: own)
                    findings.cite(wording.currentReversibleMAOI.sources, own: own)
                } else if washoutApplies(medication, days: days.value, asOf: asOf) {
                    findings.cautions.append(.washoutAfterReversibleMAOI(medication: index, days: days.value))
                    findings.cite(days.sources, own: own)
                    findings.cite(wording.washoutAfterReversibleMAOI.sources, own: own)
                }
            }
        }
        if serotonergic {
            let name = agent?.name
            var any = false
            for medication in facts.medications where medication.current {
                // A reversible MAO-A inhibitor gets its own, stronger caution above.
                guard let drug = medication.drug, drug.isSerotonergic, !drug.isReversibleMAOI, drug.name != name else {
                    continue
                }
                any = true
                for id in drug.sources
                where id.utf8.count == 17 && id == "prozac-label-2013"
                    || id.utf8.count == 29 && id == "project-decision-serotonergic"
                {
                    findings.cite(CollectionOfOne(id), own: own)
                }
            }
            if any {
                findings.cautions.append(.serotonergic(agent: name))
                findings.cite(wording.serotonergic.sources, own: own)
            }
        }
        if antipsychotics, let agent {
            let name = agent.name
            if facts.medications.contains(where: { $0.current && $0.drug?.drugClass == "sga" && $0.drug?.name != name }) {
                findings.cautions.append(.antipsychotics(agent: name))
                findings.cite(wording.antipsychotics.sources, own: own)
            }
        }
        if esketamine {
            findings.blocked = true
            findings.cautions.append(.esketamine)
            findings.cite(wording.esketamine.sources, own: own)
        }
        return findings.cautions.isEmpty ? nil : findings
    }

    /// The caution sentences for `cautions`, in order, worded by `wording`.
    static func texts(
        _ cautions: [Caution], medications: [PlanFacts.Medication], esketamine: [String], asOf: LocalDate,
        wording: SafetyCautionTexts
    ) -> [String] {
        var texts: [String] = []
        texts.reserveCapacity(cautions.count)
        for caution in cautions {
            switch caution {
            case .bipolar:
                texts.append(blockingPrefix + wording.bipolarBlocks.text)
            case .bipolarKeepsAntidepressant:
                texts.append(wording.bipolarKeepsAntidepressant.text)
            case .washoutBeforeMAOI(let index, let days):
                let medication = medications[index]
                if let text = washoutText(
                    medication, name: medication.drug?.name ?? "", days: days, current: wording.washoutBeforeMAOICurrent.text,
                    stopped: wording.washoutBeforeMAOIStopped.text, asOf: asOf)
                {
                    texts.append(text)
                }
            case .currentMAOI(let index, let days):
                texts.append(
                    blockingPrefix
                        + TextTemplate.render(
                            wording.currentMAOI.text, ["drug": medications[index].drug?.name ?? "", "days": String(days)]))
            case .washoutAfterMAOI(let index, let days), .washoutAfterReversibleMAOI(let index, let days):
                let medication = medications[index]
                let template: String
                if case .washoutAfterMAOI = caution {
                    template = wording.washoutAfterMAOI.text
                } else {
                    template = wording.washoutAfterReversibleMAOI.text
                }
                if let text = washoutText(
                    medication, name: medication.drug?.name ?? "", days: days, current: nil, stopped: template, asOf: asOf)
                {
                    texts.append(text)
                }
            case .currentReversibleMAOI(let index, let days, let blocking):
                texts.append(
                    (blocking ? blockingPrefix : "")
                        + TextTemplate.render(
                            wording.currentReversibleMAOI.text,
                            ["drug": medications[index].drug?.name ?? "", "interval": days == 1 ? "1 day" : "\(days) days"]))
            case .serotonergic(let agent):
                var names = ""
                for medication in medications where medication.current {
                    guard let drug = medication.drug, drug.isSerotonergic, !drug.isReversibleMAOI, drug.name != agent else {
                        continue
                    }
                    names += (names.isEmpty ? "" : ", ") + drug.name
                }
                texts.append(TextTemplate.render(wording.serotonergic.text, ["drugs": names]))
            case .antipsychotics(let agent):
                var names = ""
                for medication in medications where medication.current {
                    guard let drug = medication.drug, drug.drugClass == "sga", drug.name != agent else { continue }
                    names += (names.isEmpty ? "" : ", ") + drug.name
                }
                texts.append(TextTemplate.render(wording.antipsychotics.text, ["drugs": names]))
            case .esketamine:
                texts.append(
                    blockingPrefix
                        + TextTemplate.render(
                            wording.esketamine.text, ["conditions": esketamine.joined(separator: ", ")]))
            }
        }
        return texts
    }

    /// Whether ``washoutText(_:name:days:current:stopped:asOf:)`` has something to say: the drug is
    /// current, or stopped less than `days` ago.
    static func washoutApplies(_ trial: PlanFacts.Medication, days: Int, asOf: LocalDate) -> Bool {
        guard let end = trial.end, end < asOf else { return trial.start <= asOf }
        return end.adding(days: days) > asOf
    }

    /// "Washout: fluoxetine stopped on 2026-10-01 — wait at least 35 days …" from the `stopped` template
    /// (or, while the drug is current, the `current` one), or `nil` when the washout has already passed
    /// or there is no template for the drug's state.
    static func washoutText(
        _ trial: PlanFacts.Medication, name: String, days: Int, current: String?, stopped: String, asOf: LocalDate
    ) -> String? {
        let weeks = days % 7 == 0 ? " (\(days / 7) weeks)" : ""
        guard let end = trial.end, end < asOf else {
            guard trial.start <= asOf, let current else { return nil }
            return TextTemplate.render(current, ["drug": name, "days": String(days), "weeks": weeks])
        }
        let ready = end.adding(days: days)
        guard ready > asOf else { return nil }
        return TextTemplate.render(
            stopped,
            [
                "drug": name, "stopped": end.description, "days": String(days), "weeks": weeks,
                "ready": ready.description, "daysLeft": String(asOf.days(to: ready)),
            ])
    }
}
