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
        var built: [(key: (Int, Int, Int, Int), option: PlanOption)] = []
        built.reserveCapacity(candidates.count)
        for (position, candidate) in candidates.enumerated() {
            guard let prepared = knowledge.plan.preparedOption(candidate.id) else { continue }
            let definition = prepared.definition
            let checked = PlanSafety.cautions(for: definition, facts: facts, context: context, knowledge: knowledge)
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
            built.append(((checked.blocked ? 1 : 0, candidate.tier, order, position), option))
        }
        built.sort { $0.key < $1.key }
        var ranked: [PlanOption] = []
        ranked.reserveCapacity(built.count)
        for (index, entry) in built.enumerated() {
            var option = entry.option
            option.rank = index + 1
            ranked.append(option)
        }
        return ranked
    }
}
