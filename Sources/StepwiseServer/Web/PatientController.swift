// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import Hummingbird
import StepwiseCore
import StepwiseStorage

/// Patient pages: enrolment and the patient page itself.
struct PatientController {
    let services: ClinicServices

    func addRoutes(to router: Router<StepwiseRequestContext>) {
        router.get("/patients/new") { _, context in
            let identity = try context.require(.createPatient)
            return WebPage.response(newPatientPage(identity: identity, form: FormData([]), errors: FormErrors()))
        }
        router.post("/patients") { _, context in
            try await create(context: context)
        }
        router.get("/patients/{id}") { request, context in
            let identity = try context.require(.readPatients)
            let id = try context.patientID()
            let stored = try await services.loadPatient(id, identity: identity, remote: context.remoteAddress)
            let query = FormData(encoded: request.uri.query ?? "")
            return WebPage.response(try await page(stored, identity: identity, context: context, query: query))
        }
    }

    func page(_ stored: StoredPatient, identity: Identity, context: StepwiseRequestContext, query: FormData) async throws -> HTML {
        let report = try services.assess(stored.record)
        let org = identity.organization.id
        let flags = try await services.store.flags(organizationID: org, patientID: stored.id, assignedTo: nil, kind: nil, status: nil)
        let notes = try await services.store.notes(organizationID: org, patientID: stored.id)
        let users = try await services.store.users(organizationID: org)
        let page = PatientPage(
            stored: stored, report: report, flags: flags, notes: notes, users: users, knowledge: services.knowledge,
            context: context, identity: identity)
        return page.render(flash: flash(query: query, report: report))
    }

    /// The confirmation shown after a save; for a questionnaire, its score and flags.
    func flash(query: FormData, report: AssessmentReport) -> HTML? {
        guard let saved = query["saved"] else { return nil }
        if saved == "measurement", let instrument = query["instrument"], let date = query["date"].flatMap(LocalDate.init) {
            guard let scored = report.measurements.last(where: { $0.instrument == instrument && $0.date == date }) else {
                return "Saved."
            }
            let flags = scored.flags.isEmpty ? "no flags" : "flags: \(scored.flags.joined(separator: ", "))"
            return """
                <span id="score-result">Saved \(DocumentFormat.instrument(instrument)) for \(date): total \
                <strong>\(scored.total.map(String.init) ?? "—")</strong>\(scored.band.map { " (\($0))" } ?? ""); \(flags).</span>
                """
        }
        let messages = [
            "patient": "Patient enrolled.", "trial": "Treatment saved.", "dose": "Dose change saved.", "end": "Treatment end saved.",
            "condition": "Condition saved.", "lab": "Lab result saved.", "finding": "Finding saved.", "goal": "Goal saved.",
            "episode": "Episode saved.", "flag": "Flag raised.", "note": "Note saved.",
        ]
        return messages[saved].map { HTML(text: $0) } ?? "Saved."
    }

    static let severities: [(String, String)] =
        [("", "Not coded")] + EpisodeSeverity.allCases.map { ($0.rawValue, $0.rawValue) }

    func newPatientPage(identity: Identity, form: FormData, errors: FormErrors, conflict: String? = nil) -> HTML {
        let main: HTML = """
            <h1>Add a patient</h1>\(errors.summary())\
            \(conflict.map { "<div class=\"banner\" role=\"alert\"><p>\($0)</p></div>" as HTML } ?? .empty)\
            <form method="post" action="/patients" novalidate><input type="hidden" name="_csrf" value="\(identity.csrfToken ?? "")">\
            \(Field.text("id", label: "Patient identifier", value: form["id"], errors: errors, hint: "the clinic's pseudonymous id or MRN; no names", required: true))\
            \(Field.text("birthDate", label: "Date of birth", value: form["birthDate"], errors: errors, type: "date"))\
            \(Field.select("sex", label: "Sex", options: [("", "Not recorded")] + Sex.allCases.map { ($0.rawValue, $0.rawValue) }, selected: form["sex"], errors: errors))\
            <fieldset><legend>Current episode</legend>\
            \(Field.text("onset", label: "Onset", value: form["onset"], errors: errors, type: "date"))\
            \(Field.text("diagnosisCode", label: "Diagnosis code", value: form["diagnosisCode"], errors: errors, hint: "ICD-10-CM, e.g. F33.2"))\
            \(Field.text("diagnosisDisplay", label: "Diagnosis", value: form["diagnosisDisplay"], errors: errors))\
            \(Field.select("severity", label: "Severity", options: Self.severities, selected: form["severity"], errors: errors))\
            \(Field.select("psychotic", label: "Psychotic features", options: [("", "Not assessed"), ("no", "No"), ("yes", "Yes")], selected: form["psychotic"], errors: errors))\
            \(Field.select("course", label: "Course", options: [("", "Not recorded"), ("single", "Single episode"), ("recurrent", "Recurrent")], selected: form["course"], errors: errors))\
            </fieldset><button type="submit">Add patient</button></form>
            """
        return WebPage.render(title: "Add a patient", identity: identity, main: main)
    }

    func create(context: StepwiseRequestContext) async throws -> Response {
        let identity = try context.require(.createPatient)
        let form = context.form ?? FormData([])
        var errors = FormErrors()
        let id = form["id"] ?? ""
        if id.isEmpty { errors.add("id", "Patient identifier: enter an identifier.") }
        if id.utf8.count > 64 || id.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" || $0.isNewline }) {
            errors.add("id", "Patient identifier: use at most 64 characters without / ? or #.")
        }
        let birthDate = errors.date(form, "birthDate", label: "Date of birth", required: false)
        let onset = errors.date(form, "onset", label: "Onset", required: false)
        let today = services.today()
        if let birthDate, birthDate > today { errors.add("birthDate", "Date of birth: cannot be in the future.") }
        if let onset, onset > today { errors.add("onset", "Onset: cannot be in the future.") }
        guard errors.isEmpty else {
            return WebPage.response(newPatientPage(identity: identity, form: form, errors: errors), status: .unprocessableContent)
        }
        var diagnosis: Diagnosis?
        if form["diagnosisCode"] != nil || form["diagnosisDisplay"] != nil || form["severity"] != nil || form["psychotic"] != nil {
            diagnosis = Diagnosis(
                code: form["diagnosisCode"], system: form["diagnosisCode"] == nil ? nil : .icd10, display: form["diagnosisDisplay"],
                severity: form["severity"].flatMap(EpisodeSeverity.init(rawValue:)),
                psychoticFeatures: form["psychotic"].map { $0 == "yes" })
        }
        let episode = Episode(onset: onset, diagnosis: diagnosis, course: form["course"].flatMap(Episode.Course.init(rawValue:)))
        let record = PatientRecord(
            id: id, birthDate: birthDate, sex: form["sex"].flatMap(Sex.init(rawValue:)), episode: episode)
        do {
            try await services.savePatient(record, expectedVersion: nil, identity: identity, remote: context.remoteAddress)
        } catch let error as StepwiseError where error.code == .conflict {
            errors.add("id", "Patient identifier: a patient with this identifier already exists.")
            return WebPage.response(newPatientPage(identity: identity, form: form, errors: errors), status: .conflict)
        }
        return Response.redirect(to: "/patients/\(FormData.encode(id))?saved=patient")
    }
}
