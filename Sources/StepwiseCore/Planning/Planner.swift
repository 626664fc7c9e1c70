// SPDX-License-Identifier: Apache-2.0

/// Maps the stepped plan: ranked next-step options with reasons, evidence, cautions, sources.
///
/// Ranking (rule `plan-ranking`): safety first; then emergencies (ECT first-line for psychotic
/// features or critical suicide risk, mood-stabiliser route for a bipolar signal); relapse
/// prevention when remitted; "fix the basis" (dose, duration, adherence, assessment gaps, medical
/// and psychiatric contributors) whenever pseudo-resistance items are present or not assessed;
/// then next steps by the number of adequate failed trials; then psychotherapy shifts, sleep care
/// and testing. An option a safety check blocks (e.g. adding an antidepressant with a bipolar
/// signal) keeps its blocking caution and sinks below every unblocked option.
/// Nothing is applied automatically: options are proposals for the clinician.
public enum Planner {
    /// Ranked options. The clinician decides; nothing is applied.
    public static func plan(_ report: AssessmentReport, record: PatientRecord, context: AssessmentContext,
        knowledge: KnowledgeBase
    ) -> [PlanOption] {
        let facts = PlanFacts(report: report, record: record, context: context, knowledge: knowledge)
        let catalog = knowledge.plan
        var candidates = PlanCandidates.collect(facts, catalog: catalog)
        guard !candidates.isEmpty else { return [] }
        let asOf = context.asOf
        let settings = catalog.safety
        // Option agents are resolved once per knowledge base, and only read when an option has one.
        var agents: [DrugDefinition?] = []
        for index in candidates.indices {
            let option = candidates[index].option
            let key = candidates[index].key
            var agent: DrugDefinition?
            if option.agent != nil {
                if agents.isEmpty { agents = catalog.memo.agents(catalog.keyed, drugs: knowledge.drugs) }
                agent = agents[key.rawValue]
            }
            let findings = PlanSafety.check(
                option, key: key, agent: agent, facts: facts, asOf: asOf, settings: settings)
            candidates[index].blocked = findings?.blocked ?? false
            candidates[index].safety = findings
            // ECT is first line for psychotic depression and severe suicidality (CANMAT 2023 Table 8.3):
            // in an emergency it leads its tier.
            candidates[index].order =
                key == .referECT && candidates[index].tier == PlanCandidates.Tier.emergency ? 0 : option.order
        }
        // Blocked options sink below every other; then tier, order within the tier, proposal order.
        // Insertion sort: a few dozen candidates, mostly in order already.
        for next in candidates.indices.dropFirst() {
            var index = next
            while index > 0 && precedes(candidates[index], candidates[index - 1]) {
                candidates.swapAt(index, index - 1)
                index -= 1
            }
        }
        var ranked: [PlanOption] = []
        ranked.reserveCapacity(candidates.count)
        for candidate in candidates {
            let option = candidate.option
            var evidence = option.evidence
            if candidate.key == .referECT && candidate.tier == PlanCandidates.Tier.emergency { evidence.line = "first" }
            var sources = option.sources
            var cautions = Deferred(wrappedValue: option.cautions)
            if let findings = candidate.safety {
                for id in findings.sources where !sources.contains(id) { sources.append(id) }
                let medications = facts.medications
                let esketamine = facts.esketamineContraindications
                let standing = option.cautions
                let found = findings.cautions
                cautions = Deferred {
                    PlanSafety.texts(found, medications: medications, esketamine: esketamine, asOf: asOf) + standing
                }
            }
            let rationale: Deferred<String>
            switch candidate.reason {
            case .fixed(let reason):
                rationale = Deferred(wrappedValue: catalog.fixedRationales[reason.rawValue] ?? option.lead + reason.text)
            case let reason:
                let lead = option.lead
                rationale = Deferred { lead + reason.text }
            }
            ranked.append(
                PlanOption(
                    id: option.id, title: option.title, category: option.category, rank: ranked.count + 1,
                    rationale: rationale, evidence: evidence, cautions: cautions, sources: sources, rule: option.id))
        }
        return ranked
    }

    /// Ranking order: unblocked first, then tier, order within the tier, and proposal order.
    private static func precedes(_ a: PlanCandidates.Candidate, _ b: PlanCandidates.Candidate) -> Bool {
        (a.blocked ? 1 : 0, a.tier, a.order, a.position) < (b.blocked ? 1 : 0, b.tier, b.order, b.position)
    }
}
