// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import StepwiseFHIR

/// Turns an assessment into `patient-view` cards: safety first (always `critical` for suicide risk),
/// then TRD verdicts and stage, pseudo-resistance gaps, monitoring (treat-to-target, overdue
/// measures) and the leading next-step options.
struct CDSPatientViewCards: Sendable {
    let support: CDSCardSupport

    /// The cards for `report` on `record`, most urgent first.
    func cards(for report: AssessmentReport, record: PatientRecord, mappingIssues: Int) -> [CDSCard] {
        var cards = safetyCards(report, record: record)
        // Room for the other cards at once (at most one TRD, one gaps, a few monitoring, one plan, one issues card).
        cards.reserveCapacity(cards.count + 8)
        if let trd = trdCard(report) { cards.append(trd) }
        if let gaps = pseudoResistanceCard(report, patientID: record.id) { cards.append(gaps) }
        cards += monitoringCards(report, patientID: record.id)
        if let plan = planCard(report) { cards.append(plan) }
        if mappingIssues > 0 { cards.append(issuesCard(mappingIssues)) }
        return Self.byUrgency(cards)
    }

    /// `cards` sorted by urgency, stably: a stable sort keeps safety (critical) first whatever the other
    /// rules produce, and cards of the same urgency in the order they were built.
    static func byUrgency(_ cards: [CDSCard]) -> [CDSCard] {
        var sorted: [CDSCard] = []
        sorted.reserveCapacity(cards.count)
        for indicator in Self.mostUrgentFirst {
            for card in cards where card.indicator == indicator { sorted.append(card) }
        }
        return sorted
    }

    /// The indicators, most urgent first (sorted once, not on every call).
    static let mostUrgentFirst = CDSIndicator.allCases.sorted(by: >)

    // MARK: Safety

    func safetyCards(_ report: AssessmentReport, record: PatientRecord) -> [CDSCard] {
        var cards: [CDSCard] = []
        var hasSuicideRisk = false
        for flag in report.safety {
            let isSuicide = flag.id == "suicide-risk"
            hasSuicideRisk = hasSuicideRisk || isSuicide
            let indicator: CDSIndicator =
                isSuicide || flag.level == "critical" || flag.level == "high" ? .critical : .warning
            // Each deferred text read once; the detail appended piece by piece.
            let title = flag.title
            let action = flag.action
            var detail = "**"
            detail.reserveCapacity(2_048)
            detail += title
            detail += "** (level "
            detail += flag.level
            detail += ")\n\n"
            Self.appendBullets(flag.evidence, to: &detail)
            detail += "\n\n**Action:** "
            detail += action
            cards.append(
                support.card(
                    summary: title + ": " + action, detail: detail, indicator: indicator, sources: flag.sources,
                    rule: flag.rule))
        }
        // Defence in depth: a positive suicide item in the record always yields a critical card, even
        // if the engine's safety screen did not report it.
        if !hasSuicideRisk, let evidence = Self.suicideItemEvidence(record) {
            let lines = evidence.map { "- \($0)" }.joined(separator: "\n")
            cards.append(
                support.card(
                    summary: "Suicide risk: a suicide item is positive. Assess risk today (e.g. C-SSRS) and make a safety plan.",
                    detail: "**Suicide-risk signal** from the record\n\n\(lines)\n\n"
                        + "**Action:** structured suicide-risk assessment today; safety plan; urgent pathway if high risk.",
                    indicator: .critical, sources: [], rule: "suicide-risk"))
        }
        return cards
    }

    /// Positive suicide items in `record` (PHQ-9 item 9, QIDS-SR16 item 12), newest first, or `nil`.
    static func suicideItemEvidence(_ record: PatientRecord) -> [String]? {
        var evidence: [(LocalDate, String)] = []
        for measurement in record.measurements {
            let item: Int? =
                switch measurement.instrument {
                case "phq9": 9
                case "qids-sr16": 12
                default: nil
                }
            guard let item, let answer = measurement.answer(item: item), answer > 0 else { continue }
            let name = measurement.instrument == "phq9" ? "PHQ-9" : "QIDS-SR16"
            evidence.append((measurement.date, "\(name) item \(item) = \(answer) on \(measurement.date)"))
        }
        guard !evidence.isEmpty else { return nil }
        return evidence.sorted { $0.0 > $1.0 }.map(\.1)
    }

    // MARK: TRD and staging

    func trdCard(_ report: AssessmentReport) -> CDSCard? {
        guard !report.trd.isEmpty || report.staging.thaseRush.stage > 0 else { return nil }
        // Positions of the verdicts met, not copies of them.
        let trd = report.trd
        let met = trd.indices.filter { trd[$0].met }
        let stage = report.staging.thaseRush.stage
        let roman = Self.romanStages[min(max(stage, 0), 5)]
        let msm = report.staging.maudsley
        // The summary appended piece by piece (the same text as one interpolated line).
        var summary = met.isEmpty ? "TRD criteria not met" : "TRD met ("
        summary.reserveCapacity(256)
        if !met.isEmpty {
            for (number, index) in met.enumerated() {
                if number > 0 { summary += ", " }
                summary += trd[index].definition
            }
            summary += ")"
        }
        summary += "; Thase–Rush "
        summary += roman
        summary += "; Maudsley "
        summary += String(msm.total)
        summary += " ("
        summary += msm.band
        summary += ")"
        var detail = "| Definition | Met | Counted trials |\n|---|---|---|\n"
        // Room for the table, the explanations and the sources appended later (growing is still correct).
        detail.reserveCapacity(8_192)
        for index in trd.indices {
            detail += "| "
            detail += trd[index].title
            detail += trd[index].met ? " | yes | " : " | no | "
            detail += String(trd[index].countedTrials.count)
            detail += " |\n"
        }
        detail += "\n"
        for index in report.trd.indices {
            if index > 0 { detail += "\n" }
            detail += "- **"
            detail += report.trd[index].title
            detail += "**: "
            detail += report.trd[index].explanation
        }
        // Appended piece by piece (the same text as three interpolated paragraphs).
        detail += "\n\n**Thase–Rush stage "
        detail += roman
        detail += ".** "
        detail += report.staging.thaseRush.explanation
        detail += "\n\n**Maudsley Staging Method "
        detail += String(msm.total)
        detail += "/15 ("
        detail += msm.band
        detail += ").** "
        detail += msm.explanation
        detail += "\n\n**MGH-s "
        detail += "\(report.staging.mgh.score)"
        detail += ".** "
        detail += report.staging.mgh.explanation
        // One array sized once (not a flattened array, then two concatenations).
        var sources: [String] = []
        sources.reserveCapacity(
            report.trd.reduce(0) { $0 + $1.sources.count } + report.staging.thaseRush.sources.count + msm.sources.count)
        for verdict in report.trd { sources.append(contentsOf: verdict.sources) }
        sources.append(contentsOf: report.staging.thaseRush.sources)
        sources.append(contentsOf: msm.sources)
        return support.card(
            summary: summary, detail: detail, indicator: met.isEmpty ? .info : .warning, sources: sources,
            rule: met.first.map { trd[$0].definition } ?? trd.first?.definition)
    }

    /// Thase–Rush stages 0–5 as the cards spell them.
    static let romanStages = ["0", "I", "II", "III", "IV", "V"]

    // MARK: Pseudo-resistance

    /// Per pseudo-resistance check, the lab Stepwise suggests ordering for it: the first LOINC code of
    /// a lab in `conditions.json` that names the check and has an `orderDisplay`, with the suggestion's
    /// label ("Order" and the display up to its bracket), built once, with the suggestion's draft
    /// `ServiceRequest` (all but its subject).
    let orderableChecks: [String: (loinc: String, display: String, label: String, template: CDSCardSupport.OrderTemplate)]
    /// The PHQ-9 suggestion of an overdue measure, built once (all but its subject and uuid).
    let phq9Order = CDSCardSupport.orderTemplate(
        label: "Ask the patient to complete a PHQ-9", loinc: "44249-1", display: "PHQ-9 quick depression assessment panel")

    init(support: CDSCardSupport) {
        self.support = support
        var orderable: [String: (loinc: String, display: String, label: String, template: CDSCardSupport.OrderTemplate)] =
            [:]
        for lab in support.knowledge.conditions.labs {
            guard let check = lab.check, let display = lab.orderDisplay, let code = lab.loinc.first,
                orderable[check] == nil
            else { continue }
            let label = "Order " + (display.components(separatedBy: " [").first ?? display)
            orderable[check] = (
                code, display, label, CDSCardSupport.orderTemplate(label: label, loinc: code, display: display)
            )
        }
        orderableChecks = orderable
    }

    func pseudoResistanceCard(_ report: AssessmentReport, patientID: String) -> CDSCard? {
        // Positions, not copies of the items: the present ones first, then the not-assessed ones.
        let checklist = report.pseudoResistance
        var order: [Int] = []
        order.reserveCapacity(checklist.count)
        for index in checklist.indices where checklist[index].status == "present" { order.append(index) }
        let presentCount = order.count
        for index in checklist.indices where checklist[index].status == "not-assessed" { order.append(index) }
        let notAssessedCount = order.count - presentCount
        guard !order.isEmpty else { return nil }
        // Appended piece by piece: the same text as the parts "present: <ids joined by ", ">" and
        // "<n> not assessed" joined by "; " in brackets, without the arrays and joined strings.
        var summary = "Check pseudo-resistance before calling this TRD ("
        summary.reserveCapacity(256)
        if presentCount > 0 {
            summary += "present: "
            for (number, index) in order[..<presentCount].enumerated() {
                if number > 0 { summary += ", " }
                summary += checklist[index].id
            }
        }
        if notAssessedCount > 0 {
            if presentCount > 0 { summary += "; " }
            summary += String(notAssessedCount)
            summary += " not assessed"
        }
        summary += ")"
        var detail = "Assess these before switching or adding treatment (CANMAT 2023 Table 7.1).\n"
        // Room for the items and the sources appended later (a guess: growing is still correct).
        detail.reserveCapacity(4_096)
        // Each item's members read in place (not a copy of the whole item per loop).
        for index in order {
            // Read once: a deferred value is rendered on every read.
            let lines = checklist[index].evidence
            // Appended piece by piece (no interpolated line or joined evidence built first).
            detail += "\n- **"
            detail += checklist[index].title
            detail += "** ("
            detail += checklist[index].status
            detail += ")"
            if !lines.isEmpty {
                // " — " and the lines joined by "; ", ending in a full stop unless they end a sentence. The
                // last character of the detail is the evidence's own (it starts with a space, which no
                // character before it joins), so the detail's ending decides as the evidence's would.
                detail += " — "
                for (number, line) in lines.enumerated() {
                    if number > 0 { detail += "; " }
                    detail += line
                }
                if !Self.endsSentence(detail) { detail += "." }
            }
            if let todo = checklist[index].suggestion {
                detail += " **To do:** "
                detail += todo
            }
        }
        // Suggestions: the labs that can be ordered, and the to-dos of contributors found present (the
        // not-assessed to-dos are listed in the detail, so the card stays short).
        var suggestions: [CDSSuggestion] = []
        suggestions.reserveCapacity(order.count)
        for index in order {
            if let check = orderableChecks[checklist[index].id] {
                suggestions.append(support.orderSuggestion(check.template, patientID: patientID))
            } else if checklist[index].status == "present", let text = checklist[index].suggestion {
                suggestions.append(CDSSuggestion(label: CDSCard.limitSummary(text), uuid: support.makeID()))
            }
        }
        // Source ids are ASCII, separated by spaces: split on the byte, not on characters.
        var sources: [String] = []
        sources.reserveCapacity(order.count * 2)
        for index in order {
            let source = checklist[index].source
            if !source.utf8.contains(UInt8(ascii: " ")) {
                // One id (the usual case): the string itself, not a copy of it.
                if !source.isEmpty { sources.append(source) }
                continue
            }
            Self.appendSpaceSeparated(source, to: &sources)
        }
        let card = support.card(
            summary: summary, detail: detail, indicator: presentCount == 0 ? .info : .warning, sources: sources,
            rule: "pseudo-resistance", suggestions: suggestions.isEmpty ? nil : suggestions)
        var result = card
        if !suggestions.isEmpty { result.selectionBehavior = "any" }
        return result
    }

    /// Appends the non-empty pieces of `text` between spaces (U+0020) to `list`, in order: what
    /// `text.utf8.split(separator: UInt8(ascii: " ")).map { String(Substring($0)) }` gives, without the
    /// array of slices (a space is one byte and one scalar, so every piece is whole scalars).
    static func appendSpaceSeparated(_ text: String, to list: inout [String]) {
        let utf8 = text.utf8
        var start = utf8.startIndex
        var position = start
        while position != utf8.endIndex {
            if utf8[position] == UInt8(ascii: " ") {
                if start != position { list.append(String(text[start..<position])) }
                start = utf8.index(after: position)
            }
            position = utf8.index(after: position)
        }
        if start != utf8.endIndex { list.append(String(text[start...])) }
    }

    /// `text.hasSuffix(".") || text.hasSuffix(")")`, decided on the last bytes: a text whose last byte
    /// is neither ends in neither character; one that ends in either after an ASCII byte ends in that
    /// character (no ASCII character joins the one after it); anything else is left to `hasSuffix`.
    static func endsSentence(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard let last = utf8.last else { return false }
        guard last == UInt8(ascii: ".") || last == UInt8(ascii: ")") else { return false }
        let before = utf8.index(before: utf8.endIndex)
        if before == utf8.startIndex || utf8[utf8.index(before: before)] < 0x80 { return true }
        return text.hasSuffix(".") || text.hasSuffix(")")
    }

    /// Appends `lines` as Markdown bullets ("- " each, one per line, no newline after the last): the same
    /// text as `lines.map { "- \($0)" }.joined(separator: "\n")`, without the intermediate strings.
    static func appendBullets(_ lines: [String], to text: inout String) {
        for (number, line) in lines.enumerated() {
            text += number == 0 ? "- " : "\n- "
            text += line
        }
    }

    // MARK: Monitoring

    func monitoringCards(_ report: AssessmentReport, patientID: String) -> [CDSCard] {
        report.monitoring.filter { $0.level == "alert" || $0.level == "warning" }.map { item in
            // Each deferred text read once (a read renders it).
            let message = item.message
            var detail = message
            detail.reserveCapacity(1_024)
            detail += "\n\n"
            Self.appendBullets(item.evidence, to: &detail)
            var suggestions: [CDSSuggestion]? = nil
            if item.id == "overdue-measure" {
                suggestions = [support.orderSuggestion(phq9Order, patientID: patientID)]
            }
            return support.card(
                summary: message, detail: detail,
                indicator: item.level == "alert" ? .warning : .info, sources: item.sources, rule: item.rule,
                suggestions: suggestions)
        }
    }

    // MARK: Plan and data quality

    func planCard(_ report: AssessmentReport) -> CDSCard? {
        // Options a safety check blocks for this patient are never offered as a next step.
        let options = report.plan.filter { $0.category != "safety" && !$0.blocked }.sorted { $0.rank < $1.rank }
            .prefix(3)
        guard let first = options.first else { return nil }
        // Appended piece by piece (the same text as the interpolated title and "(+n more)").
        var summary = "Next step to consider: "
        summary.reserveCapacity(256)
        summary += first.title
        if options.count > 1 {
            summary += " (+"
            summary += String(options.count - 1)
            summary += " more)"
        }
        var detail = "Options ranked by Stepwise for the clinician to consider (decision support, not orders):\n"
        detail.reserveCapacity(4_096)
        for (number, option) in options.enumerated() {
            // Appended piece by piece (the same text as one interpolated line).
            let evidence = option.evidence
            detail += "\n"
            detail += String(number + 1)
            detail += ". **"
            detail += option.title
            detail += "** — "
            detail += option.rationale
            detail += " ("
            detail += evidence.guideline
            if let line = evidence.line {
                detail += ", "
                detail += line
                detail += " line"
            }
            if let level = evidence.level {
                detail += ", level "
                detail += level
            }
            detail += ")"
            for caution in option.cautions {
                detail += "\n   - Caution: "
                detail += caution
            }
        }
        return support.card(
            summary: summary, detail: detail, indicator: .info, sources: Self.joinedSources(options), rule: first.rule)
    }

    /// `options.flatMap(\.sources)` in one array sized once.
    static func joinedSources(_ options: ArraySlice<PlanOption>) -> [String] {
        var sources: [String] = []
        sources.reserveCapacity(options.reduce(0) { $0 + $1.sources.count })
        for option in options { sources.append(contentsOf: option.sources) }
        return sources
    }

    func issuesCard(_ count: Int) -> CDSCard {
        support.card(
            summary: "\(count) FHIR resource\(count == 1 ? "" : "s") could not be used; the assessment may be incomplete",
            detail: "Some prefetched resources could not be mapped (unknown codes, units that are not mg, "
                + "impossible dates). Stepwise never guesses: those inputs were left out, so verdicts that depend "
                + "on them may be `unknown`. Check the record in Stepwise for details.",
            indicator: .info, sources: [], rule: nil)
    }
}
