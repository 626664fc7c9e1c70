// SPDX-License-Identifier: Apache-2.0

/// Which catalogued options apply to this patient, in which ranking tier, and why.
enum PlanCandidates {
    /// An applicable option.
    struct Candidate {
        var id: String
        var tier: Int
        var reason: String
    }

    /// Ranking tiers (lower first).
    enum Tier {
        static let safety = 0
        static let emergency = 1
        static let maintenance = 2
        static let basis = 3
        static let nextStep = 4
        static let later = 5
        static let other = 6
    }

    /// Adjuncts in CANMAT 2023 Table 7.2 order of line, then level.
    static let augmentations = [
        "augment-aripiprazole", "augment-brexpiprazole", "augment-bupropion", "augment-quetiapine-xr",
        "augment-lithium", "augment-olanzapine", "augment-risperidone", "augment-mirtazapine",
        "augment-cariprazine", "augment-t3", "augment-modafinil",
    ]

    static func collect(_ facts: PlanFacts, catalog: PlanCatalog) -> [Candidate] {
        var list: [Candidate] = []
        list.reserveCapacity(32)
        var positions: [String: Int] = [:]
        positions.reserveCapacity(32)
        func add(_ id: String, _ tier: Int, _ reason: String) {
            if let index = positions[id] {
                if tier < list[index].tier { list[index] = Candidate(id: id, tier: tier, reason: reason) }
                return
            }
            positions[id] = list.count
            list.append(Candidate(id: id, tier: tier, reason: reason))
        }
        safetyAndEmergencies(facts, add)
        if facts.remitted {
            add("relapse-prevention-plan", Tier.maintenance, "the latest depression score is in the remission range.")
            add("maintenance-continue", Tier.maintenance, "remission reached on the current treatment.")
            if facts.psychotherapyTried {
                add("psychotherapy-intensify", Tier.later, "booster sessions protect against relapse after remission.")
            }
            return list
        }
        basis(facts, add)
        nextSteps(facts, catalog: catalog, add)
        laterOptions(facts, add)
        return list
    }

    static func safetyAndEmergencies(_ facts: PlanFacts, _ add: (String, Int, String) -> Void) {
        if let level = facts.suicideLevel {
            add("suicide-safety-plan", Tier.safety, "suicide-risk signal (" + level + ").")
        }
        if facts.psychotic {
            add("refer-ect", Tier.emergency, "psychotic features: ECT is first line for psychotic depression (CANMAT 2023).")
            let antidepressants = facts.currentMedications.filter { $0.drug?.isAntidepressant == true }.compactMap { $0.drug?.name }
            let antipsychotics = facts.currentMedications.filter { $0.drug?.drugClass == "sga" }.compactMap { $0.drug?.name }
            if !antidepressants.isEmpty && !antipsychotics.isEmpty {
                add(
                    "psychotic-depression-combination", Tier.emergency,
                    "psychotic features; the current " + (antidepressants + antipsychotics).joined(separator: " + ")
                        + " is this combination — check doses, duration and adherence, and consider ECT if it fails.")
            } else {
                add("psychotic-depression-combination", Tier.emergency, "psychotic features recorded.")
            }
        }
        if facts.suicideLevel == "critical" {
            add("refer-ect", Tier.emergency, "critical suicide-risk signal: ECT is first line for severe suicidal ideation (CANMAT 2023).")
            add("higher-level-of-care", Tier.emergency, "critical suicide-risk signal.")
        }
        if facts.bipolar {
            add("bipolar-mood-stabiliser", Tier.emergency, "bipolar signal: antidepressant monotherapy is not recommended.")
        }
    }

    /// Checklist items judged from medication trials (gaps only when such trials exist).
    static let trialChecks = ["non-adherence", "inadequate-dose", "inadequate-duration"]

    /// Medical and psychiatric contributors and the option that treats each.
    static let contributors: [(check: String, option: String)] = [
        ("thyroid", "treat-thyroid"), ("sleep-apnea", "treat-sleep-apnea"), ("vitamin-d", "treat-vitamin-d"),
        ("substance-use", "treat-substance-use"), ("anxiety", "treat-anxiety"), ("adhd", "treat-adhd"),
        ("ptsd", "psychotherapy-trauma-focused"), ("personality-disorder", "psychotherapy-act-dbt"),
    ]

    static func basis(_ facts: PlanFacts, _ add: (String, Int, String) -> Void) {
        func evidence(_ id: String) -> String {
            (facts.check(id)?.evidence.first ?? "") + "."
        }
        // Optimising dose or duration is actionable only for an ongoing trial; an ended inadequate
        // trial simply does not count as a failure (the checklist says so).
        if facts.ongoingInadequateDose {
            add("optimise-dose", Tier.basis, "inadequate dose — " + evidence("inadequate-dose"))
        }
        if facts.ongoingInadequateDuration {
            add("extend-duration", Tier.basis, "inadequate duration — " + evidence("inadequate-duration"))
        }
        if facts.isPresent("non-adherence") {
            add("address-adherence", Tier.basis, "non-adherence — " + evidence("non-adherence"))
        } else if facts.status("non-adherence") == "not-assessed", !facts.currentMedications.isEmpty || !facts.failures.isEmpty {
            add("address-adherence", Tier.basis, "adherence has not been verified.")
        }
        // The gaps text is built straight from the checklist (no filtered copies of the items).
        var gapsText = ""
        for item in facts.checklistItems where item.status == "not-assessed" && item.id != "non-adherence" {
            guard facts.hasMedicationTrials || !trialChecks.contains(item.id) else { continue }
            gapsText += (gapsText.isEmpty ? "not yet assessed: " : "; ") + item.title + " (" + (item.suggestion ?? "") + ")"
        }
        if !gapsText.isEmpty {
            add("assess-pseudo-resistance-gaps", Tier.basis, gapsText + ".")
        }
        for (check, option) in contributors where facts.isPresent(check) {
            add(option, Tier.basis, (facts.check(check)?.title ?? check) + " present — " + evidence(check))
        }
        if facts.planReviewDue {
            add("psychiatric-consultation", Tier.basis, "treat-to-target alert: no ≥ 50 % improvement by the review week.")
        }
    }

    static func nextSteps(_ facts: PlanFacts, catalog: PlanCatalog, _ add: (String, Int, String) -> Void) {
        let failures = facts.failures.count
        if !facts.psychotherapyTried {
            add("psychotherapy-add", failures == 0 ? Tier.nextStep : Tier.later, "no adequate psychotherapy course recorded in the current episode.")
        } else if failures > 0 || facts.planReviewDue {
            add("psychotherapy-intensify", Tier.later, "depression persists despite a psychotherapy course.")
        }
        let onAntidepressant = facts.currentMedications.contains {
            $0.drug?.isAntidepressant ?? false
        }
        if failures == 0 && !onAntidepressant {
            add("start-antidepressant", Tier.nextStep, "no antidepressant is current and no adequate trial has failed in this episode.")
        }
        // Without an adequate failure, switching or adding is only proposed when the current plan is
        // off target and no dose, duration or adherence problem explains it (fix the basis first).
        let basisProblem = facts.ongoingInadequateDose || facts.ongoingInadequateDuration || facts.isPresent("non-adherence")
        guard failures > 0 || (facts.planReviewDue && !basisProblem) else { return }
        let summary =
            failures > 0
            ? facts.failureSummary + "." : "the current plan has not reached ≥ 50 % improvement by the review week."
        let augmentFirst = failures >= 2 || facts.latestFailureIsPartial
        let switchTier = augmentFirst ? Tier.later : Tier.nextStep
        let augmentTier = augmentFirst ? Tier.nextStep : Tier.later
        add("switch-between-class", switchTier, summary)
        add("switch-within-class", Tier.later, summary)
        for (index, id) in augmentations.enumerated() {
            guard let agent = catalog.option(id)?.agent else { continue }
            if facts.augmentationsTried.contains(agent) { continue }
            if facts.currentMedications.contains(where: { $0.drug?.name == agent }) { continue }
            let tier = index < 2 ? augmentTier : Tier.later
            let why = facts.latestFailureIsPartial ? summary + " Partial response favours adding an agent." : summary
            add(id, failures >= 1 ? tier : Tier.later, why)
        }
        if failures >= 1 {
            add("refer-rtms", failures >= 2 ? Tier.nextStep : Tier.later, summary + " rTMS is first line for TRD (CANMAT 2023).")
        }
        if failures >= 2 {
            add("refer-esketamine", Tier.later, summary + " Esketamine is indicated after ≥ 2 failed adequate trials.")
            add("refer-iv-ketamine", Tier.later, summary)
            add("refer-ect", Tier.later, summary + " Outside emergencies, consider rTMS before ECT (CANMAT 2023 Q.8.d).")
            add("combine-antidepressants", Tier.later, summary)
            add("switch-tca", Tier.later, summary)
            add("switch-maoi", Tier.later, summary)
            add("pharmacogenetic-testing", Tier.later, summary + " Several failures: pharmacokinetic factors may contribute.")
        }
        if failures >= 3 {
            add("higher-level-of-care", Tier.later, summary + " Consider intensive or specialist care.")
        }
    }

    static func laterOptions(_ facts: PlanFacts, _ add: (String, Int, String) -> Void) {
        if facts.intoleranceStops >= 2 {
            add("pharmacogenetic-testing", Tier.later, "\(facts.intoleranceStops) trials stopped for side effects at usual doses.")
        }
        if facts.chronic {
            add("psychotherapy-cbasp", Tier.later, "current episode longer than 24 months (chronic depression).")
        }
        if let insomnia = facts.insomnia { add("sleep-cbt-i", Tier.later, "insomnia signal: " + insomnia + ".") }
        if facts.seasonal { add("sleep-light-therapy", Tier.later, "seasonal pattern recorded by the clinician.") }
        if !facts.failures.isEmpty && facts.psychotherapyTried {
            add("psychotherapy-act-dbt", Tier.other, "persisting depression after an adequate psychotherapy course.")
            add("psychotherapy-family-couples", Tier.other, "relationship and family stressors can maintain depression.")
        }
    }
}
