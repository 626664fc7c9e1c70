// SPDX-License-Identifier: Apache-2.0

/// The `bipolar-signal` and `psychotic-features` safety notes.
///
/// - `bipolar-signal`: an active bipolar diagnosis (condition or episode code), or a most recent
///   MDQ that is positive and not followed by a clinician ruling bipolar disorder out. Antidepressant
///   monotherapy is not recommended (CANMAT/ISBD).
/// - `psychotic-features`: the episode records psychotic features (field or code such as F32.3), an
///   active psychotic disorder, or a clinician finding. ECT is first line for psychotic depression
///   (CANMAT 2023).
struct DiagnosticSignals: Sendable {
    let record: PatientRecord
    let measurements: [ScoredMeasurement]
    let knowledge: KnowledgeBase
    /// `knowledge.conditions`, read once.
    let catalog: ConditionCatalog
    /// Whether evidence lines are built (otherwise a flag's evidence holds one empty line per
    /// observation, enough to decide whether it is raised).
    let rendering: Bool

    /// Appends an observation (its text only when rendering).
    private func add(_ evidence: inout [String], _ text: @autoclosure () -> String) {
        evidence.append(rendering ? text() : "")
    }

    /// The same signals with evidence text.
    var rendered: DiagnosticSignals {
        DiagnosticSignals(record: record, measurements: measurements, knowledge: knowledge, catalog: catalog, rendering: true)
    }

    func bipolar() -> SafetyFlag? {
        var evidence: [String] = []
        var ruledOutDay = Int.min
        for condition in record.conditions where catalog.category(of: condition) == "bipolar" {
            let label = condition.display ?? condition.code ?? "bipolar disorder"
            switch condition.effectiveStatus {
            case .active:
                add(&evidence, "Active diagnosis: " + label + (condition.date.map { " on " + $0.description } ?? ""))
            case .ruledOut, .resolved:
                ruledOutDay = max(ruledOutDay, condition.date?.dayNumber ?? Int.min)
            }
        }
        for finding in record.findings where finding.check == "bipolar-spectrum" {
            if finding.status == .present {
                add(&evidence, "Clinician finding: bipolar spectrum present" + (finding.date.map { " on " + $0.description } ?? ""))
            } else {
                ruledOutDay = max(ruledOutDay, finding.date?.dayNumber ?? Int.min)
            }
        }
        if let diagnosis = record.episode?.diagnosis, let code = diagnosis.code,
            catalog.category(forCode: code, system: diagnosis.system) == "bipolar"
        {
            add(&evidence, "Episode diagnosis " + code + " is a bipolar disorder code")
        }
        if let mdq = measurements.last(where: { $0.instrument.utf8.count == 3 && $0.instrument == "mdq" }), mdq.flags.contains("screen-positive"),
            mdq.date.dayNumber > ruledOutDay
        {
            add(&evidence, "MDQ positive on " + mdq.date.description + " (screen; not a diagnosis)")
        }
        guard !evidence.isEmpty else { return nil }
        return SafetyFlag(
            id: "bipolar-signal", level: "high", title: "Bipolar signal", evidence: evidence,
            action:
                "Reassess for bipolar disorder before any antidepressant change; avoid antidepressant monotherapy and consider a mood-stabiliser route.",
            rule: "bipolar-signal", sources: knowledge.plan.safety.bipolarSources)
    }

    func psychoticFeatures() -> SafetyFlag? {
        var evidence: [String] = []
        if let diagnosis = record.episode?.diagnosis {
            if diagnosis.psychoticFeatures == true { add(&evidence, "Episode diagnosis: psychotic features present") }
            if let code = diagnosis.code, catalog.indicatesPsychoticFeatures(code: code, system: diagnosis.system) {
                add(&evidence, "Episode diagnosis " + code + " records psychotic features")
            }
        }
        for condition in record.conditions where condition.effectiveStatus == .active {
            let category = catalog.category(of: condition)
            let psychoticCode = condition.code.map { catalog.indicatesPsychoticFeatures(code: $0, system: condition.system) } ?? false
            guard category == "psychotic-disorder" || psychoticCode else { continue }
            add(&evidence, "Active diagnosis: " + (condition.display ?? condition.code ?? "psychotic disorder"))
        }
        let findings = record.findings.filter { $0.check == "psychotic-features" }
        if let latest = findings.max(by: { ($0.date?.dayNumber ?? Int.min) < ($1.date?.dayNumber ?? Int.min) }),
            latest.status == .present
        {
            add(&evidence, "Clinician finding: psychotic features present" + (latest.date.map { " on " + $0.description } ?? ""))
        }
        guard !evidence.isEmpty else { return nil }
        return SafetyFlag(
            id: "psychotic-features", level: "high", title: "Psychotic features", evidence: evidence,
            action:
                "Urgent psychiatric review: psychotic depression calls for an antidepressant plus an antipsychotic, or ECT (first line).",
            rule: "psychotic-features", sources: knowledge.plan.safety.psychoticSources)
    }
}
