// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import Hummingbird
import StepwiseCore
import StepwiseStorage

/// Adding a treatment (medication with its dose timeline, psychotherapy course, neuromodulation
/// course), changing a dose and ending a treatment, with inline errors and conflict handling.
struct TrialForms {
    let services: ClinicServices

    static let doseRows = 6
    static let modalities = [
        "cbt", "behavioural-activation", "problem-solving", "ipt", "cbasp", "act", "dbt", "mbct", "trauma-focused",
        "family", "couples", "cbt-i",
    ]
    static let neuromodulation = ["ect", "rtms", "itbs", "vns", "tdcs"]

    func addRoutes(to router: Router<StepwiseRequestContext>) {
        router.get("/patients/{id}/trials/new") { _, context in
            let identity = try context.require(.editTreatment)
            let stored = try await services.loadPatient(try context.patientID(), identity: identity, remote: context.remoteAddress)
            return WebPage.response(form(stored, identity: identity, values: FormData([]), errors: FormErrors()))
        }
        router.post("/patients/{id}/trials") { _, context in
            try await submit(context: context)
        }
        router.post("/patients/{id}/trials/{index}/dose") { _, context in
            try await changeTrial(context: context, kind: "dose")
        }
        router.post("/patients/{id}/trials/{index}/end") { _, context in
            try await changeTrial(context: context, kind: "end")
        }
    }

    func form(
        _ stored: StoredPatient, identity: Identity, values: FormData, errors: FormErrors, conflict: String? = nil,
        version: Int? = nil
    ) -> HTML {
        let base = "/patients/\(FormData.encode(stored.id))"
        let agents = services.knowledge.drugs.all.map(\.name) + Self.modalities + Self.neuromodulation
        let datalist = HTML.join(agents.map { "<option value=\"\($0)\"></option>" })
        let dates = values.all("doseDate")
        let mgs = values.all("doseMg")
        var doseRows: [HTML] = []
        for row in 0..<max(Self.doseRows, dates.count) {
            let dateValue = row < dates.count ? dates[row] : ""
            let mgValue = row < mgs.count ? mgs[row] : ""
            let field = "dose\(row)"
            doseRows.append(
                """
                <div class="dose-row grid" id="\(field)">\(errors.message(field))\
                <div><label>Step \(row + 1): from<input type="date" name="doseDate" value="\(dateValue)"\(errors.attributes(field))></label></div>\
                <div><label>mg/day<input name="doseMg" inputmode="decimal" value="\(mgValue)"\(errors.attributes(field))></label></div></div>
                """)
        }
        let kinds = TreatmentTrial.Kind.allCases.map { ($0.rawValue, $0.rawValue) }
        let roles = [("", "Default for the kind")] + TreatmentTrial.Role.allCases.map { ($0.rawValue, $0.rawValue) }
        let reasons = [("", "Ongoing / not stopped")] + StopReason.allCases.map { ($0.rawValue, $0.rawValue) }
        let lateralities = [("", "Not recorded")] + ECTLaterality.allCases.map { ($0.rawValue, $0.rawValue) }
        let augments = [("", "—")] + stored.record.trials.enumerated().map { index, trial in
            (trial.id ?? "trial-\(index + 1)", "\(trial.agent) from \(trial.start)")
        }
        let banner: HTML = conflict.map { "<div class=\"banner\" role=\"alert\" id=\"conflict\"><h2>Not saved: the record changed</h2><p>\($0)</p></div>" } ?? .empty
        let main: HTML = """
            <h1>Add a treatment</h1><p>Patient <a href="\(base)">\(stored.id)</a></p>\(banner)\(errors.summary())\
            <form method="post" action="\(base)/trials" novalidate><input type="hidden" name="_csrf" value="\(identity.csrfToken ?? "")">\
            <input type="hidden" name="version" value="\(version ?? stored.version)">\
            \(Field.select("kind", label: "Kind", options: kinds, selected: values["kind"] ?? "medication", errors: errors))\
            \(Field.text("agent", label: "Medication or modality", value: values["agent"], errors: errors, hint: "generic name, e.g. sertraline; cbt; ect", required: true, extra: " list=\"agents\" autocomplete=\"off\""))\
            <datalist id="agents">\(datalist)</datalist>\
            \(Field.select("role", label: "Role", options: roles, selected: values["role"], errors: errors))\
            \(Field.select("augments", label: "Added to (augmentation or combination)", options: augments, selected: values["augments"], errors: errors))\
            <div class="grid">\(Field.text("start", label: "Start", value: values["start"], errors: errors, type: "date", required: true))\
            \(Field.text("end", label: "End", value: values["end"], errors: errors, type: "date", hint: "empty if ongoing"))</div>\
            <fieldset><legend>Dose timeline (medication)</legend><p class="hint muted">Each step applies from its date until the next. \
            Leave the dose empty if it is not known: the trial is then judged "unknown", never guessed.</p>\(doseRows)\
            <button type="button" class="secondary" data-add-dose-row hidden>Add a dose step</button></fieldset>\
            <fieldset><legend>Adherence</legend><div class="grid">\
            \(Field.text("pdc", label: "Days covered (%)", value: values["pdc"], errors: errors, hint: "from pharmacy fills", extra: " inputmode=\"decimal\""))\
            \(Field.text("estimate", label: "Clinician estimate (%)", value: values["estimate"], errors: errors, extra: " inputmode=\"decimal\""))\
            \(Field.text("adherenceSource", label: "Source", value: values["adherenceSource"], errors: errors, hint: "e.g. pharmacy-fills, pill-count"))</div>\
            <p class="hint muted">Leave empty when adherence was not verified.</p></fieldset>\
            <div class="grid">\(Field.select("stopReason", label: "Why it ended", options: reasons, selected: values["stopReason"], errors: errors))\
            \(Field.text("sessions", label: "Sessions (psychotherapy, ECT, rTMS)", value: values["sessions"], errors: errors, type: "number", extra: " min=\"0\""))\
            \(Field.select("laterality", label: "ECT electrode placement", options: lateralities, selected: values["laterality"], errors: errors))</div>\
            <button type="submit">Save treatment</button></form>
            """
        return WebPage.render(title: "Add a treatment", identity: identity, main: main)
    }

    /// Parses and validates the form into a trial; errors are added per field.
    func parse(_ values: FormData, errors: inout FormErrors, today: LocalDate) -> TreatmentTrial? {
        let kind = values["kind"].flatMap(TreatmentTrial.Kind.init(rawValue:)) ?? .medication
        let agent = (values["agent"] ?? "").lowercased()
        if agent.isEmpty { errors.add("agent", "Medication or modality: enter a name.") }
        if agent.count > 80 { errors.add("agent", "Medication or modality: at most 80 characters.") }
        if kind == .medication, !agent.isEmpty, services.knowledge.drugs.drug(named: agent) == nil {
            errors.add("agent", "Medication: \"\(agent.prefix(40))\" is not in the drug catalogue; use the generic name (the list suggests names).")
        }
        let start = errors.date(values, "start", label: "Start")
        let end = errors.date(values, "end", label: "End", required: false)
        if let start, start > today { errors.add("start", "Start: cannot be in the future.") }
        if let start, let end, end < start { errors.add("end", "End: \(end) is before the start \(start).") }
        var doses: [DoseStep] = []
        let dates = values.all("doseDate")
        let mgs = values.all("doseMg")
        for row in 0..<max(dates.count, mgs.count) {
            let dateText = row < dates.count ? dates[row].trimmingCharacters(in: .whitespaces) : ""
            let mgText = row < mgs.count ? mgs[row].trimmingCharacters(in: .whitespaces) : ""
            if dateText.isEmpty && mgText.isEmpty { continue }
            let field = "dose\(row)"
            guard let date = LocalDate(dateText) else {
                errors.add(field, "Dose step \(row + 1): enter the date the dose started (YYYY-MM-DD).")
                continue
            }
            if let start, date < start { errors.add(field, "Dose step \(row + 1): \(date) is before the start \(start).") }
            if let end, date > end { errors.add(field, "Dose step \(row + 1): \(date) is after the end \(end).") }
            if mgText.isEmpty {
                doses.append(DoseStep(from: date, mgPerDay: nil))
            } else if let mg = Double(mgText.replacingOccurrences(of: ",", with: ".")), mg > 0,
                mg <= DoseStep.plausibleMaximumMgPerDay
            {
                doses.append(DoseStep(from: date, mgPerDay: mg))
            } else {
                errors.add(
                    field,
                    "Dose step \(row + 1): \"\(mgText.prefix(12))\" is not a daily dose in mg (more than 0 and at most "
                        + "\(Int(DoseStep.plausibleMaximumMgPerDay)); leave it empty when the amount is not known).")
            }
        }
        if kind != .medication && !doses.isEmpty { errors.add("dose0", "Dose steps apply to medications only.") }
        let pdc = errors.number(values, "pdc", label: "Days covered", range: 0...100)
        let estimate = errors.number(values, "estimate", label: "Clinician estimate", range: 0...100)
        let sessions = errors.integer(values, "sessions", label: "Sessions", range: 0...1000)
        guard errors.isEmpty, let start else { return nil }
        let adherence = pdc == nil && estimate == nil
            ? nil : Adherence(percentDaysCovered: pdc, clinicianEstimate: estimate, source: values["adherenceSource"])
        return TreatmentTrial(
            id: nil, kind: kind, agent: agent, role: values["role"].flatMap(TreatmentTrial.Role.init(rawValue:)),
            augments: values["augments"], start: start, end: end, doses: doses.sorted { $0.from < $1.from },
            adherence: adherence, stopReason: values["stopReason"].flatMap(StopReason.init(rawValue:)), sessions: sessions,
            laterality: values["laterality"].flatMap(ECTLaterality.init(rawValue:)))
    }

    func submit(context: StepwiseRequestContext) async throws -> Response {
        let identity = try context.require(.editTreatment)
        let id = try context.patientID()
        let values = context.form ?? FormData([])
        let stored = try await services.loadPatient(id, identity: identity, remote: context.remoteAddress)
        var errors = FormErrors()
        let version = errors.integer(values, "version", label: "Version", range: 1...Int.max, required: true)
        guard var trial = parse(values, errors: &errors, today: services.today()), let version else {
            return WebPage.response(form(stored, identity: identity, values: values, errors: errors), status: .unprocessableContent)
        }
        do {
            try await services.updatePatient(id, expectedVersion: version, identity: identity, remote: context.remoteAddress) { record in
                trial.id = Self.newTrialID(record)
                record.trials.append(trial)
            }
        } catch let error as StepwiseError where error.code == .conflict {
            let latest = try await services.loadPatient(id, identity: identity, remote: context.remoteAddress)
            return WebPage.response(
                form(latest, identity: identity, values: values, errors: FormErrors(),
                     conflict: error.message + " Check the entry and save again.", version: latest.version),
                status: .conflict)
        }
        return Response.redirect(to: "/patients/\(FormData.encode(id))?saved=trial#trials")
    }

    /// `trial-N` with N one past the highest existing number.
    static func newTrialID(_ record: PatientRecord) -> String {
        let numbers = record.trials.compactMap { trial -> Int? in
            guard let id = trial.id, id.hasPrefix("trial-") else { return nil }
            return Int(id.dropFirst(6))
        }
        return "trial-\(max(numbers.max() ?? 0, record.trials.count) + 1)"
    }

    func changeTrial(context: StepwiseRequestContext, kind: String) async throws -> Response {
        let identity = try context.require(.editTreatment)
        let id = try context.patientID()
        let values = context.form ?? FormData([])
        guard let index = context.parameters.get("index", as: Int.self) else { throw ServerError.notFound }
        var errors = FormErrors()
        let version = errors.integer(values, "version", label: "Version", range: 1...Int.max, required: true)
        let date = errors.date(values, "date", label: "Date")
        let mg = kind == "dose" ? errors.number(values, "mg", label: "Dose (mg/day)", range: 0.001...DoseStep.plausibleMaximumMgPerDay, required: true) : nil
        let reason = values["reason"].flatMap(StopReason.init(rawValue:))
        guard errors.isEmpty, let version, let date else {
            throw StepwiseError(.invalidInput, errors.order.compactMap { errors[$0] }.joined(separator: " "))
        }
        let change: TrialChange = kind == "dose" ? .dose(DoseStep(from: date, mgPerDay: mg)) : .end(date, reason: reason)
        try await services.updatePatient(id, expectedVersion: version, identity: identity, remote: context.remoteAddress) { record in
            guard record.trials.indices.contains(index) else { throw ServerError.notFound }
            try change.apply(to: &record, trial: index)
        }
        return Response.redirect(to: "/patients/\(FormData.encode(id))?saved=\(kind)#trials")
    }
}
