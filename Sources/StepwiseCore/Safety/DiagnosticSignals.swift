// SPDX-License-Identifier: Apache-2.0

/// The `bipolar-signal` and `psychotic-features` safety notes.
///
/// - `bipolar-signal`: an active bipolar diagnosis (condition or episode code), a resolved one as a
///   history (bipolar disorder is lifelong; only "ruled-out" removes it), or a most recent
///   MDQ that is positive and not followed by a clinician ruling bipolar disorder out. Antidepressant
///   monotherapy is not recommended (CANMAT/ISBD).
/// - `psychotic-features`: the episode records psychotic features (field or code such as F32.3), an
///   active psychotic disorder, or a clinician finding. ECT is first line for psychotic depression
///   (CANMAT 2023).
struct DiagnosticSignals: Sendable {
    /// The record, shared with the other steps of the assessment.
    let shared: SharedRecord
    var record: PatientRecord { shared.record }
    let measurements: [ScoredMeasurement]
    let knowledge: KnowledgeBase
    /// `knowledge.conditions`, read once.
    let catalog: ConditionCatalog
    /// Whether evidence lines are built (otherwise a flag's evidence holds one empty line per
    /// observation, enough to decide whether it is raised).
    let rendering: Bool
    /// Per condition of the record: its category and whether its code records psychotic features
    /// (each code looked up once for both signals).
    let categories: [String?]
    let psychoticCodes: [Bool]
    /// The episode diagnosis code's mapping, looked up once.
    let episodeMapping: CodeMapping?

    init(
        shared: SharedRecord, measurements: [ScoredMeasurement], knowledge: KnowledgeBase, catalog: ConditionCatalog,
        rendering: Bool
    ) {
        self.shared = shared
        self.measurements = measurements
        self.knowledge = knowledge
        self.catalog = catalog
        self.rendering = rendering
        var categories: [String?] = []
        var psychoticCodes: [Bool] = []
        if !shared.record.conditions.isEmpty {
            categories.reserveCapacity(shared.record.conditions.count)
            psychoticCodes.reserveCapacity(shared.record.conditions.count)
            for condition in shared.record.conditions {
                let mapping = condition.code.flatMap { catalog.mapping(forCode: $0, system: condition.system) }
                if let explicit = condition.category, !explicit.isEmpty {
                    categories.append(explicit)
                } else {
                    categories.append(mapping?.category)
                }
                psychoticCodes.append(mapping?.psychoticFeatures ?? false)
            }
        }
        self.categories = categories
        self.psychoticCodes = psychoticCodes
        // Looked up once per assessment when the shared record carries it.
        episodeMapping = shared.diagnosisMapping ?? SharedRecord.diagnosisMapping(shared.record, catalog: catalog)
    }

    private init(rendering other: DiagnosticSignals) {
        shared = other.shared
        measurements = other.measurements
        knowledge = other.knowledge
        catalog = other.catalog
        rendering = true
        categories = other.categories
        psychoticCodes = other.psychoticCodes
        episodeMapping = other.episodeMapping
    }

    /// Appends an observation (its text only when rendering).
    private func add(_ evidence: inout [String], _ text: @autoclosure () -> String) {
        evidence.append(rendering ? text() : "")
    }

    /// The same signals with evidence text.
    var rendered: DiagnosticSignals {
        DiagnosticSignals(rendering: self)
    }

    /// Whether a resolved bipolar diagnosis still counts, as a history: the catalogue's checks that
    /// list the `bipolar` category count resolved diagnoses (``CheckDefinition/countsWhenResolved``).
    var resolvedBipolarCounts: Bool {
        catalog.checks.contains { $0.countsWhenResolved?.value == true && $0.categories.contains("bipolar") }
    }

    func bipolar() -> SafetyFlag? {
        var evidence: [String] = []
        var ruledOutDay = Int.min
        for (index, condition) in record.conditions.enumerated() where categories[index] == "bipolar" {
            let label = condition.display ?? condition.code ?? "bipolar disorder"
            switch condition.effectiveStatus {
            case .active:
                add(&evidence, "Active diagnosis: " + label + (condition.date.map { " on " + $0.description } ?? ""))
            case .resolved where resolvedBipolarCounts:
                // Bipolar disorder is lifelong: a resolved diagnosis is a history, never a ruling-out.
                add(&evidence, "History: " + label + " (resolved" + (condition.date.map { " on " + $0.description } ?? "") + ")")
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
            episodeMapping?.category == "bipolar"
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
            action: knowledge.plan.safety.flagActions.bipolar.text,
            rule: "bipolar-signal", sources: knowledge.plan.safety.bipolarSources)
    }

    func psychoticFeatures() -> SafetyFlag? {
        var evidence: [String] = []
        if let diagnosis = record.episode?.diagnosis {
            if diagnosis.psychoticFeatures == true { add(&evidence, "Episode diagnosis: psychotic features present") }
            if let code = diagnosis.code, episodeMapping?.psychoticFeatures ?? false {
                add(&evidence, "Episode diagnosis " + code + " records psychotic features")
            }
        }
        for (index, condition) in record.conditions.enumerated() where condition.effectiveStatus == .active {
            let category = categories[index]
            let psychoticCode = psychoticCodes[index]
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
            action: knowledge.plan.safety.flagActions.psychoticFeatures.text,
            rule: "psychotic-features", sources: knowledge.plan.safety.psychoticSources)
    }
}
