// SPDX-License-Identifier: Apache-2.0

/// `lithium-monitoring` and `t3-monitoring`: lab monitoring due while lithium or liothyronine (T3)
/// is part of the current plan (CANMAT 2023 Q.5.d, Table 5.1).
enum AgentLabChecks {
    /// The monitored agents.
    enum Agent: Sendable {
        case lithium, liothyronine
    }

    /// The monitored agents among the current plan's medications, in the order they first appear.
    static func agents(_ shared: SharedRecord, asOf: LocalDate, knowledge: KnowledgeBase) -> [Agent] {
        // The shared record's trials, read in place (not a copy of the record).
        let trials = shared.record.trials
        var agents: [Agent] = []
        var drugs: DrugCatalog?
        for index in trials.indices
        where trials[index].kind == .medication && CurrentPlan.isActive(trials[index], asOf: asOf) {
            if drugs == nil { drugs = knowledge.drugs }
            guard let name = drugs?.drug(named: trials[index].agent)?.name else { continue }
            let agent: Agent
            switch name {
            case "lithium": agent = .lithium
            case "liothyronine": agent = .liothyronine
            default: continue
            }
            if !agents.contains(agent) { agents.append(agent) }
        }
        return agents
    }

    static func check(
        _ agent: Agent, record: SharedRecord, context: AssessmentContext, knowledge: KnowledgeBase, rendering: Bool
    ) -> MonitoringItem {
        switch agent {
        case .lithium:
            check(
                id: "lithium-monitoring", agent: "Lithium", labID: "lithium",
                what: "lithium level (trough" + lithiumTarget(knowledge) + "), electrolytes, calcium, creatinine/eGFR and TSH",
                record: record, context: context, knowledge: knowledge, rendering: rendering)
        case .liothyronine:
            check(
                id: "t3-monitoring", agent: "T3 (liothyronine)", labID: "tsh", what: "thyroid function tests",
                record: record, context: context, knowledge: knowledge, rendering: rendering)
        }
    }

    /// ", target 0.5–0.8 mmol/L": the lithium lab's range in `conditions.json` (empty without one).
    static func lithiumTarget(_ knowledge: KnowledgeBase) -> String {
        guard let lab = knowledge.conditions.lab(forCode: "lithium"), let below = lab.below, let above = lab.above else {
            return ""
        }
        return ", target " + TrialText.oneDecimal(below.value) + "–" + TrialText.oneDecimal(above.value) + " " + lab.unit
    }

    static func check(
        id: String, agent: String, labID: String, what: String, record: SharedRecord, context: AssessmentContext,
        knowledge: KnowledgeBase, rendering: Bool
    ) -> MonitoringItem {
        let interval = knowledge.plan.monitoring.agentLabIntervalDays
        let sources = ["canmat-2023"] + interval.sources
        let conditions = knowledge.conditions
        let labs = record.record.labs.filter { conditions.lab(forCode: $0.test)?.id == labID && $0.date <= context.asOf }
        guard let latest = labs.max(by: { $0.date < $1.date }),
            latest.date.days(to: context.asOf) <= interval.value
        else {
            guard rendering else {
                return MonitoringItem(id: id, level: "warning", message: "", evidence: [], rule: id, sources: sources)
            }
            let last = labs.max(by: { $0.date < $1.date })
            let evidence =
                last.map { [labName(labID, knowledge) + " last on " + $0.date.description] }
                ?? ["No " + labName(labID, knowledge) + " recorded"]
            return MonitoringItem(
                id: id, level: "warning",
                message: agent + " is part of the current plan: " + what + " due (none in the last \(interval.value) days).",
                evidence: evidence, rule: id, sources: sources)
        }
        var message = rendering ? agent + " monitoring up to date" : ""
        var level = "info"
        if let definition = conditions.lab(forCode: latest.test) {
            let reading = definition.read(latest)
            if reading.isAbnormal {
                level = "warning"
                if rendering {
                    message = agent + ": latest " + definition.title + " is " + reading.status.rawValue
                        + " — review the dose and " + what + "."
                }
            }
        }
        let evidence =
            rendering
            ? [
                labName(labID, knowledge) + " " + ChecklistInputs.number(latest.value) + (latest.unit.map { " " + $0 } ?? "")
                    + " on " + latest.date.description
            ] : []
        return MonitoringItem(id: id, level: level, message: message, evidence: evidence, rule: id, sources: sources)
    }

    static func labName(_ id: String, _ knowledge: KnowledgeBase) -> String {
        knowledge.conditions.lab(forCode: id)?.title ?? id
    }
}
