// SPDX-License-Identifier: Apache-2.0

import StepwiseCore

/// Turns a patient's draft into a ``PatientRecord``.
extension MappingRun {
    /// Orders of one drug are one trial unless a documented end is followed by a gap longer than
    /// this (project decision; see `docs/fhir.md`).
    static let trialGapDays = 30
    /// Neuromodulation sessions more than this many days apart start a new course (project decision).
    static let courseGapDays = 30
    /// Psychotherapy sessions more than this many days apart start a new course (project decision).
    static let psychotherapyGapDays = 60
    /// Order statuses of a course still running (built once, not for every trial).
    static let ongoingStatuses: Set<String> = ["active", "on-hold", "intended", "unknown"]

    mutating func assemble(_ draft: PatientDraft) -> PatientRecord {
        var record = PatientRecord(id: draft.id, birthDate: draft.birthDate, sex: draft.sex)
        record.measurements = measurements(draft)
        record.trials = medicationTrials(draft) + sessionTrials(draft)
        record.conditions = draft.conditions
        record.labs = draft.labs.sorted { ($0.date, $0.test) < ($1.date, $1.test) }
        if let chosen = draft.depression.max(by: { ($0.onset ?? $0.recorded ?? LocalDate(dayNumber: Int.min / 2)) < ($1.onset ?? $1.recorded ?? LocalDate(dayNumber: Int.min / 2)) }) {
            record.episode = Episode(onset: chosen.onset, diagnosis: chosen.diagnosis, course: chosen.course)
        }
        return record
    }

    // MARK: Measurements

    private mutating func measurements(_ draft: PatientDraft) -> [Measurement] {
        /// A measurement's item answers by item number: a short list searched in place (an
        /// instrument has a few dozen items at most), not a hashed dictionary per measurement.
        struct Answers {
            private var pairs: [(number: Int, value: Int)] = []
            var count: Int { pairs.count }
            var isEmpty: Bool { pairs.isEmpty }
            subscript(number: Int) -> Int? {
                get {
                    for pair in pairs where pair.number == number { return pair.value }
                    return nil
                }
                set {
                    let at = pairs.firstIndex { $0.number == number }
                    switch (at, newValue) {
                    case (let at?, let value?): pairs[at].value = value
                    case (let at?, nil): pairs.remove(at: at)
                    case (nil, let value?): pairs.append((number, value))
                    case (nil, nil): break
                    }
                }
            }
            /// Item number (as text) → answer, as the record stores answers that are not a full set.
            var byNumberText: [String: Int] {
                Dictionary(uniqueKeysWithValues: pairs.map { (String($0.number), $0.value) })
            }
        }
        struct Work {
            var items = Answers()
            var total: Int?
            /// Always the source of one of the work's parts (each is noted as it is met).
            var id: String?
            /// Whether `id` was taken from a total score's part (so it names a total's source for good).
            var idFromTotal = false
        }
        // The parts of each day, days in order, each day's parts in the order they were mapped
        // (positions sorted by day, then position: no dictionary of copied parts per day). A
        // measurement is one instrument on one day, so each day's measurements are gathered in a
        // short list, edited in place, and emitted in instrument order when the day ends: the
        // measurements come out sorted by day, then instrument, with no dictionary of all of them.
        let all = draft.scoreParts
        let order = all.indices.sorted { (all[$0].date, $0) < (all[$1].date, $1) }
        var result: [Measurement] = []
        var dayWorks: [(instrument: String, work: Work)] = []
        // The sources of the total parts met so far, indexed only when a measurement's id must be
        // checked against them (an id taken from an item part, then a total that day): most
        // measurements never need it, so no set of every total's source is hashed up front.
        var totalSources: Set<String> = []
        var totalSourcesIndexed = 0
        var dayStart = 0
        while dayStart < order.count {
            let date = all[order[dayStart]].date
            var dayEnd = dayStart + 1
            while dayEnd < order.count, all[order[dayEnd]].date == date { dayEnd += 1 }
            let day = order[dayStart..<dayEnd]
            dayStart = dayEnd
            // Instruments named by a total or an unambiguous item that day (a handful: a list).
            var present: [String] = []
            for position in day {
                let instrument: String
                switch all[position].value {
                case .total(let name, _): instrument = name
                case .item(let candidates, _):
                    guard candidates.count == 1 else { continue }
                    instrument = candidates[0].instrument
                }
                if !present.contains(instrument) { present.append(instrument) }
            }
            dayWorks.removeAll(keepingCapacity: true)
            /// The day's work for `instrument` (added when new).
            func slot(_ instrument: String) -> Int {
                if let at = dayWorks.firstIndex(where: { $0.instrument == instrument }) { return at }
                dayWorks.append((instrument, Work()))
                return dayWorks.count - 1
            }
            for step in day.indices {
                let part = all[order[step]]
                switch part.value {
                case .total(let instrument, let value):
                    let at = slot(instrument)
                    if let existing = dayWorks[at].work.total, existing != value {
                        issues.append(
                            FHIRMappingIssue(
                                resource: part.source, path: "value[x]",
                                reason: "a second \(instrument) total on the same day (\(value)) differs from the first (\(existing)); the first was kept",
                                patient: draft.id))
                    } else {
                        dayWorks[at].work.total = value
                    }
                    note(&dayWorks[at].work, part, step)
                case .item(let candidates, let value):
                    let chosen = candidates.first { present.contains($0.instrument) }
                        ?? candidates.min { (vocabulary.itemCounts[$0.instrument] ?? .max) < (vocabulary.itemCounts[$1.instrument] ?? .max) }
                    guard let chosen else { continue }
                    let at = slot(chosen.instrument)
                    if let existing = dayWorks[at].work.items[chosen.number], existing != value {
                        // A safety item (PHQ-9 item 9, …) keeps the higher answer, whatever the order:
                        // a positive answer is never dropped for an earlier lower one.
                        if vocabulary.safetyItems.contains(chosen) {
                            let higher = max(existing, value)
                            dayWorks[at].work.items[chosen.number] = higher
                            issues.append(
                                FHIRMappingIssue(
                                    resource: part.source, path: "value[x]",
                                    reason: "a second answer to \(chosen.instrument) item \(chosen.number) on the same day (\(value)) differs from the first (\(existing)); the higher (\(higher)) was kept for the safety screen",
                                    patient: draft.id))
                        } else {
                            issues.append(
                                FHIRMappingIssue(
                                    resource: part.source, path: "value[x]",
                                    reason: "a second answer to \(chosen.instrument) item \(chosen.number) on the same day (\(value)) differs from the first (\(existing)); the first was kept",
                                    patient: draft.id))
                        }
                    } else {
                        dayWorks[at].work.items[chosen.number] = value
                    }
                    note(&dayWorks[at].work, part, step)
                }
            }
            dayWorks.sort { $0.instrument < $1.instrument }
            for entry in dayWorks {
                result.append(measurement(entry.instrument, date, entry.work))
            }
        }
        /// The measurement's id names its best source: a QuestionnaireResponse, else the total-score
        /// Observation, else the first item Observation. `step` is the part's place in `order`.
        func note(_ work: inout Work, _ part: ScorePart, _ step: Int) {
            let fromResponse = work.id?.hasPrefix("QuestionnaireResponse/") ?? false
            if part.fromQuestionnaireResponse, !fromResponse {
                work.id = part.source
                work.idFromTotal = part.isTotal
            } else if !fromResponse, part.isTotal, !(work.id.map { work.idFromTotal || isTotalSource($0, before: step) } ?? false) {
                // The id is replaced unless it already names a total score's source met before this
                // part (the id is always one of the work's own sources, so no list of them is kept).
                work.id = part.source
                work.idFromTotal = true
            } else if work.id == nil {
                work.id = part.source
                work.idFromTotal = part.isTotal
            }
        }
        /// Whether a total part before `order[step]` has `source` (the parts before it are added to
        /// the set first; each part is added once).
        func isTotalSource(_ source: String, before step: Int) -> Bool {
            while totalSourcesIndexed < step {
                let earlier = all[order[totalSourcesIndexed]]
                if earlier.isTotal { totalSources.insert(earlier.source) }
                totalSourcesIndexed += 1
            }
            return totalSources.contains(source)
        }
        func measurement(_ instrument: String, _ date: LocalDate, _ work: Work) -> Measurement {
            var measurement = Measurement(id: work.id, instrument: instrument, date: date, total: work.total)
            // A total alone (the usual case) has no answers to lay out: no look-ups of the
            // instrument's item count and difficulty item (two String-keyed hashes).
            guard !work.items.isEmpty else { return measurement }
            let shape = vocabulary.itemShapes[instrument]
            let count = shape?.count ?? 0
            // The unscored difficulty question (PHQ-9 item 10) goes last when every scored item is there.
            let difficulty = shape?.difficulty.flatMap { number in work.items[number].map { (number, $0) } }
            if count > 0, (1...count).allSatisfy({ work.items[$0] != nil }), work.items.count == count + (difficulty == nil ? 0 : 1) {
                measurement.answers = (1...count).map { work.items[$0] } + (difficulty.map { [$0.1] } ?? [])
            } else if !work.items.isEmpty {
                measurement.items = work.items.byNumberText
            }
            return measurement
        }
        return result
    }

    // MARK: Medication trials

    private mutating func medicationTrials(_ draft: PatientDraft) -> [TreatmentTrial] {
        var trials: [TreatmentTrial] = []
        for (drug, all) in Self.groupedByDrug(draft.medicationSegments) {
            let orders = all.filter { !$0.fromDispense }
            let segments = (orders.isEmpty ? all : orders).sorted { ($0.start, $0.source) < ($1.start, $1.source) }
            var groups: [[MedicationSegment]] = []
            for segment in segments {
                if var last = groups.last, let previous = last.last {
                    let reach = previous.end.map { $0.adding(days: Self.trialGapDays) } ?? segment.start
                    if segment.start <= reach {
                        last.append(segment)
                        groups[groups.count - 1] = last
                        continue
                    }
                }
                groups.append([segment])
            }
            let fills = draft.dispenses.filter { $0.drug == drug }.sorted { $0.date < $1.date }
            for group in groups {
                guard let first = group.first, let last = group.last else { continue }
                trials.append(trial(drug: drug, group: group, first: first, last: last, fills: fills, patient: draft.id))
            }
        }
        assignRoles(&trials, patient: draft.id)
        return trials.sorted { ($0.start, $0.agent) < ($1.start, $1.agent) }
    }

    /// The segments grouped by drug, drugs in sorted order, each drug's segments in the order they
    /// were mapped — what `Dictionary(grouping:by: \.drug)` and its sorted keys gave, without a
    /// dictionary to build and hash: positions sorted by (drug, position) and read in runs (a run's
    /// drug is its first segment's, as a dictionary keeps the first key inserted).
    static func groupedByDrug(_ segments: [MedicationSegment]) -> [(drug: String, segments: [MedicationSegment])] {
        let order = segments.indices.sorted { (segments[$0].drug, $0) < (segments[$1].drug, $1) }
        var groups: [(drug: String, segments: [MedicationSegment])] = []
        var runStart = 0
        while runStart < order.count {
            let drug = segments[order[runStart]].drug
            var runEnd = runStart + 1
            while runEnd < order.count, segments[order[runEnd]].drug == drug { runEnd += 1 }
            groups.append((drug, order[runStart..<runEnd].map { segments[$0] }))
            runStart = runEnd
        }
        return groups
    }

    private mutating func trial(
        drug: String, group: [MedicationSegment], first: MedicationSegment, last: MedicationSegment, fills: [DispenseFill], patient: String
    ) -> TreatmentTrial {
        var doses: [DoseStep] = []
        for segment in group {
            if let previous = doses.last, previous.mgPerDay == segment.mgPerDay { continue }
            if let previous = doses.last, previous.from == segment.start {
                doses[doses.count - 1] = DoseStep(from: segment.start, mgPerDay: segment.mgPerDay)
            } else {
                doses.append(DoseStep(from: segment.start, mgPerDay: segment.mgPerDay))
            }
        }
        if doses.allSatisfy({ $0.mgPerDay == nil }) { doses = [] }
        let explicitEnd = group.compactMap(\.end).max()
        let coverageEnd = fills.filter { $0.date >= first.start }.map { $0.date.adding(days: $0.daysSupply - 1) }.max()
        var end: LocalDate?
        if Self.ongoingStatuses.contains(last.status), last.end == nil {
            end = nil
        } else if let lastEnd = last.end {
            end = max(lastEnd, explicitEnd ?? lastEnd)
        } else {
            let known = [last.start, coverageEnd, explicitEnd].compactMap { $0 }.max() ?? last.start
            end = known
            issues.append(
                FHIRMappingIssue(
                    resource: last.source, path: "status",
                    reason: "the \(drug) course is \(last.status) but no stop date is recorded; it is counted only to \(known), its last documented day\(coverageEnd != nil ? " (pharmacy supply)" : "")",
                    patient: patient))
        }
        var trial = TreatmentTrial(
            id: "\(drug)-\(first.start)", kind: .medication, agent: drug, start: first.start, end: end, doses: doses,
            stopReason: end == nil ? nil : last.stopReason)
        trial.adherence = adherence(fills: fills, start: first.start, end: end, drug: drug, source: first.source, patient: patient)
        return trial
    }

    /// Proportion of days covered from pharmacy fills over the trial (PQA method: an early refill's
    /// supply starts when the previous supply runs out), capped at 100.
    private mutating func adherence(
        fills: [DispenseFill], start: LocalDate, end: LocalDate?, drug: String, source: String, patient: String
    ) -> Adherence? {
        guard let windowEnd = end ?? mapper.asOf else {
            if !fills.isEmpty {
                issues.append(
                    FHIRMappingIssue(
                        resource: source, path: "MedicationDispense",
                        reason: "the \(drug) course is ongoing and no assessment date was given; days covered were not computed",
                        patient: patient))
            }
            return nil
        }
        let relevant = fills.filter { $0.date <= windowEnd && $0.date.adding(days: $0.daysSupply) > start.adding(days: -90) }
        guard !relevant.isEmpty, windowEnd >= start else { return nil }
        var covered = 0
        var cursor = start
        for fill in relevant {
            var from = max(fill.date, cursor)
            if from < start { from = start }
            let supplyEnd = max(fill.date, cursor).adding(days: fill.daysSupply - 1)
            let to = min(supplyEnd, windowEnd)
            if to >= from { covered += from.days(to: to) + 1 }
            cursor = max(cursor, supplyEnd.adding(days: 1))
        }
        let period = start.days(to: windowEnd) + 1
        let percent = min(100, Double(covered) / Double(period) * 100)
        return Adherence(percentDaysCovered: (percent * 10).rounded() / 10, source: "pharmacy-fills")
    }

    /// Augmenting agents that are not antidepressants are `augmentation` of the antidepressant
    /// trial running when they start. Overlapping antidepressants are reported (combination or
    /// cross-taper cannot be told apart from orders alone) and left as monotherapy trials.
    private mutating func assignRoles(_ trials: inout [TreatmentTrial], patient: String) {
        let drugs = knowledge.drugs
        func covers(_ trial: TreatmentTrial, _ day: LocalDate) -> Bool { trial.start <= day && (trial.end.map { day <= $0 } ?? true) }
        // Each trial's drug looked up once (agents do not change below), not once per pair.
        let definitions = trials.map { drugs.drug(named: $0.agent) }
        let antidepressant = definitions.map { $0?.isAntidepressant ?? false }
        for index in trials.indices {
            guard let definition = definitions[index] else { continue }
            if definition.isAugmentingAgent && !definition.isAntidepressant {
                trials[index].role = .augmentation
                let base = trials.indices.filter { other in
                    other != index && antidepressant[other] && covers(trials[other], trials[index].start)
                }.last
                if let base { trials[index].augments = trials[base].id }
            } else if definition.isAntidepressant {
                for other in trials.indices where other < index || other > index {
                    guard antidepressant[other], trials[other].start < trials[index].start,
                        covers(trials[other], trials[index].start)
                    else { continue }
                    let overlapEnd = [trials[other].end, trials[index].end].compactMap { $0 }.min()
                    let overlap = overlapEnd.map { trials[index].start.days(to: $0) } ?? Int.max
                    if overlap > 28 {
                        issues.append(
                            FHIRMappingIssue(
                                resource: "MedicationRequest", path: "\(trials[index].agent)",
                                reason: "\(trials[index].agent) started while \(trials[other].agent) continued for more than 4 weeks: a combination or a slow cross-taper; recorded as separate monotherapy trials — please review",
                                patient: patient))
                    }
                }
            }
        }
    }

    // MARK: Psychotherapy and neuromodulation

    private func sessionTrials(_ draft: PatientDraft) -> [TreatmentTrial] {
        var trials: [TreatmentTrial] = []
        let byModality = Dictionary(grouping: draft.sessions) { "\($0.kind.rawValue)/\($0.modality)" }
        for key in byModality.keys.sorted() {
            let sessions = (byModality[key] ?? []).sorted { ($0.date, $0.source) < ($1.date, $1.source) }
            guard let kind = sessions.first?.kind, let modality = sessions.first?.modality else { continue }
            let gap = kind == .psychotherapy ? Self.psychotherapyGapDays : Self.courseGapDays
            var courses: [[TreatmentSession]] = []
            for session in sessions {
                if let previous = courses.last?.last, previous.date.days(to: session.date) <= gap {
                    courses[courses.count - 1].append(session)
                } else {
                    courses.append([session])
                }
            }
            for course in courses {
                guard let first = course.first, let last = course.last else { continue }
                var trial = TreatmentTrial(
                    id: "\(modality)-\(first.date)", kind: kind, agent: modality, start: first.date, end: last.date,
                    sessions: Set(course.map(\.source)).count)
                if modality == "ect" { trial.laterality = course.compactMap(\.laterality).last }
                trials.append(trial)
            }
        }
        return trials
    }
}
