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
        let candidates = PlanCandidates.collect(facts, catalog: knowledge.plan)
        var keys: [(Int, Int, Int, Int)] = []
        var options: [PlanOption?] = []
        keys.reserveCapacity(candidates.count)
        options.reserveCapacity(candidates.count)
        var agents: [String: DrugTraits?] = [:]
        for (position, candidate) in candidates.enumerated() {
            guard let prepared = knowledge.plan.preparedOption(candidate.id) else { continue }
            let definition = prepared.definition
            var agent: DrugTraits?
            if let name = definition.agent {
                if let known = agents[name] {
                    agent = known
                } else {
                    agent = knowledge.drugs.drug(named: name).map(DrugTraits.init)
                    agents[name] = agent
                }
            }
            let checked = PlanSafety.cautions(
                for: definition, agent: agent, facts: facts, context: context, knowledge: knowledge)
            var graded = prepared.evidence
            var order = definition.order
            // ECT is first line for psychotic depression and severe suicidality (CANMAT 2023 Table 8.3):
            // in an emergency it leads its tier.
            if definition.id == "refer-ect" && candidate.tier == PlanCandidates.Tier.emergency {
                graded.line = "first"
                order = 0
            }
            var sources = prepared.sources
            for id in checked.sources where !sources.contains(id) { sources.append(id) }
            let option = PlanOption(
                id: definition.id, title: definition.title, category: definition.category, rank: 0,
                rationale: definition.summary + " Why here: " + candidate.reason, evidence: graded,
                cautions: checked.cautions.isEmpty ? prepared.cautions : checked.cautions + prepared.cautions,
                sources: sources, rule: definition.id)
            keys.append((checked.blocked ? 1 : 0, candidate.tier, order, position))
            options.append(option)
        }
        // Sort positions, not the (large) options themselves.
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        var ranked: [PlanOption] = []
        ranked.reserveCapacity(order.count)
        for (rank, index) in order.enumerated() {
            // Move each option out instead of copying it (and all its strings).
            guard var option = options[index].take() else { continue }
            option.rank = rank + 1
            ranked.append(option)
        }
        return ranked
    }
}
