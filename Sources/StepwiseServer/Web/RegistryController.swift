// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import Hummingbird
import StepwiseCore
import StepwiseStorage

/// The caseload registry: every patient with last PHQ-9, change since baseline, weeks in current
/// treatment, TRD verdict and stage, and flags; sort, filter, search, CSV export. Reads cached rows
/// (``ClinicServices/registry(organizationID:)``), never assesses the whole caseload per request.
struct RegistryController {
    let services: ClinicServices

    func addRoutes(to router: Router<StepwiseRequestContext>) {
        router.get("/patients") { request, context in
            let identity = try context.require(.readPatients)
            let query = RegistryQuery(form: FormData(encoded: request.uri.query ?? ""))
            let view = try await services.registry(organizationID: identity.organization.id, query: query)
            try await services.audit(.read, "registry", nil, identity: identity, remote: context.remoteAddress)
            return WebPage.response(page(view: view, query: query, context: context, identity: identity))
        }
        router.get("/patients.csv") { request, context in
            let identity = try context.require(.readPatients)
            let query = RegistryQuery(form: FormData(encoded: request.uri.query ?? ""))
            let rows = try await services.registry(organizationID: identity.organization.id, query: query).rows
            try await services.audit(.export, "registry", nil, identity: identity, remote: context.remoteAddress)
            var headers = HTTPFields()
            headers[.contentType] = "text/csv; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"caseload-\(services.today()).csv\""
            return Response(
                status: .ok, headers: headers,
                body: .init(byteBuffer: ByteBuffer(string: RegistryCSV.make(rows))))
        }
    }

    func page(
        view: (rows: [RegistrySummary], counts: [String: Int], all: Int), query: RegistryQuery, context: StepwiseRequestContext,
        identity: Identity
    ) -> HTML {
        let pageRows = query.page(ofFiltered: view.rows)
        let total = view.rows.count
        let counts = RegistryFlag.allCases.map { flag in (flag, view.counts[flag.rawValue] ?? 0) }
        let trdCount = view.counts["trd"] ?? 0
        let summary = HTML.join(
            counts.map { flag, count in
                "<li><a href=\"/patients?flag=\(flag.rawValue)\"><span class=\"tag \(flag.rawValue)\">\(flag.label)</span> \(count)</a></li>"
            })
        let flagOptions = HTML.join(
            ([("", "Any"), ("trd", "TRD definition met")] + RegistryFlag.allCases.map { ($0.rawValue, $0.label) }).map { value, label in
                "<option value=\"\(value)\"\(query.flag == value || (query.flag == nil && value.isEmpty) ? " selected" : "")>\(label)</option>"
            })
        func header(_ title: String, _ key: RegistryQuery.SortKey, numeric: Bool = false) -> HTML {
            let active = query.sort == key
            let nextDescending = active ? !query.descending : (key != .patient)
            let sortState = active ? (query.descending ? "descending" : "ascending") : "none"
            return """
                <th scope="col" aria-sort="\(sortState)"\(numeric ? " class=\"num\"" as HTML : .empty)>\
                <a href="/patients?\(query.queryString(sort: key, descending: nextDescending))">\(title)\(active ? (query.descending ? " ▼" : " ▲") : "")</a></th>
                """
        }
        let body = HTML.join(pageRows.map(row))
        let pages = max(1, (total + query.pageSize - 1) / query.pageSize)
        let pager: HTML = """
            <nav class="pager" aria-label="Pages">\
            \(query.page > 1 ? "<a href=\"/patients?\(query.queryString(page: query.page - 1))\">Previous</a>" as HTML : .empty)\
            <span>Page \(query.page) of \(pages) · \(total) patient\(total == 1 ? "" : "s")</span>\
            \(query.page < pages ? "<a href=\"/patients?\(query.queryString(page: query.page + 1))\">Next</a>" as HTML : .empty)</nav>
            """
        let newPatient: HTML = context.can(.createPatient) ? "<a class=\"button\" href=\"/patients/new\">Add a patient</a>" : .empty
        let main: HTML = """
            <h1>Caseload</h1>\
            <div class="actions">\(newPatient)<a class="button secondary" href="/patients.csv?\(query.queryString())">Export CSV</a></div>\
            <section aria-labelledby="needs"><h2 id="needs" class="visually-hidden">Needs attention</h2>\
            <ul class="legend">\(summary)<li><a href="/patients?flag=trd"><span class="tag met">TRD met</span> \(trdCount)</a></li></ul></section>\
            <form class="filters" method="get" action="/patients" role="search">\
            <div><label for="q">Search patient id</label><input id="q" name="q" type="search" value="\(query.search ?? "")"></div>\
            <div><label for="flag">Flag</label><select id="flag" name="flag">\(flagOptions)</select></div>\
            <input type="hidden" name="sort" value="\(query.sort.rawValue)"><input type="hidden" name="dir" value="\(query.descending ? "desc" : "asc")">\
            <button type="submit">Filter</button></form>\
            <div class="table-wrap"><table><caption class="muted">As of \(services.today()). Change is from the first PHQ-9 of the episode; negative is improvement.</caption>\
            <thead><tr>\(header("Patient", .patient))\(header("Last PHQ-9", .phq9, numeric: true))\
            \(header("Change", .change, numeric: true))\(header("Weeks in treatment", .weeks, numeric: true))\
            <th scope="col">TRD</th>\(header("Stage", .stage, numeric: true))\(header("Flags", .flags))</tr></thead>\
            <tbody>\(body)</tbody></table></div>\(pager)
            """
        return WebPage.render(title: "Caseload", identity: identity, main: main)
    }

    func row(_ row: RegistrySummary) -> HTML {
        let phq9: HTML = row.lastPHQ9.map { "<strong>\($0)</strong><br><span class=\"muted nowrap\">\(row.lastPHQ9Date?.description ?? "")</span>" } ?? "—"
        let change: HTML = row.changeSinceBaselinePercent.map { value in
            let css = value <= -50 ? "improved" : (value > 0 ? "worse" : "")
            return "<span class=\"\(css)\">\(DocumentFormat.percent(value))</span>"
        } ?? "—"
        let trd: HTML = row.trdDefinitionsMet.isEmpty
            ? "<span class=\"muted\">not met</span>"
            : HTML.join(row.trdDefinitionsMet.map { "<span class=\"tag met\">\($0)</span>" })
        let flags = HTML.join(
            row.flags.map { id in
                "<span class=\"tag \(id)\">\(RegistryFlag(rawValue: id)?.label ?? id)</span>"
            })
        return """
            <tr><th scope="row"><a href="/patients/\(FormData.encode(row.patientID))">\(row.patientID)</a></th>\
            <td class="num">\(phq9)</td><td class="num">\(change)</td>\
            <td class="num">\(row.weeksInCurrentTreatment.map(String.init) ?? "—")</td><td>\(trd)</td>\
            <td class="num">\(row.thaseRushStage.map(String.init) ?? "—")</td><td>\(flags)</td></tr>
            """
    }
}
