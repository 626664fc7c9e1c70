// SPDX-License-Identifier: Apache-2.0

/// What the planner needs to know about the patient, derived once from the report and record as
/// flags, counts and indices (the sentences are rendered later, only when a report is written).
struct PlanFacts {
    /// A medication trial's dates with its catalogued drug, in record order.
    struct Medication: Sendable {
        var start: LocalDate
        var end: LocalDate?
        var drug: DrugDefinition?
        /// Ongoing on the as-of date.
        var current: Bool
    }

    /// The checklist items the planner reads.
    enum Check: Int {
        case nonAdherence, inadequateDose, inadequateDuration, thyroid, sleepApnea, vitaminD, substanceUse, anxiety
        case adhd, ptsd, personalityDisorder, psychotherapyNotTried

        /// The check whose id is `id`, compared by length first (no hashing).
        static func matching(_ id: String) -> Check? {
            switch id.utf8.count {
            case 4: return id == "adhd" ? .adhd : id == "ptsd" ? .ptsd : nil
            case 7: return id == "thyroid" ? .thyroid : id == "anxiety" ? .anxiety : nil
            case 9: return id == "vitamin-d" ? .vitaminD : nil
            case 11: return id == "sleep-apnea" ? .sleepApnea : nil
            case 13: return id == "non-adherence" ? .nonAdherence : id == "substance-use" ? .substanceUse : nil
            case 15: return id == "inadequate-dose" ? .inadequateDose : nil
            case 19: return id == "inadequate-duration" ? .inadequateDuration : nil
            case 20: return id == "personality-disorder" ? .personalityDisorder : nil
            case 23: return id == "psychotherapy-not-tried" ? .psychotherapyNotTried : nil
            default: return nil
            }
        }
    }

    /// Insomnia signal and its evidence.
    enum Insomnia: Sendable {
        /// The latest ISI total.
        case isi(total: Int, date: LocalDate)
        /// The latest PHQ-9's sleep item.
        case phq9(sleep: Int, date: LocalDate)

        /// "ISI 14 on 2026-10-01".
        var text: String {
            switch self {
            case .isi(let total, let date): "ISI \(total) on " + date.description
            case .phq9(let sleep, let date): "PHQ-9 sleep item = \(sleep) on " + date.description
            }
        }
    }

    /// Agents of the adequate current-episode antidepressant trials without response (ongoing ones
    /// included once they are adequate), in start order.
    var failureAgents: [String] = []
    /// Whether the most recent failure was a partial response (augmentation before switching).
    var latestFailureIsPartial = false
    /// The most recent depression score is in the remission range, or the latest trial remitted.
    var remitted = false
    /// The score that makes `remitted` has a positive suicide item (its remission is stated with that
    /// caveat; the suicide-risk signal itself is the safety screen's).
    var remissionSuicideItemPositive = false
    /// `suicide-risk` level, when raised.
    var suicideLevel: String?
    /// The suicide-risk level is `critical`.
    var suicideCritical = false
    /// `psychotic-features` safety note raised.
    var psychotic = false
    /// `bipolar-signal` safety note raised.
    var bipolar = false
    /// The checklist items.
    var checklist: [ChecklistItem]
    /// Position of each ``Check`` in `checklist` (the last item with its id), or -1.
    var checkPositions = SIMD16<Int32>(repeating: -1)
    /// Checklist items not assessed that the gaps option lists whatever the trials: not a trial
    /// check and not non-adherence.
    var otherGaps = 0
    /// Not-assessed dose and duration checks (listed only when medication trials exist).
    var trialGaps = 0
    /// A treat-to-target alert is open.
    var planReviewDue = false
    /// The profile's response threshold in percent (the review-week reasons name it).
    var responsePercent: Double
    /// Every medication trial with its drug (washouts), in record order.
    var medications: [Medication] = []
    /// Ongoing medications (any episode).
    var currentCount = 0
    /// An ongoing medication is an antidepressant.
    var currentAntidepressant = false
    /// Ongoing second-generation antipsychotics.
    var currentAntipsychotics = 0
    /// Ongoing serotonergic drugs.
    var currentSerotonergic = 0
    /// Current-episode trials stopped for side effects.
    var intoleranceStops = 0
    /// Current episode longer than 24 months.
    var chronic = false
    /// An adequate psychotherapy course is recorded in the current episode.
    var psychotherapyTried = false
    /// Insomnia signal (ISI ≥ 10, or PHQ-9 item 3 ≥ 2) and its evidence.
    var insomnia: Insomnia?
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
    /// Any reversible MAO-A inhibitor among the medication trials (enables its interaction check).
    var anyReversibleMAOI = false
    /// Any non-MAOI drug that must wash out before an MAOI: a catalogued washout, or serotonergic (the
    /// default washout, ``SafetySettings/washoutBeforeMAOI(for:)``); enables the washout check.
    var anyWashout = false

    init(
        report: borrowing AssessmentReport, record: borrowing PatientRecord, context: borrowing AssessmentContext,
        knowledge: borrowing KnowledgeBase, lookups: PlanLookups, table: MeasurementTable? = nil
    ) {
        let asOf = context.asOf
        responsePercent = context.profile.responsePercent.value
        for index in report.safety.indices {
            let id = report.safety[index].id
            switch id.utf8.count {
            case 12 where id == "suicide-risk": suicideLevel = report.safety[index].level
            case 18 where id == "psychotic-features": psychotic = true
            case 14 where id == "bipolar-signal": bipolar = true
            default: break
            }
        }
        if let level = suicideLevel { suicideCritical = sameString(level, "critical") }
        checklist = report.pseudoResistance
        // The checklist lists the catalogue's checks in order, each item's id the template's own
        // string (equal storage: compared at once), so the check is read from the catalogue's
        // table; any other id is matched by name.
        let templates = knowledge.conditions.itemTemplates
        let plannerChecks = knowledge.conditions.plannerChecks
        for index in checklist.indices {
            let check: Check?
            if index < templates.count, index < plannerChecks.count, checklist[index].id == templates[index].id {
                check = Check(rawValue: Int(plannerChecks[index]))
            } else {
                check = Check.matching(checklist[index].id)
            }
            if let check { checkPositions[check.rawValue] = Int32(truncatingIfNeeded: index) }
            let status = checklist[index].status
            guard status.utf8.count == 12, status == "not-assessed" else { continue }
            switch check {
            case .nonAdherence: break
            case .inadequateDose, .inadequateDuration: trialGaps += 1
            default: otherGaps += 1
            }
        }
        for index in report.monitoring.indices {
            let id = report.monitoring[index].id
            if id.utf8.count == 15 && id == "treat-to-target" && report.monitoring[index].level == "alert" {
                planReviewDue = true
                break
            }
        }
        // Read here rather than through `status(_:)`: a method call on the value being initialised
        // copied the whole facts value (and destroyed the copy).
        let therapyPosition = Int(checkPositions[Check.psychotherapyNotTried.rawValue])
        psychotherapyTried = therapyPosition >= 0 && checklist[therapyPosition].status == "absent"

        let trials = report.trials
        var lastCurrentEpisode = -1
        for index in trials.indices {
            guard trials[index].currentEpisode else { continue }
            lastCurrentEpisode = index
            let kind = trials[index].kind
            guard kind.utf8.count == 10, kind == "medication" else { continue }
            let role = trials[index].role
            let augmentation = role.utf8.count == 12 && role == "augmentation"
            let addOn = augmentation || (role.utf8.count == 11 && role == "combination")
            let adequate = sameString(trials[index].adequacy.verdict, "adequate")
            // The drug is needed only for an add-on's name and a possible failure's class.
            let drug = (addOn || adequate) ? lookups.drug(named: trials[index].agent) : nil
            if addOn {
                augmentationsTried.append(drug?.name ?? trials[index].agent)
            }
            hasMedicationTrials = true
            let ongoing = trials[index].end.map { $0 >= asOf } ?? true
            var intolerance = false
            for reason in trials[index].adequacy.reasons {
                switch reason.utf8.count {
                case 23 where reason == "stopped-for-intolerance": intolerance = true
                case 15 where ongoing && reason == "inadequate-dose": ongoingInadequateDose = true
                case 19 where ongoing && reason == "inadequate-duration": ongoingInadequateDuration = true
                default: break
                }
            }
            if intolerance { intoleranceStops += 1 }
            guard !augmentation, drug?.isAntidepressant ?? true, adequate else { continue }
            // One notion of failure for staging, TRD definitions and the plan: the trial engine's
            // judgement (honours loss of response and stop reasons when no scores exist).
            let outcome = trials[index].outcome.class
            let partial = sameString(outcome, "partial-response")
            if trials[index].failedAdequate ?? (partial || sameString(outcome, "non-response")) {
                if failureAgents.isEmpty { failureAgents.reserveCapacity(4) }
                failureAgents.append(trials[index].agent)
                latestFailureIsPartial = partial
            }
        }
        if lastCurrentEpisode >= 0, sameString(trials[lastCurrentEpisode].outcome.class, "remission") {
            remitted = true
            remissionSuicideItemPositive = trials[lastCurrentEpisode].outcome.endpoint?.suicideItemPositive ?? false
        }
        if let latest = Self.latestDepressionScore(report.measurements, lookups: lookups),
            let cutOff = latest.remissionMax
        {
            remitted = latest.score <= cutOff
            remissionSuicideItemPositive = remitted && latest.suicideItemPositive
        }
        let recordTrials = record.trials
        for index in recordTrials.indices where recordTrials[index].kind == .medication {
            let start = recordTrials[index].start
            let end = recordTrials[index].end
            let current = start <= asOf && (end.map { $0 >= asOf } ?? true)
            let drug = lookups.drug(named: recordTrials[index].agent)
            if medications.isEmpty { medications.reserveCapacity(recordTrials.count) }
            medications.append(Medication(start: start, end: end, drug: drug, current: current))
            if let drug {
                if drug.isReversibleMAOI { anyReversibleMAOI = true }
                if drug.isMAOI {
                    anyMAOI = true
                } else if drug.washoutBeforeMAOIDays != nil || drug.isSerotonergic {
                    anyWashout = true
                }
            }
            if current {
                currentCount += 1
                if let drug {
                    if drug.isAntidepressant { currentAntidepressant = true }
                    if drug.isSerotonergic { currentSerotonergic += 1 }
                    if sameString(drug.drugClass, "sga") { currentAntipsychotics += 1 }
                }
            }
        }
        if let onset = record.episode?.onset {
            // More than `months` completed months: `months + 1` completed months take at least 28 and
            // at most 31 days each; only the days between need the calendar.
            let months = knowledge.plan.monitoring.chronicEpisodeMonths.value
            let days = onset.days(to: asOf)
            chronic =
                days < (months + 1) * 28 ? false
                : days > (months + 1) * 31 ? true : onset.completedMonths(to: asOf) > months
        }
        insomnia = Self.insomnia(record, measurements: report.measurements, lookups: lookups, table: table)
        var seasonalKey = Int.min
        var seasonalFound = false
        let findings = record.findings
        for index in findings.indices where sameString(findings[index].check, "seasonal-pattern") {
            // The latest dated finding (the first of equal dates), as `max(by:)` picks it.
            let key = findings[index].date?.dayNumber ?? Int.min
            if !seasonalFound || seasonalKey < key {
                seasonalFound = true
                seasonalKey = key
                seasonal = findings[index].status == .present
            }
        }
        let conditions = record.conditions
        if !conditions.isEmpty {
            let catalog = knowledge.conditions
            // Every condition not ruled out counts: the esketamine label contraindicates a
            // *history* of intracerebral haemorrhage, so a resolved one still blocks.
            for condition in conditions where condition.effectiveStatus != .ruledOut {
                if catalog.category(of: condition) == "esketamine-contraindication" {
                    esketamineContraindications.append(condition.display ?? condition.code ?? "recorded condition")
                }
            }
        }
    }

    /// The number of adequate failed antidepressant trials.
    var failures: Int { failureAgents.count }

    /// The checklist item `check` (the last one with its id).
    func item(_ check: Check) -> ChecklistItem? {
        let position = Int(checkPositions[check.rawValue])
        return position < 0 ? nil : checklist[position]
    }

    /// The status of the checklist item `check`.
    func status(_ check: Check) -> String? {
        let position = Int(checkPositions[check.rawValue])
        return position < 0 ? nil : checklist[position].status
    }

    /// Whether a checklist item is present.
    func isPresent(_ check: Check) -> Bool { status(check) == "present" }

    /// Whether the gaps option applies (some item is not assessed that it would list).
    var hasGaps: Bool { otherGaps > 0 || (hasMedicationTrials && trialGaps > 0) }

    /// "2 adequate trials without response in the current episode (sertraline, venlafaxine)".
    static func failureSummary(_ agents: [String]) -> String {
        guard !agents.isEmpty else { return "no adequate failed antidepressant trial in the current episode" }
        return "\(agents.count) adequate trial" + (agents.count == 1 ? "" : "s")
            + " without response in the current episode (" + agents.joined(separator: ", ") + ")"
    }

    static func latestDepressionScore(_ measurements: [ScoredMeasurement], lookups: PlanLookups) -> (
        score: Int, remissionMax: Int?, suicideItemPositive: Bool
    )? {
        let ids = lookups.instrumentIDs
        for index in measurements.indices.reversed() {
            guard let total = measurements[index].total else { continue }
            // A scored measurement knows its catalogue position: when its id is that entry's id (one
            // comparison of equal strings), the measure is read by position, as the look-up gives it.
            let measure: PlanLookups.DepressionMeasure?
            if let catalogued = measurements[index].instrumentPosition, catalogued >= 0, catalogued < ids.count,
                ids[catalogued] == measurements[index].instrument
            {
                measure = lookups.measuresByPosition[catalogued]
            } else {
                measure = lookups.measure(measurements[index].instrument)
            }
            if let measure, measure.isDepressionMeasure {
                return (
                    total, measure.remissionMax, SuicideRiskScreen.hasSuicideItemFlag(measurements[index].flags)
                )
            }
        }
        return nil
    }

    /// Project decision: insomnia worth treating when the latest ISI is ≥ 10 (Morin 2011 case-finding
    /// cut-off) or the latest PHQ-9 sleep item (3) is ≥ 2 ("more than half the days").
    static func insomnia(_ record: PatientRecord, measurements: [ScoredMeasurement]) -> Insomnia? {
        insomnia(record, measurements: measurements, lookups: nil, table: nil)
    }

    /// ``insomnia(_:measurements:)``, finding the ISI administrations and the record's PHQ-9 rows by
    /// catalogue position when given the assessment's `table` (filled by scoring `record` with the
    /// catalogue of `lookups`, which gave `measurements`); each path gives the names' answer.
    static func insomnia(
        _ record: PatientRecord, measurements: [ScoredMeasurement], lookups: PlanLookups?, table: MeasurementTable?
    ) -> Insomnia? {
        // With the table, `measurements` are the assessment's own, scored with the catalogue of
        // `lookups`: a measurement's catalogue position names its id.
        let isISI = table != nil ? lookups?.isISI ?? [] : []
        for index in measurements.indices.reversed() {
            if let catalogued = measurements[index].instrumentPosition, catalogued >= 0, catalogued < isISI.count {
                guard isISI[catalogued] else { continue }
            } else {
                let instrument = measurements[index].instrument
                guard instrument.utf8.count == 3, instrument == "isi" else { continue }
            }
            if let total = measurements[index].total, total >= 10 {
                return .isi(total: total, date: measurements[index].date)
            }
            break
        }
        // The latest PHQ-9 (the first of equal dates), found without copying the measurements.
        let recorded = record.measurements
        var phq9: Int?
        if let lookups, let table, let wanted = lookups.phq9Position, table.rows.count == recorded.count {
            // A row spelled "phq9" has the position the catalogue gives that name; other rows are
            // skipped by one integer comparison.
            let rows = table.rows
            for index in recorded.indices where rows[index].position == wanted {
                let instrument = recorded[index].instrument
                guard instrument.utf8.count == 4, instrument == "phq9" else { continue }
                if let best = phq9, !(recorded[best].date < recorded[index].date) { continue }
                phq9 = index
            }
        } else {
            for index in recorded.indices {
                let instrument = recorded[index].instrument
                guard instrument.utf8.count == 4, instrument == "phq9" else { continue }
                if let best = phq9, !(recorded[best].date < recorded[index].date) { continue }
                phq9 = index
            }
        }
        if let position = phq9, let sleep = recorded[position].answer(item: 3), sleep >= 2 {
            return .phq9(sleep: sleep, date: recorded[position].date)
        }
        return nil
    }
}
