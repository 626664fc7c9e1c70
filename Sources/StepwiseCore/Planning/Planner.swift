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
        plan(report, record: record, context: context, knowledge: knowledge, table: nil)
    }

    /// ``plan(_:record:context:knowledge:)`` with the assessment's measurement table (filled by
    /// scoring `record` with `knowledge`'s catalogue), from which the facts find record rows by
    /// catalogue position.
    static func plan(_ report: AssessmentReport, record: PatientRecord, context: AssessmentContext,
        knowledge: KnowledgeBase, table: MeasurementTable?
    ) -> [PlanOption] {
        let catalog = knowledge.plan
        let lookups = catalog.memo.lookups(knowledge, keyed: catalog.keyed)
        let facts = PlanFacts(
            report: report, record: record, context: context, knowledge: knowledge, lookups: lookups, table: table)
        var candidates = PlanCandidates.collect(facts, catalog: catalog)
        let count = candidates.count
        guard count > 0 else { return [] }
        let asOf = context.asOf
        let settings = catalog.safety
        let agents = lookups.agentTraits
        for index in 0..<count {
            let key = candidates[index].key
            let findings = PlanSafety.check(
                candidates[index].option, key: key, agent: agents[key.rawValue], facts: facts, asOf: asOf,
                settings: settings)
            if let findings {
                candidates[index].blocked = findings.blocked
                candidates[index].safety = findings
            }
            // ECT is first line for psychotic depression and severe suicidality (CANMAT 2023 Table 8.3):
            // in an emergency it leads its tier.
            candidates[index].order =
                key == .referECT && candidates[index].tier == PlanCandidates.Tier.emergency
                ? 0 : candidates[index].option.order
        }
        let ranking = candidates  // immutable from here on: no exclusivity checks in the loops below
        let medications = facts.medications
        let esketamine = facts.esketamineContraindications
        let wording = catalog.cautionWording
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { order in
            // Blocked options sink below every other; then tier, order within the tier, proposal order.
            // Insertion sort of positions: a few dozen candidates, mostly in order already.
            func rankKey(_ index: Int) -> (Int, Int, Int, Int) {
                (ranking[index].blocked ? 1 : 0, ranking[index].tier, ranking[index].order, index)
            }
            for next in 0..<count {
                var index = next
                let key = rankKey(next)
                while index > 0 && key < rankKey(order[index - 1]) {
                    order[index] = order[index - 1]
                    index -= 1
                }
                order[index] = next
            }
            var ranked: [PlanOption] = []
            ranked.reserveCapacity(count)
            for rank in 0..<count {
                let position = order[rank]
                let option = ranking[position].option
                var parts = option.parts
                if ranking[position].key == .referECT && ranking[position].tier == PlanCandidates.Tier.emergency {
                    parts = parts.with { $0.evidence.line = "first" }
                }
                var cautions = Deferred(wrappedValue: option.cautions)
                if let findings = ranking[position].safety {
                    // The option's sources and those the checks added (empty: nothing added).
                    if !findings.sources.isEmpty { parts = parts.with { $0.sources = findings.sources } }
                    let standing = option.cautions
                    let found = findings.cautions
                    cautions = Deferred {
                        PlanSafety.texts(
                            found, medications: medications, esketamine: esketamine, asOf: asOf,
                            wording: wording.texts) + standing
                    }
                }
                ranked.append(
                    PlanOption(
                        parts: parts, rank: rank + 1, blocked: ranking[position].blocked, reason: ranking[position].reason,
                        cautions: cautions))
            }
            return ranked
        }
    }
}
