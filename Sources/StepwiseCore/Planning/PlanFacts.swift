// SPDX-License-Identifier: Apache-2.0

/// What the planner needs to know about the patient, derived once from the report and record.
struct PlanFacts {
    /// A medication trial's dates with its catalogued drug's traits.
    struct Medication {
        var start: LocalDate
        var end: LocalDate?
        var drug: DrugTraits?
    }

    /// Adequate current-episode antidepressant trials without response (ongoing ones included
    /// once they are adequate), in start order.
    var failures: [TrialAssessment] = []
    /// Whether the most recent failure was a partial response (augmentation before switching).
    var latestFailureIsPartial = false
    /// The most recent depression score is in the remission range, or the latest trial remitted.
    var remitted = false
    /// `suicide-risk` level, when raised.
    var suicideLevel: String?
    /// `psychotic-features` safety note raised.
    var psychotic = false
    /// `bipolar-signal` safety note raised.
    var bipolar = false
    /// The checklist items, and their positions by id.
    var checklistItems: [ChecklistItem] = []
    var checklistIndex: [String: Int] = [:]
    /// A treat-to-target alert is open.
    var planReviewDue = false
    /// Ongoing medications (any episode) with their drugs.
    var currentMedications: [Medication] = []
    /// Every medication trial with its drug (for washouts).
    var medications: [Medication] = []
    /// Current-episode trials stopped for side effects.
    var intoleranceStops = 0
    /// Current episode longer than 24 months.
    var chronic = false
    /// An adequate psychotherapy course is recorded in the current episode.
    var psychotherapyTried = false
    /// Insomnia signal (ISI ≥ 10, or PHQ-9 item 3 ≥ 2) and its evidence.
    var insomnia: String?
    /// Seasonal pattern recorded by a clinician.
    var seasonal = false
    /// Active conditions that contraindicate esketamine.
    var esketamineContraindications: [String] = []
    /// Agents already tried as augmentation in the current episode.
    var augmentationsTried: [String] = []
    /// An ongoing current-episode trial is below the minimum adequate dose (optimising it is actionable).
    var ongoingInadequateDose = false
    /// An ongoing current-episode trial has not yet lasted the adequate duration.
    var ongoingInadequateDuration = false
    /// Any medication trial is recorded in the current episode.
    var hasMedicationTrials = false
    /// Any MAOI among the medication trials (enables the reverse-washout check).
    var anyMAOI = false
    /// Any non-MAOI drug with a washout before an MAOI (enables the washout check).
    var anyWashout = false
    /// Current serotonergic drugs.
    var currentSerotonergic: [DrugTraits] = []
    /// Current antipsychotics (second-generation).
    var currentAntipsychotics: [DrugTraits] = []

    init(report: AssessmentReport, record: PatientRecord, context: AssessmentContext, knowledge: KnowledgeBase) {
        for flag in report.safety {
            switch flag.id {
            case "suicide-risk": suicideLevel = flag.level
            case "psychotic-features": psychotic = true
            case "bipolar-signal": bipolar = true
            default: break
            }
        }
        checklistItems = report.pseudoResistance
        checklistIndex.reserveCapacity(checklistItems.count)
        for (index, item) in checklistItems.enumerated() { checklistIndex[item.id] = index }
        planReviewDue = report.monitoring.contains { $0.id == "treat-to-target" && $0.level == "alert" }
        psychotherapyTried = status("psychotherapy-not-tried") == "absent"

        for trial in report.trials where trial.currentEpisode && trial.kind == "medication" {
            let drug = knowledge.drugs.drug(named: trial.agent).map(DrugTraits.init)
            if trial.role == "augmentation" || trial.role == "combination" {
                augmentationsTried.append(drug?.name ?? trial.agent)
            }
            hasMedicationTrials = true
            if trial.adequacy.reasons.contains("stopped-for-intolerance") { intoleranceStops += 1 }
            if trial.end.map({ $0 >= context.asOf }) ?? true {
                if trial.adequacy.reasons.contains("inadequate-dose") { ongoingInadequateDose = true }
                if trial.adequacy.reasons.contains("inadequate-duration") { ongoingInadequateDuration = true }
            }
            guard trial.role != "augmentation", drug?.isAntidepressant ?? true, trial.adequacy.verdict == "adequate"
            else { continue }
            // One notion of failure for staging, TRD definitions and the plan: the trial engine's
            // judgement (honours loss of response and stop reasons when no scores exist).
            if trial.failedAdequate ?? ["non-response", "partial-response"].contains(trial.outcome.class) {
                failures.append(trial)
                latestFailureIsPartial = trial.outcome.class == "partial-response"
            }
        }
        if let last = report.trials.last(where: { $0.currentEpisode }), last.outcome.class == "remission" {
            remitted = true
        }
        if let latest = Self.latestDepressionScore(report.measurements, knowledge: knowledge),
            let cutOff = latest.remissionMax
        {
            remitted = latest.score <= cutOff
        }
        for trial in record.trials where trial.kind == .medication {
            let medication = Medication(
                start: trial.start, end: trial.end, drug: knowledge.drugs.drug(named: trial.agent).map(DrugTraits.init))
            medications.append(medication)
            if let drug = medication.drug {
                if drug.isMAOI { anyMAOI = true } else if drug.washoutBeforeMAOI != nil { anyWashout = true }
            }
            if trial.start <= context.asOf && (trial.end.map { $0 >= context.asOf } ?? true) {
                currentMedications.append(medication)
                if let drug = medication.drug {
                    if drug.isSerotonergic { currentSerotonergic.append(drug) }
                    if drug.drugClass == "sga" { currentAntipsychotics.append(drug) }
                }
            }
        }
        if let onset = record.episode?.onset { chronic = onset.completedMonths(to: context.asOf) > 24 }
        insomnia = Self.insomnia(record, measurements: report.measurements)
        let seasonalFinding = record.findings.filter { $0.check == "seasonal-pattern" }
            .max { ($0.date?.dayNumber ?? Int.min) < ($1.date?.dayNumber ?? Int.min) }
        seasonal = seasonalFinding?.status == .present
        for condition in record.conditions where condition.effectiveStatus == .active {
            if knowledge.conditions.category(of: condition) == "esketamine-contraindication" {
                esketamineContraindications.append(condition.display ?? condition.code ?? "recorded condition")
            }
        }
    }

    /// Checklist items with `status`, in checklist order.
    func checks(_ status: String) -> [ChecklistItem] {
        checklistItems.filter { $0.status == status }
    }

    /// The checklist item with `id`.
    func check(_ id: String) -> ChecklistItem? { checklistIndex[id].map { checklistItems[$0] } }

    /// The status of the checklist item `id`.
    func status(_ id: String) -> String? { checklistIndex[id].map { checklistItems[$0].status } }

    /// Whether a checklist item is present.
    func isPresent(_ id: String) -> Bool { status(id) == "present" }

    /// "2 adequate trials without response in the current episode (sertraline, venlafaxine)".
    var failureSummary: String {
        guard !failures.isEmpty else { return "no adequate failed antidepressant trial in the current episode" }
        let names = failures.map(\.agent).joined(separator: ", ")
        return "\(failures.count) adequate trial" + (failures.count == 1 ? "" : "s")
            + " without response in the current episode (" + names + ")"
    }

    static func latestDepressionScore(_ measurements: [ScoredMeasurement], knowledge: KnowledgeBase) -> (
        score: Int, remissionMax: Int?
    )? {
        var checked: [String] = []
        for m in measurements.reversed() {
            guard let total = m.total, !checked.contains(m.instrument) else { continue }
            checked.append(m.instrument)
            if let definition = knowledge.instruments.instrument(m.instrument), definition.isDepressionMeasure {
                return (total, definition.remissionMax)
            }
        }
        return nil
    }

    /// Project decision: insomnia worth treating when the latest ISI is ≥ 10 (Morin 2011 case-finding
    /// cut-off) or the latest PHQ-9 sleep item (3) is ≥ 2 ("more than half the days").
    static func insomnia(_ record: PatientRecord, measurements: [ScoredMeasurement]) -> String? {
        if let isi = measurements.last(where: { $0.instrument == "isi" }), let total = isi.total, total >= 10 {
            return "ISI \(total) on " + isi.date.description
        }
        // The latest PHQ-9 (the first of equal dates), found without copying the measurements.
        var phq9: Int?
        for index in record.measurements.indices where record.measurements[index].instrument == "phq9" {
            if let best = phq9, !(record.measurements[best].date < record.measurements[index].date) { continue }
            phq9 = index
        }
        if let position = phq9, case let phq = record.measurements[position], let sleep = phq.answer(item: 3),
            sleep >= 2
        {
            return "PHQ-9 sleep item = \(sleep) on " + phq.date.description
        }
        return nil
    }
}

/// The few facts about a drug the planner's safety checks use, copied once from the catalogue.
struct DrugTraits {
    var name: String
    var drugClass: String
    var isAntidepressant: Bool
    var isSerotonergic: Bool
    var isMAOI: Bool
    var washoutBeforeMAOI: Sourced<Int>?
    var sources: [String]

    init(_ drug: DrugDefinition) {
        name = drug.name
        drugClass = drug.drugClass
        isAntidepressant = drug.isAntidepressant
        isSerotonergic = drug.isSerotonergic
        isMAOI = drug.isMAOI
        washoutBeforeMAOI = drug.washoutBeforeMAOIDays
        sources = drug.sources
    }
}
