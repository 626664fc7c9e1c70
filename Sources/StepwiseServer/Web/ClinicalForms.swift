// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import Hummingbird
import StepwiseCore
import StepwiseStorage

/// Conditions, labs, pseudo-resistance findings, functional goals and the episode.
struct ClinicalForms {
    let services: ClinicServices

    /// Every category record validation accepts (suicide-risk, psychotic-disorder, alcohol-use, …), after
    /// "from the code"; a hand-kept list here once lacked the safety categories.
    static let categories = [""] + RecordVocabularyLists.conditionCategories
    static let labs = [("tsh", "TSH (mIU/L)"), ("free-t4", "Free T4"), ("vitamin-d-25oh", "25-OH vitamin D"), ("lithium", "Lithium (mmol/L)"), ("sodium", "Sodium")]
    /// The pseudo-resistance checks and the findings the planner reads (`seasonal-pattern`).
    static let checks = RecordVocabularyLists.findingChecks

    func addRoutes(to router: Router<StepwiseRequestContext>) {
        router.get("/patients/{id}/clinical/new") { _, context in
            let identity = try context.require(.editTreatment)
            let stored = try await services.loadPatient(try context.patientID(), identity: identity, remote: context.remoteAddress)
            return WebPage.response(page(stored, identity: identity, values: FormData([]), errors: FormErrors(), which: nil))
        }
        for which in ["conditions", "labs", "findings", "goals", "episode"] {
            router.post("/patients/{id}/\(which)") { _, context in
                try await submit(context: context, which: which)
            }
        }
    }

    func page(_ stored: StoredPatient, identity: Identity, values: FormData, errors: FormErrors, which: String?) -> HTML {
        let base = "/patients/\(FormData.encode(stored.id))"
        func v(_ form: String, _ name: String) -> String? { which == form ? values[name] : nil }
        let noErrors = FormErrors()
        func e(_ form: String) -> FormErrors { which == form ? errors : noErrors }
        let csrf: HTML = "<input type=\"hidden\" name=\"_csrf\" value=\"\(identity.csrfToken ?? "")\"><input type=\"hidden\" name=\"version\" value=\"\(stored.version)\">"
        let today = services.today().description
        let episode = stored.record.episode
        let main: HTML = """
            <h1>Episode, conditions, labs, findings and goals</h1><p>Patient <a href="\(base)">\(stored.id)</a></p>\(errors.summary())\
            <div class="cards">\
            <form class="card" method="post" action="\(base)/conditions" novalidate>\(csrf)<h2>Condition</h2>\
            \(Field.select("c-category", label: "Category", options: Self.categories.map { ($0, $0.isEmpty ? "From the code" : $0) }, selected: v("conditions", "c-category"), errors: e("conditions")))\
            \(Field.text("c-code", label: "Code", value: v("conditions", "c-code"), errors: e("conditions"), hint: "ICD-10-CM, e.g. E03.9"))\
            \(Field.text("c-display", label: "Description", value: v("conditions", "c-display"), errors: e("conditions")))\
            \(Field.select("c-status", label: "Status", options: Condition.Status.allCases.map { ($0.rawValue, $0.rawValue) }, selected: v("conditions", "c-status"), errors: e("conditions")))\
            \(Field.text("c-date", label: "Date", value: v("conditions", "c-date") ?? today, errors: e("conditions"), type: "date"))\
            <button type="submit">Save condition</button></form>\
            <form class="card" method="post" action="\(base)/labs" novalidate>\(csrf)<h2>Lab result</h2>\
            \(Field.select("l-test", label: "Test", options: Self.labs, selected: v("labs", "l-test"), errors: e("labs")))\
            \(Field.text("l-value", label: "Value", value: v("labs", "l-value"), errors: e("labs"), required: true, extra: " inputmode=\"decimal\""))\
            \(Field.text("l-unit", label: "Unit", value: v("labs", "l-unit"), errors: e("labs"), hint: "e.g. mIU/L, ng/mL, nmol/L"))\
            \(Field.text("l-date", label: "Sample date", value: v("labs", "l-date") ?? today, errors: e("labs"), type: "date", required: true))\
            <button type="submit">Save lab</button></form>\
            <form class="card" method="post" action="\(base)/findings" novalidate>\(csrf)<h2>Pseudo-resistance finding</h2>\
            \(Field.select("f-check", label: "Check", options: Self.checks.map { ($0, $0) }, selected: v("findings", "f-check"), errors: e("findings")))\
            \(Field.select("f-status", label: "Result", options: [("absent", "absent (ruled out)"), ("present", "present")], selected: v("findings", "f-status"), errors: e("findings")))\
            \(Field.text("f-method", label: "How assessed", value: v("findings", "f-method"), errors: e("findings"), hint: "e.g. polysomnography"))\
            \(Field.text("f-date", label: "Date", value: v("findings", "f-date") ?? today, errors: e("findings"), type: "date"))\
            <button type="submit">Save finding</button></form>\
            <form class="card" method="post" action="\(base)/episode" novalidate>\(csrf)<h2>Current episode</h2>\
            \(Field.text("e-onset", label: "Onset", value: v("episode", "e-onset") ?? episode?.onset?.description, errors: e("episode"), type: "date"))\
            \(Field.text("e-code", label: "Diagnosis code", value: v("episode", "e-code") ?? episode?.diagnosis?.code, errors: e("episode"), hint: "ICD-10-CM, e.g. F33.2"))\
            \(Field.text("e-display", label: "Diagnosis", value: v("episode", "e-display") ?? episode?.diagnosis?.display, errors: e("episode")))\
            \(Field.select("e-severity", label: "Severity", options: PatientController.severities, selected: v("episode", "e-severity") ?? episode?.diagnosis?.severity?.rawValue, errors: e("episode")))\
            \(Field.select("e-psychotic", label: "Psychotic features", options: [("", "Not assessed"), ("no", "No"), ("yes", "Yes")], selected: v("episode", "e-psychotic") ?? episode?.diagnosis?.psychoticFeatures.map { $0 ? "yes" : "no" }, errors: e("episode")))\
            \(Field.select("e-course", label: "Course", options: [("", "Not recorded"), ("single", "Single episode"), ("recurrent", "Recurrent")], selected: v("episode", "e-course") ?? episode?.course?.rawValue, errors: e("episode")))\
            <button type="submit">Save episode</button></form>\
            <form class="card" method="post" action="\(base)/goals" novalidate>\(csrf)<h2>Functional goal</h2>\
            \(Field.text("g-description", label: "Goal in the patient's words", value: v("goals", "g-description"), errors: e("goals"), required: true))\
            \(Field.text("g-target", label: "Target date", value: v("goals", "g-target"), errors: e("goals"), type: "date"))\
            <button type="submit">Save goal</button></form></div>
            """
        return WebPage.render(title: "Clinical data", identity: identity, main: main)
    }

    func submit(context: StepwiseRequestContext, which: String) async throws -> Response {
        let identity = try context.require(.editTreatment)
        let id = try context.patientID()
        let values = context.form ?? FormData([])
        var errors = FormErrors()
        let version = errors.integer(values, "version", label: "Version", range: 1...Int.max, required: true)
        let today = services.today()
        var change: (@Sendable (inout PatientRecord) -> Void)?
        switch which {
        case "conditions":
            let date = errors.date(values, "c-date", label: "Date", required: false)
            let category = values["c-category"]
            if category == nil && values["c-code"] == nil { errors.add("c-code", "Condition: choose a category or enter a code.") }
            let condition = Condition(
                code: values["c-code"], system: values["c-code"] == nil ? nil : .icd10, category: category,
                display: values["c-display"], status: values["c-status"].flatMap(Condition.Status.init(rawValue:)), date: date)
            change = { $0.conditions.append(condition) }
        case "labs":
            let value = errors.number(values, "l-value", label: "Value", range: 0...100_000, required: true)
            let date = errors.date(values, "l-date", label: "Sample date")
            if let date, date > today { errors.add("l-date", "Sample date: cannot be in the future.") }
            if let value, let date {
                let lab = LabResult(test: values["l-test"] ?? "tsh", value: value, unit: values["l-unit"], date: date)
                change = { $0.labs.append(lab) }
            }
        case "findings":
            let date = errors.date(values, "f-date", label: "Date", required: false)
            let check = values["f-check"] ?? ""
            if !Self.checks.contains(check) { errors.add("f-check", "Check: choose one of the listed checks.") }
            let finding = ClinicalFinding(
                check: check, status: values["f-status"].flatMap(ClinicalFinding.FindingStatus.init(rawValue:)) ?? .absent,
                date: date, method: values["f-method"])
            change = { $0.findings.append(finding) }
        case "episode":
            let onset = errors.date(values, "e-onset", label: "Onset", required: false)
            if let onset, onset > today { errors.add("e-onset", "Onset: cannot be in the future.") }
            let diagnosis = Diagnosis(
                code: values["e-code"], system: values["e-code"] == nil ? nil : .icd10, display: values["e-display"],
                severity: values["e-severity"].flatMap(EpisodeSeverity.init(rawValue:)),
                psychoticFeatures: values["e-psychotic"].map { $0 == "yes" })
            let episode = Episode(onset: onset, diagnosis: diagnosis, course: values["e-course"].flatMap(Episode.Course.init(rawValue:)))
            change = { $0.episode = episode }
        default:
            let description = values["g-description"] ?? ""
            if description.isEmpty { errors.add("g-description", "Goal: describe the goal.") }
            let target = errors.date(values, "g-target", label: "Target date", required: false)
            let goal = FunctionalGoal(description: String(description.prefix(500)), set: today, target: target, status: "active")
            change = { $0.goals.append(goal) }
        }
        guard errors.isEmpty, let version, let change else {
            let stored = try await services.loadPatient(id, identity: identity, remote: context.remoteAddress)
            return WebPage.response(page(stored, identity: identity, values: values, errors: errors, which: which), status: .unprocessableContent)
        }
        try await services.updatePatient(id, expectedVersion: version, identity: identity, remote: context.remoteAddress, change)
        let saved = ["conditions": "condition", "labs": "lab", "findings": "finding", "goals": "goal", "episode": "episode"][which] ?? "patient"
        return Response.redirect(to: "/patients/\(FormData.encode(id))?saved=\(saved)")
    }
}

/// Mounts every data-entry form.
struct DataEntryController {
    let services: ClinicServices

    func addRoutes(to router: Router<StepwiseRequestContext>) {
        MeasurementForms(services: services).addRoutes(to: router)
        TrialForms(services: services).addRoutes(to: router)
        ClinicalForms(services: services).addRoutes(to: router)
    }
}
