// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import Hummingbird
import StepwiseCore
import StepwiseStorage

/// Care team: flags assigned to people, the psychiatric review list, and notes.
struct CareTeamController {
    let services: ClinicServices

    func addRoutes(to router: Router<StepwiseRequestContext>) {
        router.post("/patients/{id}/flags") { _, context in
            let identity = try context.require(.careTeam)
            let id = try context.patientID()
            let form = context.form ?? FormData([])
            let kind = form["kind"] ?? CareFlag.psychiatricReview
            guard FlagKinds.all.contains(where: { $0.0 == kind }) else {
                throw StepwiseError(.invalidInput, "Unknown flag kind.", at: "kind")
            }
            let assignee = try await validAssignee(form["assignee"], identity: identity)
            _ = try await services.loadPatient(id, identity: identity, remote: context.remoteAddress)
            let flag = CareFlag(
                organizationID: identity.organization.id, patientID: id, kind: kind, assignedTo: assignee,
                createdAt: services.clock.now())
            try await services.store.createFlag(flag)
            try await services.audit(.create, "flag", flag.id, identity: identity, remote: context.remoteAddress)
            return Response.redirect(to: "/patients/\(FormData.encode(id))?saved=flag#team")
        }
        router.post("/patients/{id}/notes") { _, context in
            let identity = try context.require(.careTeam)
            let id = try context.patientID()
            guard let text = context.form?["text"], text.count <= 10_000 else {
                throw StepwiseError(.invalidInput, "A note needs text (at most 10,000 characters).", at: "text")
            }
            _ = try await services.loadPatient(id, identity: identity, remote: context.remoteAddress)
            let note = CareNote(
                organizationID: identity.organization.id, patientID: id, authorID: identity.user.id, text: text,
                createdAt: services.clock.now())
            try await services.store.addNote(note)
            try await services.audit(.create, "note", note.id, identity: identity, remote: context.remoteAddress)
            return Response.redirect(to: "/patients/\(FormData.encode(id))?saved=note#team")
        }
        router.post("/flags/{flagID}") { _, context in
            let identity = try context.require(.careTeam)
            let form = context.form ?? FormData([])
            let flagID = try context.parameters.require("flagID")
            let status = form["status"].flatMap(CareFlag.Status.init(rawValue:)) ?? .open
            let assignee = try await validAssignee(form["assignee"], identity: identity)
            let updated = try await services.store.updateFlag(
                id: flagID, organizationID: identity.organization.id, status: status, assignedTo: assignee,
                at: services.clock.now())
            try await services.audit(.update, "flag", updated.id, identity: identity, remote: context.remoteAddress)
            let back = form["back"].flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil } ?? "/flags"
            return Response.redirect(to: back)
        }
        router.get("/flags") { request, context in
            let identity = try context.require(.readPatients)
            let query = FormData(encoded: request.uri.query ?? "")
            let mine = query["mine"] == "1"
            let flags = try await services.store.flags(
                organizationID: identity.organization.id, patientID: nil, assignedTo: mine ? identity.user.id : nil, kind: nil,
                status: .open)
            try await services.audit(.read, "flags", nil, identity: identity, remote: context.remoteAddress)
            let users = try await services.store.users(organizationID: identity.organization.id)
            let main: HTML = """
                <h1>Open flags</h1><p><a href="/flags">All</a> · <a href="/flags?mine=1">Assigned to me</a></p>\
                \(flagTable(flags, users: users, identity: identity, back: mine ? "/flags?mine=1" : "/flags"))
                """
            return WebPage.response(WebPage.render(title: "Flags", identity: identity, main: main))
        }
        router.get("/review") { _, context in
            let identity = try context.require(.readPatients)
            let flagged = try await services.store.psychiatricReviewList(organizationID: identity.organization.id)
            let rows = try await services.registry(organizationID: identity.organization.id)
            try await services.audit(.read, "review-list", nil, identity: identity, remote: context.remoteAddress)
            let users = try await services.store.users(organizationID: identity.organization.id)
            let flaggedIDs = Set(flagged.map(\.patientID))
            let due = rows.filter { $0.flags.contains(RegistryFlag.psychiatricReview.rawValue) && !flaggedIDs.contains($0.patientID) }
            let dueRows = HTML.join(
                due.map { row in
                    """
                    <tr><th scope="row"><a href="/patients/\(FormData.encode(row.patientID))">\(row.patientID)</a></th>\
                    <td class="num">\(row.lastPHQ9.map(String.init) ?? "—")</td><td class="num">\(DocumentFormat.percent(row.changeSinceBaselinePercent))</td>\
                    <td class="num">\(row.weeksInCurrentTreatment.map(String.init) ?? "—")</td>\
                    <td>\(HTML.join(row.flags.map { "<span class=\"tag \($0)\">\(RegistryFlag(rawValue: $0)?.label ?? $0)</span>" }))</td>\
                    <td>\(context.can(.careTeam) ? "<form method=\"post\" action=\"/patients/\(FormData.encode(row.patientID))/flags\"><input type=\"hidden\" name=\"_csrf\" value=\"\(identity.csrfToken ?? "")\"><input type=\"hidden\" name=\"kind\" value=\"psychiatric-review\"><button type=\"submit\" class=\"secondary\">Add to review list</button></form>" as HTML : .empty)</td></tr>
                    """
                })
            let main: HTML = """
                <h1>Psychiatric case review</h1>\
                <section aria-labelledby="listed"><h2 id="listed">On the review list</h2>\(flagTable(flagged, users: users, identity: identity, back: "/review"))</section>\
                <section aria-labelledby="due"><h2 id="due">Due by treat-to-target or safety, not yet listed</h2>\
                <p class="muted">Not improving by ≥ 50 % after 8–12 weeks on the current plan, or a high safety signal.</p>\
                \(due.isEmpty ? "<p>None.</p>" as HTML : """
                <div class="table-wrap"><table><thead><tr><th scope="col">Patient</th><th scope="col" class="num">Last PHQ-9</th>\
                <th scope="col" class="num">Change</th><th scope="col" class="num">Weeks</th><th scope="col">Flags</th><th scope="col">Action</th></tr></thead>\
                <tbody>\(dueRows)</tbody></table></div>
                """)</section>
                """
            return WebPage.response(WebPage.render(title: "Psychiatric review", identity: identity, main: main))
        }
    }

    func validAssignee(_ id: String?, identity: Identity) async throws -> String? {
        guard let id else { return nil }
        guard let user = try await services.store.user(id: id), user.organizationID == identity.organization.id else {
            throw StepwiseError(.invalidInput, "The assignee is not a member of this clinic.", at: "assignee")
        }
        return user.id
    }

    func flagTable(_ flags: [CareFlag], users: [User], identity: Identity, back: String) -> HTML {
        guard !flags.isEmpty else { return "<p>No open flags.</p>" }
        let csrf: HTML = "<input type=\"hidden\" name=\"_csrf\" value=\"\(identity.csrfToken ?? "")\"><input type=\"hidden\" name=\"back\" value=\"\(back)\">"
        let options = users.filter { $0.role != .admin }
        let rows = HTML.join(
            flags.map { flag in
                let assigned = users.first { $0.id == flag.assignedTo }?.displayName ?? "unassigned"
                let choices = HTML.join(
                    options.map { "<option value=\"\($0.id)\"\($0.id == flag.assignedTo ? " selected" as HTML : .empty)>\($0.displayName)</option>" })
                return """
                    <tr><th scope="row"><a href="/patients/\(FormData.encode(flag.patientID))">\(flag.patientID)</a></th>\
                    <td>\(FlagKinds.title(flag.kind))</td><td>\(assigned)</td><td>\(flag.createdAt.formatted(.iso8601.year().month().day()))</td>\
                    <td><form method="post" action="/flags/\(FormData.encode(flag.id))" class="filters">\(csrf)\
                    <label class="visually-hidden" for="assign-\(flag.id)">Assign</label><select id="assign-\(flag.id)" name="assignee"><option value="">Unassigned</option>\(choices)</select>\
                    <label class="visually-hidden" for="status-\(flag.id)">Status</label><select id="status-\(flag.id)" name="status">\
                    <option value="open">open</option><option value="resolved">resolved</option><option value="dismissed">dismissed</option></select>\
                    <button type="submit" class="secondary">Update</button></form></td></tr>
                    """
            })
        return """
            <div class="table-wrap"><table><thead><tr><th scope="col">Patient</th><th scope="col">Flag</th><th scope="col">Assigned to</th>\
            <th scope="col">Raised</th><th scope="col">Update</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
    }
}
