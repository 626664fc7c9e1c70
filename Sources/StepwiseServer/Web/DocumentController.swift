// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import Hummingbird
import StepwiseCore
import StepwiseStorage

/// Documents as printable HTML (print stylesheet) and as Markdown (`?format=md`). Every document
/// produced is audited as an export of patient data.
struct DocumentController {
    let services: ClinicServices

    func addRoutes(to router: Router<StepwiseRequestContext>) {
        router.get("/patients/{id}/documents/{kind}") { request, context in
            let identity = try context.require(.readPatients)
            let id = try context.patientID()
            let query = FormData(encoded: request.uri.query ?? "")
            guard let documentRequest = DocumentRequest(kind: try context.parameters.require("kind"), query: query) else {
                throw ServerError.notFound
            }
            let stored = try await services.loadPatient(id, identity: identity, remote: context.remoteAddress, action: .export)
            let document = try make(documentRequest, stored: stored, identity: identity)
            if query["format"] == "md" || query["format"] == "markdown" {
                return markdownResponse(document, id: id)
            }
            return WebPage.response(page(document, request: documentRequest, stored: stored, identity: identity, query: query))
        }
    }

    func make(_ request: DocumentRequest, stored: StoredPatient, identity: Identity) throws -> ClinicalDocument {
        let report = try services.assess(stored.record)
        let context = DocumentContext(
            patientLabel: stored.id, clinicName: identity.organization.name, author: identity.user.displayName,
            date: services.today(), knowledge: services.knowledge)
        return request.make(record: stored.record, report: report, context: context)
    }

    func markdownResponse(_ document: ClinicalDocument, id: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/markdown; charset=utf-8"
        headers[.contentDisposition] = "inline; filename=\"\(document.kind.rawValue).md\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: DocumentRenderer.markdown(document))))
    }

    func page(_ document: ClinicalDocument, request: DocumentRequest, stored: StoredPatient, identity: Identity, query: FormData) -> HTML {
        let base = "/patients/\(FormData.encode(stored.id))/documents/\(request.kind.rawValue)"
        var markdownQuery = query.pairs.filter { $0.name != "format" }.map { "\(FormData.encode($0.name))=\(FormData.encode($0.value))" }
        markdownQuery.append("format=md")
        let options: HTML
        switch request.kind {
        case .referralPacket:
            options = """
                <form method="get" action="\(base)" class="filters">\(Field.select("target", label: "Requested treatment", options: ReferralTarget.allCases.map { ($0.rawValue, $0.title) }, selected: request.target.rawValue, errors: FormErrors()))\
                <button type="submit">Update</button></form>
                """
        case .pcpLetter:
            options = """
                <form method="get" action="\(base)" class="filters">\(Field.text("recipient", label: "Addressed to", value: request.recipient, errors: FormErrors()))\
                <button type="submit">Update</button></form>
                """
        case .relapsePrevention:
            func area(_ name: String, _ label: String, _ values: [String]) -> HTML {
                "<div class=\"field\"><label for=\"\(name)\">\(label) <span class=\"hint\">one per line</span></label><textarea id=\"\(name)\" name=\"\(name)\">\(values.joined(separator: "\n"))</textarea></div>"
            }
            options = """
                <details><summary>Personalise the plan with the patient</summary><form method="get" action="\(base)">\
                \(area("triggers", "Triggers", request.relapse.triggers))\(area("warningSigns", "Early warning signs", request.relapse.warningSigns))\
                \(area("copingSteps", "Coping steps", request.relapse.copingSteps))\(area("supports", "People who can help", request.relapse.supports))\
                \(Field.text("contact", label: "How to reach the clinic", value: request.relapse.clinicContact, errors: FormErrors()))\
                <button type="submit">Update plan</button></form></details>
                """
        default:
            options = .empty
        }
        let main: HTML = """
            <div class="doc-toolbar"><a href="/patients/\(FormData.encode(stored.id))">Back to patient</a>\
            <button type="button" data-print hidden>Print</button>\
            <a href="\(base)?\(markdownQuery.joined(separator: "&"))">Markdown</a></div>\(options)\
            \(DocumentRenderer.html(document))
            """
        return WebPage.render(title: document.title, identity: identity, main: main, bodyClass: "document-page")
    }
}
