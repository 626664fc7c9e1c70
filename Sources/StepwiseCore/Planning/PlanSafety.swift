// SPDX-License-Identifier: Apache-2.0

/// Safety checks on each option: bipolar signal, MAOI washouts in both directions, serotonergic
/// combinations and esketamine contraindications (the standing cautions are prepared in ``PlanCatalog``).
enum PlanSafety {
    /// Prefix of a caution that blocks the option for this patient (it sinks below every other option).
    static let blockingPrefix = "Blocking: "

    static func cautions(
        for definition: PlanOptionDefinition, agent: DrugTraits?, facts: PlanFacts, context: AssessmentContext,
        knowledge: KnowledgeBase
    ) -> (cautions: [String], sources: [String], blocked: Bool) {
        var cautions: [String] = []
        var sources: [String] = []
        var blocked = false
        let settings = knowledge.plan.safety
        let addsAntidepressant = definition.addsAntidepressant ?? false
        let startsMAOI = agent?.isMAOI ?? false
        let addsSerotonergic = agent.map(\.isSerotonergic) ?? (addsAntidepressant && !startsMAOI)

        if facts.bipolar && addsAntidepressant {
            blocked = true
            cautions.append(
                blockingPrefix
                    + "bipolar signal — antidepressant monotherapy, or adding an antidepressant without a mood stabiliser, is not recommended (CANMAT/ISBD); use the mood-stabiliser route and reassess the diagnosis.")
            sources += settings.bipolarSources
        }
        if startsMAOI && facts.anyWashout {
            for medication in facts.medications {
                guard let drug = medication.drug, !drug.isMAOI, let washout = drug.washoutBeforeMAOI else { continue }
                guard let text = washoutText(medication, drug: drug, days: washout.value, before: "an MAOI", asOf: context.asOf)
                else { continue }
                cautions.append(text)
                sources += washout.sources
            }
        }
        if (addsAntidepressant || addsSerotonergic) && facts.anyMAOI {
            for medication in facts.medications {
                guard let drug = medication.drug, drug.isMAOI, !(agent?.isMAOI ?? false) else { continue }
                let days = settings.maoiWashoutAfterDays
                if medication.end.map({ $0 >= context.asOf }) ?? true, medication.start <= context.asOf {
                    blocked = true
                    cautions.append(
                        blockingPrefix + drug.name
                            + " (an MAOI) is current: combining it with serotonergic or other antidepressants is contraindicated; stop it and wait at least \(days.value) days first.")
                    sources += days.sources
                } else if let text = washoutText(
                    medication, drug: drug, days: days.value, before: "this option", asOf: context.asOf)
                {
                    cautions.append(text)
                    sources += days.sources
                }
            }
        }
        if addsSerotonergic && definition.category != "switch" {
            let current = facts.currentSerotonergic.filter { $0.name != agent?.name }
            if !current.isEmpty {
                cautions.append(
                    "Serotonergic combination with " + current.map(\.name).joined(separator: ", ")
                        + ": watch for serotonin syndrome (agitation, tremor, hyperthermia), especially with triptans, tramadol, fentanyl or St John's wort.")
                sources += current.flatMap { $0.sources }.filter { $0 == "prozac-label-2013" || $0 == "project-decision-serotonergic" }
                if !sources.contains("prozac-label-2013") { sources.append("prozac-label-2013") }
            }
        }
        if let agent, agent.drugClass == "sga" {
            let others = facts.currentAntipsychotics.filter { $0.name != agent.name }
            if !others.isEmpty {
                cautions.append(
                    "Would replace " + others.map(\.name).joined(separator: ", ")
                        + ", not be added to it: avoid combining two antipsychotics.")
                sources.append("project-decision-plan-ranking")
            }
        }
        if definition.id == "refer-esketamine" && !facts.esketamineContraindications.isEmpty {
            blocked = true
            cautions.append(
                blockingPrefix + "recorded contraindication to esketamine: "
                    + facts.esketamineContraindications.joined(separator: ", ") + ".")
            sources += ["project-decision-esketamine-codes"]
        }
        return (cautions, sources, blocked)
    }

    /// "fluoxetine (trial-2) stopped on 2026-10-01: wait 35 days after stopping …", or `nil` when the
    /// washout has already passed.
    static func washoutText(_ trial: PlanFacts.Medication, drug: DrugTraits, days: Int, before: String, asOf: LocalDate)
        -> String?
    {
        let weeks = days % 7 == 0 ? " (\(days / 7) weeks)" : ""
        guard let end = trial.end, end < asOf else {
            guard trial.start <= asOf else { return nil }
            return "Washout: " + drug.name + " is current — stop it and wait at least \(days) days" + weeks + " before starting "
                + before + "."
        }
        let ready = end.adding(days: days)
        guard ready > asOf else { return nil }
        return "Washout: " + drug.name + " stopped on " + end.description + " — wait at least \(days) days" + weeks
            + " before starting " + before + ", i.e. not before " + ready.description + " (\(asOf.days(to: ready)) days from now)."
    }
}
