// SPDX-License-Identifier: Apache-2.0

import StepwiseCore

/// Builds the entries of an exported Bundle.
struct ExportBuilder {
    let report: AssessmentReport
    let record: PatientRecord
    let exporter: FHIRReportExporter
    var entries: [R4.Bundle.Entry] = []
    /// References to the TRD and staging observations, for the CarePlan's supporting information.
    var supporting: [R4.Reference] = []

    init(report: AssessmentReport, record: PatientRecord, exporter: FHIRReportExporter) {
        self.report = report
        self.record = record
        self.exporter = exporter
    }

    var subject: R4.Reference { R4.Reference(reference: "Patient/\(FHIRExportText.id(report.patient.id))") }
    var asOf: String { report.asOf.description }

    static func stepwise(_ code: String, _ display: String? = nil) -> R4.CodeableConcept {
        R4.CodeableConcept(coding: [R4.Coding(system: FHIRSystem.stepwise, code: code, display: display)], text: display)
    }

    static func text(_ text: String) -> R4.CodeableConcept { R4.CodeableConcept(text: text) }

    mutating func add(_ resource: R4.Resource, id: String) -> R4.Reference {
        entries.append(R4.Bundle.Entry(fullUrl: "urn:uuid:\(id)", resource: resource))
        return R4.Reference(reference: "urn:uuid:\(id)")
    }

    func newID(_ parts: String...) -> String {
        StableID.uuid(([report.patient.id, asOf] + parts).joined(separator: "/"))
    }

    mutating func build() {
        addMeasurements()
        addStaging()
        addTRD()
        addSafety()
        addPseudoResistance()
        addMonitoring()
        addCarePlan()
    }

    // MARK: Scores

    private mutating func addMeasurements() {
        for (position, scored) in report.measurements.enumerated() {
            let id = newID("measurement", String(position), scored.instrument, scored.date.description)
            var codings: [R4.Coding] = []
            if let loinc = exporter.loincTotal(scored.instrument) {
                codings.append(R4.Coding(system: FHIRSystem.loinc, code: loinc, display: "\(exporter.displayName(scored.instrument)) total score"))
            }
            codings.append(
                R4.Coding(system: FHIRSystem.stepwise, code: "score-\(FHIRExportText.code(scored.instrument))", display: "\(exporter.displayName(scored.instrument)) total score"))
            var observation = R4.Observation(
                id: id, status: "final", code: R4.CodeableConcept(coding: codings, text: "\(exporter.displayName(scored.instrument)) total score"),
                subject: subject)
            observation.category = [
                R4.CodeableConcept(coding: [R4.Coding(system: FHIRSystem.observationCategory, code: "survey", display: "Survey")])
            ]
            observation.effectiveDateTime = scored.date.description
            let definition = exporter.instruments.instrument(scored.instrument)
            if let total = scored.total {
                observation.valueInteger = total
            } else if scored.basis == ScoreBasis.partial, definition?.maximumTotal != nil {
                // A scale with a total whose administration was incomplete: the total is unknown,
                // not inapplicable; it was kept for its safety answer (in the component below).
                observation.dataAbsentReason = R4.CodeableConcept(
                    coding: [R4.Coding(system: "http://terminology.hl7.org/CodeSystem/data-absent-reason", code: "unknown", display: "Unknown")],
                    text: "Not every item was answered (a partial administration): no total; kept for its safety answer")
            } else {
                observation.dataAbsentReason = R4.CodeableConcept(
                    coding: [R4.Coding(system: "http://terminology.hl7.org/CodeSystem/data-absent-reason", code: "not-applicable", display: "Not Applicable")],
                    text: "This instrument gives a screen result, not a total")
            }
            // A positive safety item travels as a coded component, so an EHR sees the answer itself.
            if let number = scored.details["safetyItemNumber"].map(Int.init), let answer = scored.details["safetyItem"].map(Int.init) {
                let item = definition?.item(number)
                var codings: [R4.Coding] = []
                if let loinc = item?.loinc { codings.append(R4.Coding(system: FHIRSystem.loinc, code: loinc)) }
                codings.append(
                    R4.Coding(
                        system: FHIRSystem.stepwise, code: "\(FHIRExportText.code(scored.instrument))-item-\(number)",
                        display: "\(exporter.displayName(scored.instrument)) item \(number)"))
                var component = R4.Observation.Component(
                    code: R4.CodeableConcept(coding: codings, text: "\(exporter.displayName(scored.instrument)) item \(number) (safety item)"))
                // The LOINC answer code where the option has one (as EHRs record 44260-8), else the number.
                if let option = item?.options.first(where: { $0.value == answer }), let code = option.loinc {
                    component.valueCodeableConcept = R4.CodeableConcept(
                        coding: [R4.Coding(system: FHIRSystem.loinc, code: code, display: option.label)], text: "\(answer)")
                } else {
                    component.valueInteger = answer
                }
                observation.component = [component]
            }
            if let band = scored.band {
                observation.interpretation = [Self.stepwise("band-\(FHIRExportText.code(band))", band)]
            }
            var notes: [R4.Annotation] = []
            notes.append(R4.Annotation(text: "Scored by Stepwise from \(scored.basis == "items" ? "item answers" : "a clinician-entered total")."))
            if !scored.flags.isEmpty { notes.append(R4.Annotation(text: "Flags: \(scored.flags.joined(separator: ", "))")) }
            observation.note = notes
            if let source = derivedFrom(scored) { observation.derivedFrom = [R4.Reference(reference: source)] }
            _ = add(.observation(observation), id: id)
        }
    }

    /// The input resource the score was read from, when the record says (`QuestionnaireResponse/x`).
    private func derivedFrom(_ scored: ScoredMeasurement) -> String? {
        let match = record.measurements.first { $0.instrument == scored.instrument && $0.date == scored.date && $0.id != nil }
        guard let id = match?.id else { return nil }
        for prefix in ["QuestionnaireResponse/", "Observation/"] where id.hasPrefix(prefix) {
            let rest = id.dropFirst(prefix.count)
            if FHIRExportText.isValidID(String(rest)) { return id }
        }
        return nil
    }

    // MARK: Staging and TRD

    private mutating func assessmentObservation(_ code: String, _ display: String, idParts: String...) -> R4.Observation {
        var observation = R4.Observation(
            id: newID(idParts.joined(separator: "/")), status: "final", code: Self.stepwise(code, display), subject: subject)
        observation.effectiveDateTime = asOf
        observation.method = Self.stepwise("stepwise-assessment", "Stepwise rule-based assessment (profile \(report.profile), knowledge \(report.knowledgeVersion))")
        return observation
    }

    private mutating func addStaging() {
        let staging = report.staging
        var thase = assessmentObservation("thase-rush-stage", "Thase–Rush stage", idParts: "thase-rush")
        thase.valueInteger = staging.thaseRush.stage
        thase.note = FHIRExportText.notes(staging.thaseRush.explanation, sources: staging.thaseRush.sources)
        supporting.append(add(.observation(thase), id: thase.id ?? ""))

        let msm = staging.maudsley
        var maudsley = assessmentObservation("maudsley-total", "Maudsley Staging Method total", idParts: "maudsley")
        maudsley.valueInteger = msm.total
        maudsley.interpretation = [Self.stepwise("band-\(FHIRExportText.code(msm.band))", msm.band)]
        var components: [R4.Observation.Component] = []
        for (code, display, value) in [
            ("maudsley-duration", "MSM duration points", msm.duration), ("maudsley-severity", "MSM severity points", msm.severity),
            ("maudsley-antidepressants", "MSM antidepressant failure points", msm.antidepressants),
            ("maudsley-augmentation", "MSM augmentation points", msm.augmentation), ("maudsley-ect", "MSM ECT points", msm.ect),
        ] {
            var component = R4.Observation.Component(code: Self.stepwise(code, display))
            component.valueInteger = value
            components.append(component)
        }
        maudsley.component = components
        maudsley.note = FHIRExportText.notes(
            ([msm.explanation] + msm.assumptions.map { "Assumption: \($0)" }).filter { !$0.isEmpty }.joined(separator: "\n"), sources: msm.sources)
        supporting.append(add(.observation(maudsley), id: maudsley.id ?? ""))

        var mgh = assessmentObservation("mgh-score", "Massachusetts General Hospital staging score", idParts: "mgh")
        if staging.mgh.score.isFinite {
            mgh.valueQuantity = R4.Quantity(value: staging.mgh.score, unit: "{score}", system: FHIRSystem.ucum, code: "{score}")
        }
        mgh.note = FHIRExportText.notes(staging.mgh.explanation, sources: staging.mgh.sources)
        supporting.append(add(.observation(mgh), id: mgh.id ?? ""))
    }

    private mutating func addTRD() {
        for verdict in report.trd {
            let code = "trd-\(FHIRExportText.code(verdict.definition))"
            var observation = assessmentObservation(code, "Treatment-resistant depression: \(verdict.title)", idParts: "trd", verdict.definition)
            observation.valueBoolean = verdict.met
            var text = verdict.explanation
            if !verdict.countedTrials.isEmpty { text += "\nCounted trials: \(verdict.countedTrials.joined(separator: ", "))" }
            observation.note = FHIRExportText.notes(text, sources: verdict.sources)
            supporting.append(add(.observation(observation), id: observation.id ?? ""))
        }
    }

    // MARK: Safety and pseudo-resistance

    private mutating func addSafety() {
        for (position, flag) in report.safety.enumerated() {
            let id = newID("safety", String(position), flag.id)
            var issue = R4.DetectedIssue(
                id: id, status: "final", code: Self.stepwise("safety-\(FHIRExportText.code(flag.id))", flag.title), patient: subject)
            issue.severity = FHIRExportText.severity(flag.level)
            issue.identifiedDateTime = asOf
            issue.detail = FHIRExportText.clip(
                "\(flag.title) (level \(flag.level)). Evidence: \(flag.evidence.joined(separator: "; ")). Suggested action: \(flag.action) Rule: \(flag.rule). Sources: \(flag.sources.joined(separator: ", ")).")
            issue.reference = FHIRExportText.ruleURI(flag.rule)
            if !flag.evidence.isEmpty {
                issue.evidence = [R4.DetectedIssue.Evidence(code: flag.evidence.map { Self.text(FHIRExportText.clip($0)) })]
            }
            _ = add(.detectedIssue(issue), id: id)
        }
    }

    private mutating func addPseudoResistance() {
        for item in report.pseudoResistance {
            let code = "pseudo-resistance-\(FHIRExportText.code(item.id))"
            var observation = assessmentObservation(code, "Pseudo-resistance check: \(item.title)", idParts: "pseudo-resistance", item.id)
            observation.valueCodeableConcept = Self.stepwise(FHIRExportText.code(item.status), item.status)
            var text = item.evidence.joined(separator: "; ")
            if let suggestion = item.suggestion { text += (text.isEmpty ? "" : "\n") + "Suggestion: \(suggestion)" }
            text += "\nRule: \(item.rule)"
            observation.note = FHIRExportText.notes(text, sources: item.source.split(separator: " ").map(String.init))
            let reference = add(.observation(observation), id: observation.id ?? "")
            guard item.status == "present" else { continue }
            let id = newID("pseudo-resistance-issue", item.id)
            var issue = R4.DetectedIssue(id: id, status: "final", code: Self.stepwise(code, item.title), patient: subject)
            issue.severity = "moderate"
            issue.identifiedDateTime = asOf
            issue.detail = FHIRExportText.clip(
                "Possible pseudo-resistance: \(item.title). Evidence: \(item.evidence.joined(separator: "; ")).\(item.suggestion.map { " Suggestion: \($0)" } ?? "")")
            issue.reference = FHIRExportText.ruleURI(item.rule)
            issue.evidence = [R4.DetectedIssue.Evidence(detail: [reference])]
            _ = add(.detectedIssue(issue), id: id)
        }
    }

    private mutating func addMonitoring() {
        for (position, item) in report.monitoring.enumerated() {
            var observation = assessmentObservation(
                "monitoring-\(FHIRExportText.code(item.id))", "Measurement-based care: \(item.id)", idParts: "monitoring", String(position), item.id)
            observation.valueString = FHIRExportText.clip(item.message)
            observation.interpretation = [Self.stepwise("level-\(FHIRExportText.code(item.level))", item.level)]
            observation.note = FHIRExportText.notes(
                (item.evidence + ["Rule: \(item.rule)"]).joined(separator: "\n"), sources: item.sources)
            _ = add(.observation(observation), id: observation.id ?? "")
        }
    }

    // MARK: Plan

    private mutating func addCarePlan() {
        guard !report.plan.isEmpty else { return }
        let id = newID("careplan")
        var plan = R4.CarePlan(id: id, status: "draft", intent: "proposal", subject: subject)
        plan.title = "Next-step options to consider (Stepwise decision support)"
        plan.description = "Ranked options for the treating clinician to consider; none is an order. Each shows why it applies, its evidence and cautions."
        plan.created = asOf
        plan.category = [Self.stepwise("next-step-options", "Next-step options")]
        if !supporting.isEmpty { plan.supportingInfo = supporting }
        plan.activity = report.plan.sorted { $0.rank < $1.rank }.map { option in
            var detail = R4.CarePlan.Detail(status: "not-started", code: Self.stepwise("plan-\(FHIRExportText.code(option.id))", option.title))
            var evidence = option.evidence.guideline
            if let line = option.evidence.line { evidence += ", \(line) line" }
            if let level = option.evidence.level { evidence += ", level \(level)" }
            var description = "Rank \(option.rank) (\(option.category)): \(option.title). Evidence: \(evidence)."
            if !option.cautions.isEmpty { description += " Cautions: \(option.cautions.joined(separator: " "))" }
            description += " Rule: \(option.rule). Sources: \(option.sources.joined(separator: ", "))."
            detail.description = FHIRExportText.clip(description)
            detail.reasonCode = [Self.text(FHIRExportText.clip(option.rationale))]
            // A blocked option is kept so the clinician sees what was considered, marked as one not to do.
            if option.blocked { detail.doNotPerform = true }
            return R4.CarePlan.Activity(detail: detail)
        }
        _ = add(.carePlan(plan), id: id)
    }
}

/// Small text helpers for export: FHIR codes and ids have restricted character sets.
enum FHIRExportText {
    /// A FHIR `code` (no leading/trailing or repeated whitespace): spaces become hyphens.
    static func code(_ text: String) -> String {
        let cleaned = text.trimmingWhitespace.split(whereSeparator: \.isWhitespace).joined(separator: "-")
        return cleaned.isEmpty ? "unknown" : cleaned
    }

    /// Whether `text` is a valid FHIR id (`[A-Za-z0-9\-\.]{1,64}`).
    static func isValidID(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64
            && text.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" || $0 == "." }
    }

    /// `text` when it is a valid id, else a stable UUID-shaped id derived from it.
    static func id(_ text: String) -> String { isValidID(text) ? text : StableID.uuid("patient", text) }

    /// DetectedIssue severity from a Stepwise level.
    static func severity(_ level: String) -> String {
        switch level {
        case "critical", "high": "high"
        case "moderate", "medium": "moderate"
        default: "low"
        }
    }

    /// A URI for a rule (`stepwise explain <rule>`).
    static func ruleURI(_ rule: String) -> String {
        "http://stepwise.example.org/fhir/rule/\(code(rule).addingPercentEncodingForURI)"
    }

    /// Notes: the text and its sources.
    static func notes(_ text: String, sources: [String]) -> [R4.Annotation]? {
        var notes: [R4.Annotation] = []
        if !text.trimmingWhitespace.isEmpty { notes.append(R4.Annotation(text: clip(text))) }
        if !sources.isEmpty { notes.append(R4.Annotation(text: "Sources: \(sources.joined(separator: ", "))")) }
        return notes.isEmpty ? nil : notes
    }

    /// FHIR strings must not be empty and should stay reasonable in size.
    static func clip(_ text: String) -> String {
        let trimmed = text.trimmingWhitespace
        if trimmed.isEmpty { return "-" }
        return trimmed.count > 4000 ? String(trimmed.prefix(4000)) + "…" : trimmed
    }
}

extension String {
    /// Percent-encodes everything but unreserved URI characters.
    var addingPercentEncodingForURI: String {
        var result = ""
        for byte in utf8 {
            let scalar = Unicode.Scalar(byte)
            if (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))) || "-._~".unicodeScalars.contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return result
    }

    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
