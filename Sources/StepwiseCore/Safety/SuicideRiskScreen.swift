// SPDX-License-Identifier: Apache-2.0

/// The `suicide-risk` flag: safety items (PHQ-9 item 9, QIDS-SR16 item 12, HAM-D17 item 3,
/// MADRS item 10 — whichever the instrument catalogue lists), C-SSRS screener triage, and
/// suicide-risk diagnosis codes.
///
/// Rule `suicide-risk` (project decision on Simon 2013 and the C-SSRS triage guide):
/// - an administration counts when its safety item is answered > 0;
/// - positives dated within the look-back window are all reported, even if a later
///   administration is negative; the most recent administration of each instrument is reported
///   when positive, however old, because nothing later contradicts it;
/// - level `critical` for C-SSRS high risk or a safety item at its maximum answer (e.g. PHQ-9
///   item 9 "nearly every day"), otherwise `high`.
enum SuicideRiskScreen {
    /// One administration's safety-item answer.
    struct ItemAnswer {
        var instrument: String
        var name: String
        var date: LocalDate
        var item: Int
        var answer: Int
        var maximum: Int?
        var scored: Bool
    }

    /// The flag, with its evidence lines only when `rendering` (the level, action and sources are
    /// always decided).
    static func evaluate(
        _ record: PatientRecord, measurements: [ScoredMeasurement], table: MeasurementTable? = nil,
        context: AssessmentContext, knowledge: KnowledgeBase, rendering: Bool = true
    ) -> SafetyFlag? {
        let settings = knowledge.plan.safety
        let lookback = settings.suicideLookbackDays.value
        let asOf = context.asOf
        var level: String?
        var evidence: [String] = []
        var sources = settings.suicideLevelSources

        // Safety items, grouped per instrument (only positive answers can add lines).
        var answers: [ItemAnswer] = []
        var instruments: [String] = []
        if rendering {
            answers = rawAnswers(record, knowledge: knowledge)
            addScoredOnly(measurements, to: &answers, knowledge: knowledge)
            if answers.contains(where: { $0.answer != 0 }) {
                for answer in answers where !instruments.contains(answer.instrument) { instruments.append(answer.instrument) }
            }
        } else {
            level =
                table.flatMap {
                    itemLevel(
                        $0, record: record, measurements: measurements, knowledge: knowledge, asOf: asOf,
                        lookback: lookback)
                }
                ?? itemLevel(record, measurements: measurements, knowledge: knowledge, asOf: asOf, lookback: lookback)
        }
        for instrument in instruments {
            let series = answers.filter { $0.instrument == instrument }.sorted { $0.date < $1.date }
            guard let latest = series.last else { continue }
            // Most recent first, then earlier positives still inside the window.
            var lines: [String] = []
            for entry in series.reversed() where entry.answer != 0 {
                let recent = entry.date.dayNumber >= asOf.dayNumber - lookback
                let isLatest = entry.date == latest.date
                guard recent || isLatest else { continue }
                level = SafetyScreen.moreUrgent(level ?? "high", entryLevel(entry))
                if rendering { lines.append(describe(entry, latest: latest, asOf: asOf, lookback: lookback)) }
            }
            if rendering && !lines.isEmpty && latest.answer == 0 {
                lines.insert(
                    "Most recent " + latest.name + " on " + latest.date.description + " answered item \(latest.item) = 0; "
                        + "earlier positives within \(lookback) days are kept", at: 0)
            }
            if rendering { evidence += lines }
        }

        // C-SSRS screener triage (scored by the instrument catalogue).
        var cssrsPositions: [Int] = []
        for index in measurements.indices {
            // Flags read in place (no copy of the measurement or its flags).
            var flag = 0
            while flag < measurements[index].flags.count {
                if isCSSRSRiskFlag(measurements[index].flags[flag]) {
                    cssrsPositions.append(index)
                    break
                }
                flag += 1
            }
        }
        let cssrs = cssrsPositions.map { measurements[$0] }
        if let latestCSSRS = cssrs.last {
            for m in cssrs {
                let recent = m.date.dayNumber >= asOf.dayNumber - lookback
                guard recent || m.date == latestCSSRS.date else { continue }
                let high = m.flags.contains("cssrs-high-risk")
                let label = high ? "high" : (m.flags.contains("cssrs-moderate-risk") ? "moderate" : "low")
                level = SafetyScreen.moreUrgent(level ?? "high", high ? "critical" : "high")
                if rendering {
                    // An incomplete screener (kept for its signal) was triaged from the questions answered only.
                    let basis =
                        m.flags.contains(InstrumentFlag.partial)
                        ? " risk (triage of the answered questions; a question needed for triage is unanswered, so the risk may be higher)"
                        : " risk (triage)"
                    evidence.append("C-SSRS screener on " + m.date.description + ": " + label + basis)
                }
                if !sources.contains("cssrs-triage-guidelines") { sources.append("cssrs-triage-guidelines") }
            }
        }
        addUnscoredCSSRS(
            record, scored: measurements, knowledge: knowledge, level: &level, evidence: &evidence, rendering: rendering)

        // Recorded suicidal ideation or history of suicidal behaviour: active diagnoses, and resolved
        // ones whose code records an attempt or self-harm (a history of suicidal behaviour).
        var conditions: ConditionCatalog?
        for condition in record.conditions where condition.effectiveStatus != .ruledOut {
            if conditions == nil { conditions = knowledge.conditions }
            let active = condition.effectiveStatus == .active
            if active {
                guard conditions?.category(of: condition) == "suicide-risk" else { continue }
            } else {
                guard let code = condition.code,
                    let mapping = conditions?.mapping(forCode: code, system: condition.system),
                    mapping.category == "suicide-risk", mapping.countsWhenResolved == true
                else { continue }
            }
            level = SafetyScreen.moreUrgent(level ?? "high", "high")
            guard rendering else { continue }
            // Without a display of its own, the code is named by the catalogue's label.
            let display =
                condition.display
                ?? condition.code.flatMap { conditions?.mapping(forCode: $0, system: condition.system)?.display }
            var text = (active ? "Active diagnosis: " : "History (resolved): ") + (display ?? condition.code ?? "suicide risk")
            if let code = condition.code, display != nil { text += " (" + code + ")" }
            if let date = condition.date { text += " on " + date.description }
            evidence.append(text)
        }

        guard let level else { return nil }
        let action = level == "critical" ? settings.flagActions.suicideCritical.text : settings.flagActions.suicideHigh.text
        return SafetyFlag(
            id: "suicide-risk", level: level, title: "Suicide risk signal", evidence: evidence, action: action,
            rule: "suicide-risk", sources: sources)
    }

    /// The level the safety items alone raise — what the grouping in ``evaluate`` decides, without
    /// building the answers: a non-zero answer counts when it is within the look-back window or
    /// on its instrument's latest date; `critical` when it is the item's maximum.
    static func itemLevel(
        _ record: PatientRecord, measurements: [ScoredMeasurement], knowledge: KnowledgeBase, asOf: LocalDate,
        lookback: Int
    ) -> String? {
        /// A measurement instrument name as recorded, resolved once.
        struct Known {
            var name: String
            /// The group (canonical id) its answers count in, or -1 without safety items.
            var group: Int
            /// Its safety items: `items[first ..< first + count]`.
            var first: Int
            var count: Int
        }
        struct Group {
            var id: String
            var latest: Int
        }
        struct Positive {
            var group: Int
            var date: LocalDate
            var answer: Int
            var maximum: Int?
        }
        var known: [Known] = []
        known.reserveCapacity(4)
        var groups: [Group] = []
        groups.reserveCapacity(4)
        var items: [(number: Int, maximum: Int?)] = []
        items.reserveCapacity(4)
        var positives: [Positive] = []
        var catalog: InstrumentCatalog?
        // The last two names seen (records interleave a few instruments).
        var last = -1
        var previous = -1
        for index in record.measurements.indices {
            let name = record.measurements[index].instrument
            if last >= 0 && known[last].name == name {
                // same instrument as the previous measurement
            } else if previous >= 0 && known[previous].name == name {
                swap(&last, &previous)
            } else if let found = known.firstIndex(where: { $0.name == name }) {
                previous = last
                last = found
            } else {
                if catalog == nil { catalog = knowledge.instruments }
                var entry = Known(name: name, group: -1, first: items.count, count: 0)
                // The definition is read in place, not copied.
                if let catalog, let position = catalog.position(name), !catalog.all[position].safetyItems.isEmpty {
                    for item in catalog.all[position].safetyItems {
                        items.append((item, catalog.all[position].item(item)?.maximum))
                    }
                    entry.count = items.count - entry.first
                    let id = catalog.all[position].id
                    if let group = groups.firstIndex(where: { $0.id == id }) {
                        entry.group = group
                    } else {
                        groups.append(Group(id: id, latest: Int.min))
                        entry.group = groups.count - 1
                    }
                }
                known.append(entry)
                previous = last
                last = known.count - 1
            }
            let group = known[last].group
            guard group >= 0 else { continue }
            let date = record.measurements[index].date
            for position in known[last].first..<(known[last].first + known[last].count) {
                guard let answer = record.measurements[index].answer(item: items[position].number) else { continue }
                if date.dayNumber > groups[group].latest { groups[group].latest = date.dayNumber }
                if answer != 0 {
                    positives.append(Positive(group: group, date: date, answer: answer, maximum: items[position].maximum))
                }
            }
        }
        // A scored positive whose raw answer was not seen (see ``addScoredOnly``).
        for index in measurements.indices where hasSuicideItemFlag(measurements[index].flags) {
            let id = measurements[index].instrument
            let date = measurements[index].date
            let group: Int
            if let found = groups.firstIndex(where: { $0.id == id }) {
                group = found
            } else {
                groups.append(Group(id: id, latest: Int.min))
                group = groups.count - 1
            }
            guard !positives.contains(where: { $0.group == group && $0.date == date && $0.answer > 0 }) else { continue }
            let details = measurements[index].details
            let item = details["safetyItemNumber"].map { Int($0) } ?? 0
            let answer = details["safetyItem"].map { Int(max(1, $0)) } ?? 1
            if catalog == nil { catalog = knowledge.instruments }
            let maximum = catalog?.instrument(id)?.item(item)?.maximum
            if date.dayNumber > groups[group].latest { groups[group].latest = date.dayNumber }
            positives.append(Positive(group: group, date: date, answer: answer, maximum: maximum))
        }
        var level: String?
        for entry in positives {
            let recent = entry.date.dayNumber >= asOf.dayNumber - lookback
            guard recent || entry.date.dayNumber == groups[entry.group].latest else { continue }
            let critical = entry.maximum.map { $0 == entry.answer } ?? false
            level = SafetyScreen.moreUrgent(level ?? "high", critical ? "critical" : "high")
        }
        return level
    }

    /// ``itemLevel(_:measurements:knowledge:asOf:lookback:)`` from the scoring pass's table: each
    /// record measurement's catalogue position and raw safety answer are read by position (no name
    /// resolved, no answer read again). Returns the same level; `.some(nil)` is "no level", and
    /// `nil` means the table cannot decide (a scored positive without a catalogue position) and the
    /// caller reads the record.
    static func itemLevel(
        _ table: MeasurementTable, record: PatientRecord, measurements: [ScoredMeasurement],
        knowledge: KnowledgeBase, asOf: LocalDate, lookback: Int
    ) -> String?? {
        struct Positive {
            var position: Int
            var day: Int
            var answer: Int
            var maximum: Int?
        }
        let catalog = knowledge.instruments
        let rows = table.rows
        let recorded = record.measurements
        guard rows.count == recorded.count else { return nil }
        let count = catalog.all.count
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: max(count, 1)) { latest -> String?? in
            // latest[p]: the latest day with an answered safety item of the instrument at position p
            // (its canonical id: the group the record reader keys by).
            latest.initialize(repeating: Int.min)
            var positives: [Positive] = []
            for index in rows.indices {
                let position = Int(rows[index].position)
                guard position >= 0, position < count else { continue }
                switch rows[index].safety {
                case MeasurementTable.Safety.one:
                    guard let answer = rows[index].safetyAnswer else { continue }
                    let day = recorded[index].date.dayNumber
                    if day > latest[position] { latest[position] = day }
                    if answer != 0 {
                        let number = catalog.all[position].safetyItems[0]
                        positives.append(
                            Positive(
                                position: position, day: day, answer: answer,
                                maximum: catalog.all[position].item(number)?.maximum))
                    }
                case MeasurementTable.Safety.several:
                    let day = recorded[index].date.dayNumber
                    for number in catalog.all[position].safetyItems {
                        guard let answer = recorded[index].answer(item: number) else { continue }
                        if day > latest[position] { latest[position] = day }
                        if answer != 0 {
                            positives.append(
                                Positive(
                                    position: position, day: day, answer: answer,
                                    maximum: catalog.all[position].item(number)?.maximum))
                        }
                    }
                default:
                    continue
                }
            }
            // A scored positive whose raw answer was not seen (see ``addScoredOnly``).
            for index in measurements.indices
            where !measurements[index].flags.isEmpty && hasSuicideItemFlag(measurements[index].flags) {
                guard let position = measurements[index].instrumentPosition, position >= 0, position < count,
                    catalog.all[position].id == measurements[index].instrument
                else { return nil }
                let day = measurements[index].date.dayNumber
                guard !positives.contains(where: { $0.position == position && $0.day == day && $0.answer > 0 }) else {
                    continue
                }
                let details = measurements[index].details
                let item = details["safetyItemNumber"].map { Int($0) } ?? 0
                let answer = details["safetyItem"].map { Int(max(1, $0)) } ?? 1
                if day > latest[position] { latest[position] = day }
                positives.append(
                    Positive(position: position, day: day, answer: answer, maximum: catalog.all[position].item(item)?.maximum))
            }
            var level: String?
            for entry in positives {
                let recent = entry.day >= asOf.dayNumber - lookback
                guard recent || entry.day == latest[entry.position] else { continue }
                let critical = entry.maximum.map { $0 == entry.answer } ?? false
                level = SafetyScreen.moreUrgent(level ?? "high", critical ? "critical" : "high")
            }
            return .some(level)
        }
    }

    /// What the screen needs from an instrument definition, extracted once per distinct instrument
    /// name in the record (copying whole definitions per measurement would be wasteful).
    struct SafetyInstrument {
        var id: String
        var name: String
        var items: [Int]
        var maxima: [Int?]
    }

    /// Safety-item answers straight from the record, so a questionnaire that failed scoring still counts.
    static func rawAnswers(_ record: PatientRecord, knowledge: KnowledgeBase) -> [ItemAnswer] {
        var cache: [(key: String, value: SafetyInstrument?)] = []
        var result: [ItemAnswer] = []
        var catalog: InstrumentCatalog?
        var last = -1
        for measurement in record.measurements {
            let instrument: SafetyInstrument?
            if last >= 0 && cache[last].key == measurement.instrument {
                instrument = cache[last].value
            } else if let index = cache.firstIndex(where: { $0.key == measurement.instrument }) {
                instrument = cache[index].value
                last = index
            } else {
                if catalog == nil { catalog = knowledge.instruments }
                instrument = catalog?.instrument(measurement.instrument).flatMap { definition in
                    definition.safetyItems.isEmpty
                        ? nil
                        : SafetyInstrument(
                            id: definition.id, name: definition.shortName, items: definition.safetyItems,
                            maxima: definition.safetyItems.map { definition.item($0)?.maximum })
                }
                cache.append((measurement.instrument, instrument))
                last = cache.count - 1
            }
            guard let instrument else { continue }
            for (position, item) in instrument.items.enumerated() {
                guard let answer = measurement.answer(item: item) else { continue }
                result.append(
                    ItemAnswer(
                        instrument: instrument.id, name: instrument.name, date: measurement.date, item: item,
                        answer: answer, maximum: instrument.maxima[position], scored: false))
            }
        }
        return result
    }

    /// A scored `suicide-item-positive` flag whose raw answer was not seen (defensive: e.g. an
    /// instrument the raw pass could not resolve).
    static func addScoredOnly(_ measurements: [ScoredMeasurement], to answers: inout [ItemAnswer], knowledge: KnowledgeBase) {
        for m in measurements where hasSuicideItemFlag(m.flags) {
            let item = m.details["safetyItemNumber"].map { Int($0) } ?? 0
            guard !answers.contains(where: { $0.instrument == m.instrument && $0.date == m.date && $0.answer > 0 })
            else { continue }
            let answer = m.details["safetyItem"].map { Int(max(1, $0)) } ?? 1
            let definition = knowledge.instruments.instrument(m.instrument)
            answers.append(
                ItemAnswer(
                    instrument: m.instrument, name: definition?.shortName ?? m.instrument, date: m.date, item: item,
                    answer: answer, maximum: definition?.item(item)?.maximum, scored: true))
        }
    }

    /// A C-SSRS entry that could not be scored but records a "yes".
    static func addUnscoredCSSRS(
        _ record: PatientRecord, scored: [ScoredMeasurement], knowledge: KnowledgeBase, level: inout String?,
        evidence: inout [String], rendering: Bool = true
    ) {
        for m in record.measurements {
            guard m.instrument.utf8.count >= 5, let first = m.instrument.utf8.first,
                first == UInt8(ascii: "c") || first == UInt8(ascii: "C"), isCSSRSName(m.instrument)
            else { continue }
            let id = knowledge.instruments.instrument(m.instrument)?.id ?? m.instrument
            guard !scored.contains(where: { $0.instrument == id && $0.date == m.date }) else { continue }
            let yes = (m.answers ?? []).contains { ($0 ?? 0) > 0 } || (m.items ?? [:]).values.contains { $0 > 0 }
            guard yes else { continue }
            level = SafetyScreen.moreUrgent(level ?? "high", "high")
            guard rendering else { continue }
            evidence.append(
                "C-SSRS screener on " + m.date.description + " could not be scored but records a 'yes' answer — verify")
        }
    }

    /// Whether an instrument name starts with `cssrs` or `c-ssrs` in any case, exactly as
    /// `name.lowercased().hasPrefix(…)` decides: an ASCII name is compared byte by byte, any other
    /// name is lower-cased as before.
    static func isCSSRSName(_ name: String) -> Bool {
        // The first seven bytes, lower-cased, packed little-endian (the seventh only to see that
        // nothing non-ASCII follows the six-byte prefix and could join its last character).
        var bytes = name.utf8.makeIterator()
        var packed: UInt64 = 0
        var count: UInt64 = 0
        while count < 7, let byte = bytes.next() {
            guard byte < 0x80 else { return isCSSRSNameByLowercasing(name) }
            let lower = byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
            packed |= UInt64(lower) << (8 * count)
            count += 1
        }
        // "cssrs" = 63 73 73 72 73, "c-ssrs" = 63 2d 73 73 72 73 (first byte lowest).
        if count >= 5, packed & 0xFF_FFFF_FFFF == 0x73_7273_7363 { return true }
        return count >= 6 && packed & 0xFFFF_FFFF_FFFF == 0x7372_7373_2d63
    }

    /// The former test, for names with non-ASCII bytes near the start.
    static func isCSSRSNameByLowercasing(_ name: String) -> Bool {
        name.lowercased().hasPrefix("cssrs") || name.lowercased().hasPrefix("c-ssrs")
    }

    /// Whether `flags` holds `suicide-item-positive` (lengths compared first: most flags differ).
    static func hasSuicideItemFlag(_ flags: [String]) -> Bool {
        flags.contains { $0.utf8.count == 21 && $0 == "suicide-item-positive" }
    }

    /// A C-SSRS triage flag (`cssrs-high-risk`, `cssrs-moderate-risk`, `cssrs-low-risk`).
    @inline(__always)
    static func isCSSRSRiskFlag(_ flag: String) -> Bool {
        guard flag.utf8.count >= 11, let first = flag.utf8.first, first == UInt8(ascii: "c") else { return false }
        return flag.hasPrefix("cssrs-") && flag.hasSuffix("-risk")
    }

    static func entryLevel(_ entry: ItemAnswer) -> String {
        if let maximum = entry.maximum, entry.answer == maximum { return "critical" }
        return "high"
    }

    static func describe(_ entry: ItemAnswer, latest: ItemAnswer, asOf: LocalDate, lookback: Int) -> String {
        var text = entry.name + " item \(entry.item) = \(entry.answer) on " + entry.date.description
        if let maximum = entry.maximum, entry.answer > maximum || entry.answer < 0 {
            text += " (out of range 0–\(maximum): verify the entry)"
        }
        if entry.date == latest.date {
            text += " — most recent " + entry.name
        } else {
            text += " (within \(lookback) days)"
        }
        if entry.date > asOf { text += " (dated after the as-of date)" }
        if entry.scored { text += " (from the scored result)" }
        return text
    }
}
