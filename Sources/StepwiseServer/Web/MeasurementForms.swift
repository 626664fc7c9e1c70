// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import Hummingbird
import StepwiseCore
import StepwiseStorage

/// Giving a questionnaire: the form is generated from the instrument definition (items with
/// their answer options; licensed instruments take a clinician-entered total), validated item by
/// item, scored by the engine, and saved against the version the clinician saw.
struct MeasurementForms {
    let services: ClinicServices

    func addRoutes(to router: Router<StepwiseRequestContext>) {
        router.get("/patients/{id}/measurements/new") { request, context in
            let identity = try context.require(.recordMeasurements)
            let stored = try await services.loadPatient(try context.patientID(), identity: identity, remote: context.remoteAddress)
            let query = FormData(encoded: request.uri.query ?? "")
            guard let instrumentID = query["instrument"] else {
                return WebPage.response(chooser(stored, identity: identity))
            }
            guard let definition = services.knowledge.instruments.instrument(instrumentID) else { throw ServerError.notFound }
            return WebPage.response(
                form(stored, definition: definition, identity: identity, values: FormData([]), errors: FormErrors()))
        }
        router.post("/patients/{id}/measurements") { _, context in
            try await submit(context: context)
        }
    }

    func chooser(_ stored: StoredPatient, identity: Identity) -> HTML {
        let base = "/patients/\(FormData.encode(stored.id))"
        let items = HTML.join(
            services.knowledge.instruments.all.map { definition in
                """
                <li class="card"><h3><a href="\(base)/measurements/new?instrument=\(FormData.encode(definition.id))">\(definition.name)</a></h3>\
                <p>\(definition.summary)</p><p class="muted">\(Self.takesTotal(definition) ? "Licensed: enter the total" : definition.totalsOnly ? "Licensed: enter the answers" : "\(definition.items.count) items")</p></li>
                """
            })
        let main: HTML = "<h1>Give a questionnaire</h1><p>Patient \(stored.id)</p><ul class=\"cards\">\(items)</ul>"
        return WebPage.render(title: "Give a questionnaire", identity: identity, main: main)
    }

    /// Whether the form asks for a clinician-entered total. A licensed scale with a total (MADRS,
    /// ISI) does; a licensed triage screen (the C-SSRS screener) has no total, so its form asks for
    /// the yes/no answers under Stepwise's own short labels (no item text is shipped).
    static func takesTotal(_ definition: InstrumentDefinition) -> Bool {
        definition.totalsOnly && definition.scoring.triage == nil
    }

    func form(
        _ stored: StoredPatient, definition: InstrumentDefinition, identity: Identity, values: FormData, errors: FormErrors,
        conflict: String? = nil, version: Int? = nil
    ) -> HTML {
        let base = "/patients/\(FormData.encode(stored.id))"
        var fields: [HTML] = []
        if Self.takesTotal(definition) {
            fields.append(
                Field.text(
                    "total", label: "Total score", value: values["total"], errors: errors, type: "number",
                    hint: "\(definition.minimumTotal ?? 0)–\(definition.maximumTotal ?? 0)", required: true,
                    extra: " inputmode=\"numeric\" min=\"\(definition.minimumTotal ?? 0)\" max=\"\(definition.maximumTotal ?? 0)\""))
            for number in definition.safetyItems {
                let item = definition.item(number)
                fields.append(
                    Field.text(
                        "item\(number)", label: "Item \(number): \(item?.label ?? "safety item")", value: values["item\(number)"],
                        errors: errors, type: "number", hint: "optional; answers above 0 raise a safety flag",
                        extra: " inputmode=\"numeric\" min=\"\(item?.minimum ?? 0)\" max=\"\(item?.maximum ?? 6)\""))
            }
        } else {
            for item in definition.items {
                let name = "item\(item.number)"
                let options = HTML.join(
                    item.options.map { option in
                        let checked = values[name] == String(option.value)
                        return """
                            <label><input type="radio" name="\(name)" value="\(option.value)"\(checked ? " checked" as HTML : .empty)\
                            \(item.optional ? .empty : " required" as HTML)> \(option.label) <span class="muted">(\(option.value))</span></label>
                            """
                    })
                let safety = definition.safetyItems.contains(item.number)
                fields.append(
                    """
                    <fieldset class="item" id="\(name)"\(errors.attributes(name))><legend>\(item.number). \(item.text ?? item.label)\
                    \(safety ? " <span class=\"tag safety\">safety item</span>" as HTML : .empty)\
                    \(item.optional ? " <span class=\"muted\">(optional)</span>" as HTML : .empty)</legend>\
                    \(errors.message(name))<div class="options">\(options)</div></fieldset>
                    """)
            }
            if let item = definition.difficultyItem {
                let name = "item\(item.number)"
                let options = HTML.join(
                    item.options.map { option in
                        let checked = values[name] == String(option.value)
                        return """
                            <label><input type="radio" name="\(name)" value="\(option.value)"\(checked ? " checked" as HTML : .empty)> \
                            \(option.label) <span class="muted">(\(option.value))</span></label>
                            """
                    })
                fields.append(
                    """
                    <fieldset class="item" id="\(name)"\(errors.attributes(name))><legend>\(item.number). \(item.text ?? item.label)\
                     <span class="muted">(optional, not scored)</span></legend>\(errors.message(name))<div class="options">\(options)</div></fieldset>
                    """)
            }
        }
        let banner: HTML = conflict.map { "<div class=\"banner\" role=\"alert\" id=\"conflict\"><h2>Not saved: the record changed</h2><p>\($0)</p></div>" } ?? .empty
        let main: HTML = """
            <h1>\(definition.name)</h1><p>Patient <a href="\(base)">\(stored.id)</a></p>\(banner)\(errors.summary())\
            <p class="muted">\(definition.licence)</p>\
            <form method="post" action="\(base)/measurements" novalidate><input type="hidden" name="_csrf" value="\(identity.csrfToken ?? "")">\
            <input type="hidden" name="instrument" value="\(definition.id)"><input type="hidden" name="version" value="\(version ?? stored.version)">\
            \(Field.text("date", label: "Date given", value: values["date"] ?? services.today().description, errors: errors, type: "date", required: true))\
            \(fields)<button type="submit">Score and save</button></form>
            """
        return WebPage.render(title: definition.name, identity: identity, main: main)
    }

    func submit(context: StepwiseRequestContext) async throws -> Response {
        let identity = try context.require(.recordMeasurements)
        let id = try context.patientID()
        let values = context.form ?? FormData([])
        let stored = try await services.loadPatient(id, identity: identity, remote: context.remoteAddress)
        guard let definition = values["instrument"].flatMap(services.knowledge.instruments.instrument) else {
            throw StepwiseError(.invalidInput, "Unknown instrument.", at: "instrument")
        }
        var errors = FormErrors()
        let date = errors.date(values, "date", label: "Date given")
        if let date, date > services.today() { errors.add("date", "Date given: cannot be in the future.") }
        let version = errors.integer(values, "version", label: "Version", range: 1...Int.max, required: true)
        var measurement = StepwiseCore.Measurement(instrument: definition.id, date: date ?? services.today())
        if Self.takesTotal(definition) {
            measurement.total = errors.integer(
                values, "total", label: "Total score", range: (definition.minimumTotal ?? 0)...(definition.maximumTotal ?? Int.max),
                required: true)
            var items: [String: Int] = [:]
            for number in definition.safetyItems {
                let item = definition.item(number)
                if let answer = errors.integer(
                    values, "item\(number)", label: "Item \(number)", range: (item?.minimum ?? 0)...(item?.maximum ?? 6))
                {
                    items[String(number)] = answer
                }
            }
            measurement.items = items.isEmpty ? nil : items
        } else {
            var answers: [Int?] = []
            for item in definition.items {
                let name = "item\(item.number)"
                guard let text = values[name] else {
                    if !item.optional { errors.add(name, "Item \(item.number) (\(item.label)): choose an answer.") }
                    answers.append(nil)
                    continue
                }
                guard let value = Int(text), item.minimum...item.maximum ~= value else {
                    errors.add(name, "Item \(item.number) (\(item.label)): \"\(text.prefix(10))\" is outside \(item.minimum)–\(item.maximum).")
                    answers.append(nil)
                    continue
                }
                answers.append(value)
            }
            if let item = definition.difficultyItem, let text = values["item\(item.number)"] {
                if let value = Int(text), item.minimum...item.maximum ~= value {
                    answers.append(value)
                } else {
                    errors.add(
                        "item\(item.number)", "Item \(item.number) (\(item.label)): \"\(text.prefix(10))\" is outside \(item.minimum)–\(item.maximum).")
                }
            }
            measurement.answers = answers
        }
        if errors.isEmpty {
            do {
                _ = try InstrumentScorer.score(measurement, sex: stored.record.sex, catalog: services.knowledge.instruments)
            } catch let error as StepwiseError {
                errors.add("date", error.description)
            }
        }
        guard errors.isEmpty, let version else {
            return WebPage.response(
                form(stored, definition: definition, identity: identity, values: values, errors: errors),
                status: .unprocessableContent)
        }
        do {
            try await services.updatePatient(id, expectedVersion: version, identity: identity, remote: context.remoteAddress) {
                $0.measurements.append(measurement)
            }
        } catch let error as StepwiseError where error.code == .conflict {
            let latest = try await services.loadPatient(id, identity: identity, remote: context.remoteAddress)
            return WebPage.response(
                form(
                    latest, definition: definition, identity: identity, values: values, errors: FormErrors(),
                    conflict: error.message + " Check the answers and submit again to save them on the latest version.",
                    version: latest.version),
                status: .conflict)
        }
        return Response.redirect(
            to: "/patients/\(FormData.encode(id))?saved=measurement&instrument=\(FormData.encode(definition.id))&date=\(measurement.date)")
    }
}
