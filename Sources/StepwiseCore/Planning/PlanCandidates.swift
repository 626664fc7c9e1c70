// SPDX-License-Identifier: Apache-2.0

/// Which catalogued options apply to this patient, in which ranking tier, and why.
enum PlanCandidates {
    /// An applicable option (its place in the list is the order the rules proposed it: the last
    /// ranking key).
    struct Candidate {
        var key: PlanOptionKey
        var option: PreparedOption
        var tier: Int
        var reason: Reason
        /// Filled by the planner: a safety check blocks it, and the order within its tier.
        var blocked = false
        var order = 0
        var safety: PlanSafety.Findings?
    }

    /// Why an option applies, as structured inputs; ``text`` renders it (only when a report is written).
    enum Reason: Sendable {
        /// A reason that does not depend on the patient (its sentence is data).
        case fixed(FixedReason)
        /// A remission reason read from a score whose suicide item is positive: the fixed sentence
        /// with the caveat `stepwise score` gives.
        case remissionWithSuicideItem(FixedReason)
        /// "suicide-risk signal (high)."
        case suicide(level: String)
        /// Psychotic features with the current medications (combination named when it is current).
        case psychoticCombination([PlanFacts.Medication])
        /// "<label><first evidence line>." — dose, duration and adherence problems.
        case check(label: String, evidence: Deferred<[String]>?)
        /// "<title> present — <first evidence line>."
        case contributor(title: String, evidence: Deferred<[String]>)
        /// The checklist items not yet assessed.
        case gaps([ChecklistItem], hasMedicationTrials: Bool)
        /// The failed trials (none: the review-week alert, which names the profile's response
        /// threshold in percent), then an option-specific sentence.
        case failures([String], Suffix, responsePercent: Double)
        /// The treat-to-target alert (the profile's response threshold, in percent).
        case treatToTarget(responsePercent: Double)
        /// Trials stopped for side effects.
        case intolerance(Int)
        /// Insomnia signal.
        case insomnia(PlanFacts.Insomnia)

        /// The sentence added after a failures summary.
        enum Suffix: Int, CaseIterable, Sendable {
            case none, partial, rtms, esketamine, ect, pharmacogenetics, higherLevel
        }

        /// The reason as it follows "Why here: ", its fixed sentences from `wording`.
        func text(_ wording: ReasonWording) -> String {
            switch self {
            case .fixed(let reason):
                return wording.fixed[reason.rawValue]
            case .remissionWithSuicideItem(let reason):
                let sentence = wording.fixed[reason.rawValue]
                return (sentence.hasSuffix(".") ? String(sentence.dropLast()) : sentence) + " — "
                    + OutcomeRules.suicideItemCaveat + "."
            case .suicide(let level):
                return "suicide-risk signal (" + level + ")."
            case .psychoticCombination(let medications):
                var names = ""
                for medication in medications where medication.current && medication.drug?.isAntidepressant == true {
                    if let name = medication.drug?.name { names += (names.isEmpty ? "" : " + ") + name }
                }
                var antipsychotics = ""
                for medication in medications where medication.current && medication.drug?.drugClass == "sga" {
                    if let name = medication.drug?.name { antipsychotics += (antipsychotics.isEmpty ? "" : " + ") + name }
                }
                return "psychotic features; the current " + names + " + " + antipsychotics
                    + " is this combination — check doses, duration and adherence, and consider ECT if it fails."
            case .check(let label, let evidence):
                return label + (evidence?.wrappedValue.first ?? "") + "."
            case .contributor(let title, let evidence):
                return title + " present — " + (evidence.wrappedValue.first ?? "") + "."
            case .gaps(let items, let hasMedicationTrials):
                var text = ""
                for item in items where item.status == "not-assessed" && item.id != "non-adherence" {
                    guard hasMedicationTrials || !trialChecks.contains(item.id) else { continue }
                    text += (text.isEmpty ? "not yet assessed: " : "; ") + item.title + " (" + (item.suggestion ?? "") + ")"
                }
                return text + "."
            case .failures(let agents, let suffix, let percent):
                let summary =
                    agents.isEmpty
                    ? "the current plan has not reached ≥ " + TrialText.oneDecimal(percent)
                        + " % improvement by the review week."
                    : PlanFacts.failureSummary(agents) + "."
                return summary + wording.suffixes[suffix.rawValue]
            case .treatToTarget(let percent):
                return "treat-to-target alert: no ≥ " + TrialText.oneDecimal(percent)
                    + " % improvement by the review week."
            case .intolerance(let stops):
                return "\(stops) trials stopped for side effects at usual doses."
            case .insomnia(let insomnia):
                return "insomnia signal: " + insomnia.text + "."
            }
        }
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
    static let augmentationKeys: [PlanOptionKey] = [
        .augmentAripiprazole, .augmentBrexpiprazole, .augmentBupropion, .augmentQuetiapineXR, .augmentLithium,
        .augmentOlanzapine, .augmentRisperidone, .augmentMirtazapine, .augmentCariprazine, .augmentT3,
        .augmentModafinil,
    ]

    /// The adjuncts' option ids, in the same order.
    static let augmentations = augmentationKeys.map(\.id)

    /// Collects the applicable options in proposal order (an option proposed twice keeps its
    /// first place and the lower tier's reason).
    struct Collector {
        let keyed: [PreparedOption?]
        var list: [Candidate] = []
        var proposed: UInt64 = 0

        init(keyed: [PreparedOption?]) {
            self.keyed = keyed
            list.reserveCapacity(32)
        }

        mutating func add(_ key: PlanOptionKey, _ tier: Int, _ reason: consuming Reason) {
            if proposed & key.bit != 0 {
                for index in list.indices where list[index].key == key {
                    if tier < list[index].tier {
                        list[index].tier = tier
                        list[index].reason = reason
                    }
                    return
                }
                return
            }
            // An option missing from the catalogue is never proposed.
            guard let option = keyed[key.rawValue] else { return }
            proposed |= key.bit
            list.append(Candidate(key: key, option: option, tier: tier, reason: reason))
        }

        mutating func add(_ reason: FixedReason, _ tier: Int) {
            add(reason.key, tier, .fixed(reason))
        }
    }

    static func collect(_ facts: borrowing PlanFacts, catalog: PlanCatalog) -> [Candidate] {
        var collector = Collector(keyed: catalog.keyed)
        safetyAndEmergencies(facts, &collector)
        if facts.remitted {
            if facts.remissionSuicideItemPositive {
                for reason in [FixedReason.remissionRange, .remissionReached] {
                    collector.add(reason.key, Tier.maintenance, .remissionWithSuicideItem(reason))
                }
            } else {
                collector.add(.remissionRange, Tier.maintenance)
                collector.add(.remissionReached, Tier.maintenance)
            }
            if facts.psychotherapyTried {
                collector.add(.boosterSessions, Tier.later)
            }
            return collector.list
        }
        basis(facts, &collector)
        nextSteps(facts, &collector)
        laterOptions(facts, &collector)
        return collector.list
    }

    static func safetyAndEmergencies(_ facts: borrowing PlanFacts, _ collector: inout Collector) {
        if let level = facts.suicideLevel {
            collector.add(.suicideSafetyPlan, Tier.safety, .suicide(level: level))
        }
        if facts.psychotic {
            collector.add(.psychoticECT, Tier.emergency)
            var antidepressant = false
            var antipsychotic = false
            for medication in facts.medications where medication.current {
                if medication.drug?.isAntidepressant == true { antidepressant = true }
                if medication.drug?.drugClass == "sga" { antipsychotic = true }
            }
            if antidepressant && antipsychotic {
                collector.add(.psychoticDepressionCombination, Tier.emergency, .psychoticCombination(facts.medications))
            } else {
                collector.add(.psychoticRecorded, Tier.emergency)
            }
        }
        if facts.suicideCritical {
            collector.add(.criticalECT, Tier.emergency)
            collector.add(.criticalCare, Tier.emergency)
        }
        if facts.bipolar {
            collector.add(.bipolar, Tier.emergency)
        }
    }

    /// Checklist items judged from medication trials (gaps only when such trials exist).
    static let trialChecks = ["non-adherence", "inadequate-dose", "inadequate-duration"]

    /// Medical and psychiatric contributors and the option that treats each.
    static let contributors: [(check: PlanFacts.Check, option: PlanOptionKey)] = [
        (.thyroid, .treatThyroid), (.sleepApnea, .treatSleepApnea), (.vitaminD, .treatVitaminD),
        (.substanceUse, .treatSubstanceUse), (.anxiety, .treatAnxiety), (.adhd, .treatADHD),
        (.ptsd, .psychotherapyTraumaFocused), (.personalityDisorder, .psychotherapyACTDBT),
    ]

    static func basis(_ facts: borrowing PlanFacts, _ collector: inout Collector) {
        // Optimising dose or duration is actionable only for an ongoing trial; an ended inadequate
        // trial simply does not count as a failure (the checklist says so).
        if facts.ongoingInadequateDose {
            collector.add(
                .optimiseDose, Tier.basis,
                .check(label: "inadequate dose — ", evidence: facts.item(.inadequateDose)?.$evidence))
        }
        if facts.ongoingInadequateDuration {
            collector.add(
                .extendDuration, Tier.basis,
                .check(label: "inadequate duration — ", evidence: facts.item(.inadequateDuration)?.$evidence))
        }
        let adherence = facts.status(.nonAdherence)
        if adherence == "present" {
            collector.add(
                .addressAdherence, Tier.basis,
                .check(label: "non-adherence — ", evidence: facts.item(.nonAdherence)?.$evidence))
        } else if adherence == "not-assessed", facts.currentCount > 0 || facts.failures > 0 {
            collector.add(.adherenceNotVerified, Tier.basis)
        }
        if facts.hasGaps {
            collector.add(
                .assessPseudoResistanceGaps, Tier.basis,
                .gaps(facts.checklist, hasMedicationTrials: facts.hasMedicationTrials))
        }
        for (check, option) in contributors {
            // The status is read in place; the item is copied only when it contributes.
            guard facts.status(check) == "present", let item = facts.item(check) else { continue }
            collector.add(option, Tier.basis, .contributor(title: item.title, evidence: item.$evidence))
        }
        if facts.planReviewDue {
            collector.add(.psychiatricConsultation, Tier.basis, .treatToTarget(responsePercent: facts.responsePercent))
        }
    }

    static func nextSteps(_ facts: borrowing PlanFacts, _ collector: inout Collector) {
        let failures = facts.failures
        if !facts.psychotherapyTried {
            collector.add(.noPsychotherapy, failures == 0 ? Tier.nextStep : Tier.later)
        } else if failures > 0 || facts.planReviewDue {
            collector.add(.persistsDespitePsychotherapy, Tier.later)
        }
        if failures == 0 && !facts.currentAntidepressant {
            collector.add(.noAntidepressant, Tier.nextStep)
        }
        // Without an adequate failure, switching or adding is only proposed when the current plan is
        // off target and no dose, duration or adherence problem explains it (fix the basis first).
        let basisProblem =
            facts.ongoingInadequateDose || facts.ongoingInadequateDuration || facts.isPresent(.nonAdherence)
        guard failures > 0 || (facts.planReviewDue && !basisProblem) else { return }
        let agents = facts.failureAgents
        let percent = facts.responsePercent
        let augmentFirst = failures >= 2 || facts.latestFailureIsPartial
        let switchTier = augmentFirst ? Tier.later : Tier.nextStep
        let augmentTier = augmentFirst ? Tier.nextStep : Tier.later
        collector.add(.switchBetweenClass, switchTier, .failures(agents, .none, responsePercent: percent))
        collector.add(.switchWithinClass, Tier.later, .failures(agents, .none, responsePercent: percent))
        let why = Reason.failures(agents, facts.latestFailureIsPartial ? .partial : .none, responsePercent: percent)
        // Augmentation adds to the current antidepressant: without one there is nothing to augment
        // (the switch options above stay; QA F30).
        for (index, key) in augmentationKeys.enumerated() where facts.currentAntidepressant {
            guard let agent = collector.keyed[key.rawValue]?.agent else { continue }
            let length = agent.utf8.count
            if !facts.augmentationsTried.isEmpty
                && facts.augmentationsTried.contains(where: { $0.utf8.count == length && $0 == agent })
            {
                continue
            }
            if facts.currentCount > 0,
                facts.medications.contains(where: {
                    guard $0.current, let name = $0.drug?.name else { return false }
                    return name.utf8.count == length && name == agent
                })
            {
                continue
            }
            let tier = index < 2 ? augmentTier : Tier.later
            collector.add(key, failures >= 1 ? tier : Tier.later, why)
        }
        if failures >= 1 {
            collector.add(
                .referRTMS, failures >= 2 ? Tier.nextStep : Tier.later,
                .failures(agents, .rtms, responsePercent: percent))
        }
        if failures >= 2 {
            collector.add(.referEsketamine, Tier.later, .failures(agents, .esketamine, responsePercent: percent))
            collector.add(.referIVKetamine, Tier.later, .failures(agents, .none, responsePercent: percent))
            collector.add(.referECT, Tier.later, .failures(agents, .ect, responsePercent: percent))
            collector.add(.combineAntidepressants, Tier.later, .failures(agents, .none, responsePercent: percent))
            collector.add(.switchTCA, Tier.later, .failures(agents, .none, responsePercent: percent))
            collector.add(.switchMAOI, Tier.later, .failures(agents, .none, responsePercent: percent))
            collector.add(
                .pharmacogeneticTesting, Tier.later, .failures(agents, .pharmacogenetics, responsePercent: percent))
        }
        if failures >= 3 {
            collector.add(.higherLevelOfCare, Tier.later, .failures(agents, .higherLevel, responsePercent: percent))
        }
    }

    static func laterOptions(_ facts: borrowing PlanFacts, _ collector: inout Collector) {
        if facts.intoleranceStops >= 2 {
            collector.add(.pharmacogeneticTesting, Tier.later, .intolerance(facts.intoleranceStops))
        }
        if facts.chronic {
            collector.add(.chronic, Tier.later)
        }
        if let insomnia = facts.insomnia { collector.add(.sleepCBTI, Tier.later, .insomnia(insomnia)) }
        if facts.seasonal { collector.add(.seasonal, Tier.later) }
        if facts.failures > 0 && facts.psychotherapyTried {
            collector.add(.persistingAfterPsychotherapy, Tier.other)
            collector.add(.relationshipStressors, Tier.other)
        }
    }
}
