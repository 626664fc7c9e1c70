// SPDX-License-Identifier: Apache-2.0

/// `lithium-monitoring` and `t3-monitoring`: lab monitoring due while lithium or liothyronine (T3)
/// is part of the current plan (CANMAT 2023 Q.5.d, Table 5.1).
enum AgentLabChecks {
    static func evaluate(
        _ plan: CurrentPlan, record: PatientRecord, context: AssessmentContext, knowledge: KnowledgeBase
    ) -> [MonitoringItem] {
        var items: [MonitoringItem] = []
        var seen: [String] = []
        for trial in plan.trials where trial.kind == .medication {
            guard let name = knowledge.drugs.drug(named: trial.agent)?.name, !seen.contains(name) else { continue }
            seen.append(name)
            switch name {
            case "lithium":
                items.append(
                    check(
                        id: "lithium-monitoring", agent: "Lithium", labID: "lithium",
                        what: "lithium level (trough, target 0.5–0.8 mmol/L), electrolytes, calcium, creatinine/eGFR and TSH",
                        record: record, context: context, knowledge: knowledge))
            case "liothyronine":
                items.append(
                    check(
                        id: "t3-monitoring", agent: "T3 (liothyronine)", labID: "tsh", what: "thyroid function tests",
                        record: record, context: context, knowledge: knowledge))
            default:
                break
            }
        }
        return items
    }

    static func check(
        id: String, agent: String, labID: String, what: String, record: PatientRecord, context: AssessmentContext,
        knowledge: KnowledgeBase
    ) -> MonitoringItem {
        let interval = knowledge.plan.monitoring.agentLabIntervalDays
        let sources = ["canmat-2023"] + interval.sources
        let labs = record.labs.filter { knowledge.conditions.lab(forCode: $0.test)?.id == labID && $0.date <= context.asOf }
        guard let latest = labs.max(by: { $0.date < $1.date }),
            latest.date.days(to: context.asOf) <= interval.value
        else {
            let last = labs.max(by: { $0.date < $1.date })
            let evidence =
                last.map { [labName(labID, knowledge) + " last on " + $0.date.description] }
                ?? ["No " + labName(labID, knowledge) + " recorded"]
            return MonitoringItem(
                id: id, level: "warning",
                message: agent + " is part of the current plan: " + what + " due (none in the last \(interval.value) days).",
                evidence: evidence, rule: id, sources: sources)
        }
        var message = agent + " monitoring up to date"
        var level = "info"
        if let definition = knowledge.conditions.lab(forCode: latest.test) {
            let reading = definition.read(latest)
            if reading.isAbnormal {
                level = "warning"
                message = agent + ": latest " + definition.title + " is " + reading.status.rawValue
                    + " — review the dose and " + what + "."
            }
        }
        let evidence = [
            labName(labID, knowledge) + " " + ChecklistInputs.number(latest.value) + (latest.unit.map { " " + $0 } ?? "")
                + " on " + latest.date.description
        ]
        return MonitoringItem(id: id, level: level, message: message, evidence: evidence, rule: id, sources: sources)
    }

    static func labName(_ id: String, _ knowledge: KnowledgeBase) -> String {
        knowledge.conditions.lab(forCode: id)?.title ?? id
    }
}
