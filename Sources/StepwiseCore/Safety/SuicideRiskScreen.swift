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

    static func evaluate(
        _ record: PatientRecord, measurements: [ScoredMeasurement], context: AssessmentContext,
        knowledge: KnowledgeBase
    ) -> SafetyFlag? {
        let settings = knowledge.plan.safety
        let lookback = settings.suicideLookbackDays.value
        let asOf = context.asOf
        var answers = rawAnswers(record, knowledge: knowledge)
        addScoredOnly(measurements, to: &answers, knowledge: knowledge)
        var level: String?
        var evidence: [String] = []
        var sources = settings.suicideLevelSources

        // Safety items, grouped per instrument.
        var instruments: [String] = []
        for answer in answers where !instruments.contains(answer.instrument) { instruments.append(answer.instrument) }
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
                lines.append(describe(entry, latest: latest, asOf: asOf, lookback: lookback))
            }
            if !lines.isEmpty && latest.answer == 0 {
                lines.insert(
                    "Most recent " + latest.name + " on " + latest.date.description + " answered item \(latest.item) = 0; "
                        + "earlier positives within \(lookback) days are kept", at: 0)
            }
            evidence += lines
        }

        // C-SSRS screener triage (scored by the instrument catalogue).
        let cssrs = measurements.filter { m in m.flags.contains { $0.hasPrefix("cssrs-") && $0.hasSuffix("-risk") } }
        if let latestCSSRS = cssrs.last {
            for m in cssrs {
                let recent = m.date.dayNumber >= asOf.dayNumber - lookback
                guard recent || m.date == latestCSSRS.date else { continue }
                let high = m.flags.contains("cssrs-high-risk")
                let label = high ? "high" : (m.flags.contains("cssrs-moderate-risk") ? "moderate" : "low")
                level = SafetyScreen.moreUrgent(level ?? "high", high ? "critical" : "high")
                evidence.append("C-SSRS screener on " + m.date.description + ": " + label + " risk (triage)")
                if !sources.contains("cssrs-triage-guidelines") { sources.append("cssrs-triage-guidelines") }
            }
        }
        addUnscoredCSSRS(record, scored: measurements, knowledge: knowledge, level: &level, evidence: &evidence)

        // Recorded suicidal ideation or history of suicidal behaviour.
        for condition in record.conditions where condition.effectiveStatus == .active {
            guard knowledge.conditions.category(of: condition) == "suicide-risk" else { continue }
            level = SafetyScreen.moreUrgent(level ?? "high", "high")
            var text = "Active diagnosis: " + (condition.display ?? condition.code ?? "suicide risk")
            if let code = condition.code, condition.display != nil { text += " (" + code + ")" }
            if let date = condition.date { text += " on " + date.description }
            evidence.append(text)
        }

        guard let level else { return nil }
        let action =
            level == "critical"
            ? "Same-day structured suicide-risk assessment (e.g. full C-SSRS) and safety planning; consider emergency or urgent care pathway."
            : "Structured suicide-risk assessment (e.g. C-SSRS) and a safety plan before changing treatment."
        return SafetyFlag(
            id: "suicide-risk", level: level, title: "Suicide risk signal", evidence: evidence, action: action,
            rule: "suicide-risk", sources: sources)
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
        for measurement in record.measurements {
            let instrument: SafetyInstrument?
            if let index = cache.firstIndex(where: { $0.key == measurement.instrument }) {
                instrument = cache[index].value
            } else {
                instrument = knowledge.instruments.instrument(measurement.instrument).flatMap { definition in
                    definition.safetyItems.isEmpty
                        ? nil
                        : SafetyInstrument(
                            id: definition.id, name: definition.shortName, items: definition.safetyItems,
                            maxima: definition.safetyItems.map { definition.item($0)?.maximum })
                }
                cache.append((measurement.instrument, instrument))
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
        for m in measurements where m.flags.contains("suicide-item-positive") {
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
        evidence: inout [String]
    ) {
        for m in record.measurements {
            guard let first = m.instrument.utf8.first, first == UInt8(ascii: "c") || first == UInt8(ascii: "C"),
                m.instrument.lowercased().hasPrefix("cssrs") || m.instrument.lowercased().hasPrefix("c-ssrs")
            else { continue }
            let id = knowledge.instruments.instrument(m.instrument)?.id ?? m.instrument
            guard !scored.contains(where: { $0.instrument == id && $0.date == m.date }) else { continue }
            let yes = (m.answers ?? []).contains { ($0 ?? 0) > 0 } || (m.items ?? [:]).values.contains { $0 > 0 }
            guard yes else { continue }
            level = SafetyScreen.moreUrgent(level ?? "high", "high")
            evidence.append(
                "C-SSRS screener on " + m.date.description + " could not be scored but records a 'yes' answer — verify")
        }
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
