// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import StepwiseCore
import StepwiseStorage

/// Administration: users of the organisation, the audit log (view and CSV export), and each
/// user's own API tokens.
struct AdminController {
    let services: ClinicServices

    func addRoutes(to router: Router<StepwiseRequestContext>) {
        addAccountRoutes(to: router)
        router.get("/admin/users") { _, context in
            let identity = try context.require(.manageUsers)
            return WebPage.response(try await usersPage(identity: identity, values: FormData([]), errors: FormErrors(), flash: nil))
        }
        router.post("/admin/users") { _, context in
            let identity = try context.require(.manageUsers)
            let values = context.form ?? FormData([])
            var errors = FormErrors()
            let email = (values["email"] ?? "").lowercased()
            if !email.contains("@") || email.count > 200 { errors.add("email", "E-mail: enter an e-mail address.") }
            let name = values["name"] ?? ""
            if name.isEmpty { errors.add("name", "Name: enter the name shown to colleagues.") }
            let password = values.raw("password") ?? ""
            if password.count < 12 { errors.add("password", "Password: use at least 12 characters.") }
            let role = values["role"].flatMap(UserRole.init(rawValue:))
            if role == nil { errors.add("role", "Role: choose a role.") }
            if errors.isEmpty, try await services.store.user(email: email) != nil {
                errors.add("email", "E-mail: a user with this e-mail exists.")
            }
            guard errors.isEmpty, let role else {
                return WebPage.response(
                    try await usersPage(identity: identity, values: values, errors: errors, flash: nil), status: .unprocessableContent)
            }
            let user = User(
                organizationID: identity.organization.id, email: email, displayName: name, role: role,
                passwordHash: Bcrypt.hash(password, cost: services.configuration.bcryptCost), createdAt: services.clock.now())
            try await services.store.createUser(user)
            try await services.audit(.create, "user", user.id, identity: identity, remote: context.remoteAddress)
            return WebPage.response(
                try await usersPage(identity: identity, values: FormData([]), errors: FormErrors(), flash: "User \(email) added as \(role.title)."))
        }
        router.post("/admin/users/{userID}/password") { _, context in
            let identity = try context.require(.manageUsers)
            let password = context.form?.raw("password") ?? ""
            guard var user = try await services.store.user(id: try context.parameters.require("userID")),
                user.organizationID == identity.organization.id
            else { throw ServerError.notFound }
            guard password.count >= 12 else {
                return WebPage.response(
                    try await usersPage(identity: identity, values: FormData([]), errors: FormErrors(), flash: "Not changed: a password needs at least 12 characters."),
                    status: .unprocessableContent)
            }
            user.passwordHash = Bcrypt.hash(password, cost: services.configuration.bcryptCost)
            try await services.store.updateUser(user)
            try await services.store.deleteSessions(userID: user.id)
            try await services.audit(.update, "user", user.id, identity: identity, remote: context.remoteAddress)
            return WebPage.response(
                try await usersPage(identity: identity, values: FormData([]), errors: FormErrors(), flash: "Password of \(user.email) changed; their sessions were ended."))
        }
        router.get("/admin/audit") { request, context in
            let identity = try context.require(.readAudit)
            let query = FormData(encoded: request.uri.query ?? "")
            let after = query["after"].flatMap(Int64.init)
            let events = try await services.store.auditEvents(organizationID: identity.organization.id, after: after, limit: 200)
            try await services.audit(.read, "audit-log", nil, identity: identity, remote: context.remoteAddress)
            let users = try await services.store.users(organizationID: identity.organization.id)
            let rows = HTML.join(
                events.map { event in
                    let who = users.first { $0.id == event.userID }?.email ?? event.userID ?? "anonymous"
                    return """
                        <tr><td class="num">\(event.id.map(String.init) ?? "")</td><td>\(event.at.formatted(.iso8601))</td><td>\(who)</td>\
                        <td>\(event.action.rawValue)</td><td>\(event.resourceType)</td><td>\(event.resourceID ?? "")</td><td>\(event.remoteAddress ?? "")</td></tr>
                        """
                })
            let next: HTML = events.count == 200 ? "<a href=\"/admin/audit?after=\(events.last?.id ?? 0)\">Next 200</a>" : .empty
            let main: HTML = """
                <h1>Audit log</h1><p>Every read and write of patient data, sign-in and export, oldest first.</p>\
                <div class="actions"><a class="button secondary" href="/admin/audit.csv">Export CSV</a></div>\
                <div class="table-wrap"><table><thead><tr><th scope="col" class="num">#</th><th scope="col">When (UTC)</th><th scope="col">Who</th>\
                <th scope="col">Action</th><th scope="col">Resource</th><th scope="col">Id</th><th scope="col">From</th></tr></thead>\
                <tbody>\(rows)</tbody></table></div><nav class="pager" aria-label="Pages">\(next)</nav>
                """
            return WebPage.response(WebPage.render(title: "Audit log", identity: identity, main: main))
        }
        router.get("/admin/audit.csv") { _, context in
            let identity = try context.require(.readAudit)
            let users = try await services.store.users(organizationID: identity.organization.id)
            var csv = "id,at,user_id,user_email,action,resource_type,resource_id,remote_address\r\n"
            var after: Int64?
            while true {
                let page = try await services.store.auditEvents(organizationID: identity.organization.id, after: after, limit: 1000)
                for event in page {
                    let email = users.first { $0.id == event.userID }?.email ?? ""
                    let cells = [
                        event.id.map(String.init) ?? "", event.at.formatted(.iso8601), event.userID ?? "", email,
                        event.action.rawValue, event.resourceType, event.resourceID ?? "", event.remoteAddress ?? "",
                    ]
                    csv += cells.map(RegistryCSV.cell).joined(separator: ",") + "\r\n"
                }
                guard page.count == 1000, let last = page.last?.id else { break }
                after = last
            }
            try await services.audit(.export, "audit-log", nil, identity: identity, remote: context.remoteAddress)
            var headers = HTTPFields()
            headers[.contentType] = "text/csv; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"audit-\(services.today()).csv\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: csv)))
        }
        router.get("/account/tokens") { _, context in
            let identity = try context.require(.manageOwnTokens)
            return WebPage.response(try await tokensPage(identity: identity, newToken: nil))
        }
        router.post("/account/tokens") { _, context in
            let identity = try context.require(.manageOwnTokens)
            let name = String((context.form?["name"] ?? "API client").prefix(80))
            let token = "sw_" + Tokens.random()
            try await services.store.createAPIToken(
                APIToken(tokenHash: Tokens.hash(token), userID: identity.user.id, name: name, createdAt: services.clock.now()))
            try await services.audit(.create, "api-token", nil, identity: identity, remote: context.remoteAddress)
            return WebPage.response(try await tokensPage(identity: identity, newToken: token))
        }
        router.post("/account/tokens/revoke") { _, context in
            let identity = try context.require(.manageOwnTokens)
            if let hash = context.form?["hash"] {
                let mine = try await services.store.apiTokens(userID: identity.user.id)
                if mine.contains(where: { $0.tokenHash == hash }) {
                    try await services.store.deleteAPIToken(tokenHash: hash)
                    try await services.audit(.delete, "api-token", nil, identity: identity, remote: context.remoteAddress)
                }
            }
            return Response.redirect(to: "/account/tokens")
        }
    }

    func usersPage(identity: Identity, values: FormData, errors: FormErrors, flash: String?) async throws -> HTML {
        let users = try await services.store.users(organizationID: identity.organization.id)
        let csrf = identity.csrfToken ?? ""
        let rows = HTML.join(
            users.map { user in
                let id = FormData.encode(user.id)
                let isSelf = user.id == identity.user.id
                let status: HTML =
                    user.disabledAt.map { "Disabled \($0.formatted(.iso8601.year().month().day()))" as HTML } ?? "Active"
                let roleCell: HTML =
                    isSelf
                    ? "\(user.role.title) (you)"
                    : """
                    <form method="post" action="/admin/users/\(id)/role" class="filters"><input type="hidden" name="_csrf" value="\(csrf)">\
                    <label class="visually-hidden" for="role-\(user.id)">Role of \(user.email)</label>\
                    <select id="role-\(user.id)" name="role">\(HTML.join(UserRole.allCases.map { role in
                        "<option value=\"\(role.rawValue)\"\(role == user.role ? " selected" : "")>\(role.title)</option>" as HTML
                    }))</select><button type="submit" class="secondary">Change role</button></form>
                    """
                let statusAction: HTML =
                    isSelf
                    ? .empty
                    : user.isDisabled
                        ? """
                        <form method="post" action="/admin/users/\(id)/enable"><input type="hidden" name="_csrf" value="\(csrf)">\
                        <button type="submit" class="secondary">Enable \(user.email)</button></form>
                        """
                        : """
                        <form method="post" action="/admin/users/\(id)/disable" data-confirm="Disable \(user.email)? Their sessions end and their API tokens stop working.">\
                        <input type="hidden" name="_csrf" value="\(csrf)"><button type="submit" class="secondary">Disable \(user.email)</button></form>
                        """
                return """
                    <tr><td>\(user.displayName)</td><td>\(user.email)</td><td>\(roleCell)</td><td>\(user.createdAt.formatted(.iso8601.year().month().day()))</td>\
                    <td>\(status)\(statusAction)</td>\
                    <td><form method="post" action="/admin/users/\(id)/password" class="filters"><input type="hidden" name="_csrf" value="\(csrf)">\
                    <label class="visually-hidden" for="pw-\(user.id)">New password for \(user.email)</label><input id="pw-\(user.id)" name="password" type="password" autocomplete="new-password" minlength="12">\
                    <button type="submit" class="secondary">Set password</button></form></td></tr>
                    """ as HTML
            })
        let main: HTML = """
            <h1>Users of \(identity.organization.name)</h1>\
            <div class="table-wrap"><table><thead><tr><th scope="col">Name</th><th scope="col">E-mail</th><th scope="col">Role</th>\
            <th scope="col">Added</th><th scope="col">Status</th><th scope="col">Reset password (ends their sessions)</th></tr></thead><tbody>\(rows)</tbody></table></div>\(errors.summary())\
            <form method="post" action="/admin/users" novalidate><input type="hidden" name="_csrf" value="\(identity.csrfToken ?? "")">\
            <fieldset><legend>Add a user</legend>\
            \(Field.text("name", label: "Name", value: values["name"], errors: errors, required: true))\
            \(Field.text("email", label: "E-mail", value: values["email"], errors: errors, type: "email", required: true))\
            \(Field.select("role", label: "Role", options: UserRole.allCases.map { ($0.rawValue, $0.title) }, selected: values["role"], errors: errors))\
            \(Field.text("password", label: "Initial password", value: nil, errors: errors, type: "password", hint: "at least 12 characters; give it to the user in person", required: true, extra: " autocomplete=\"new-password\""))\
            <button type="submit">Add user</button></fieldset></form>
            """
        return WebPage.render(title: "Users", identity: identity, main: main, flash: flash.map { HTML(text: $0) })
    }

    func tokensPage(identity: Identity, newToken: String?) async throws -> HTML {
        let tokens = try await services.store.apiTokens(userID: identity.user.id)
        let rows = HTML.join(
            tokens.map { token in
                """
                <tr><td>\(token.name)</td><td>\(token.createdAt.formatted(.iso8601))</td><td><form method="post" action="/account/tokens/revoke" \
                data-confirm="Revoke this token? Clients using it stop working."><input type="hidden" name="_csrf" value="\(identity.csrfToken ?? "")">\
                <input type="hidden" name="hash" value="\(token.tokenHash)"><button type="submit" class="secondary">Revoke</button></form></td></tr>
                """
            })
        let shown: HTML = newToken.map {
            "<div class=\"notice\" role=\"status\"><p>Your new token (shown once; store it in the client's secret store):</p><p><code id=\"new-token\">\($0)</code></p><p>Use it as <code>Authorization: Bearer …</code> on <code>/api/v1/</code>.</p></div>"
        } ?? .empty
        let main: HTML = """
            <h1>API tokens</h1>\(shown)<p>Tokens act with your role in \(identity.organization.name). The API accepts only bearer tokens.</p>\
            <div class="table-wrap"><table><thead><tr><th scope="col">Name</th><th scope="col">Created</th><th scope="col">Revoke</th></tr></thead>\
            <tbody>\(rows)</tbody></table></div>\
            <form method="post" action="/account/tokens"><input type="hidden" name="_csrf" value="\(identity.csrfToken ?? "")">\
            \(Field.text("name", label: "Token name", value: nil, errors: FormErrors(), hint: "e.g. registry sync", required: true))\
            <button type="submit">Create token</button></form>
            """
        return WebPage.render(title: "API tokens", identity: identity, main: main)
    }
}

/// The explain page: the same text as `stepwise explain <id>`, from the rule catalogue.
struct ExplainController {
    let services: ClinicServices

    func addRoutes(to router: Router<StepwiseRequestContext>) {
        router.get("/explain/{rule}") { _, context in
            let identity = try context.require(.readPatients)
            let raw = try context.parameters.require("rule")
            let id = raw.removingPercentEncoding ?? raw
            guard let rule = services.knowledge.rules.rule(id) else {
                throw StepwiseError(.notFound, "No rule, check or option has this id.")
            }
            let sources = HTML.join(
                rule.sources.map { id in
                    let source = services.knowledge.rules.source(id)
                    let link: HTML = source?.url.map { url in url.hasPrefix("http") ? " <a href=\"\(url)\" rel=\"noreferrer\">link</a>" as HTML : .empty } ?? .empty
                    return "<li><strong>\(id)</strong> (\(source?.status.rawValue ?? "unknown")): \(source?.citation ?? "not in the knowledge base")\(link)</li>"
                })
            let main: HTML = """
                <h1>\(rule.title)</h1><p class="rule">\(rule.id) · \(rule.kind)\(rule.projectDecision == true ? " · project decision" : "")</p>\
                <div class="explain-text">\(rule.text.split(separator: "\n", omittingEmptySubsequences: true).map { "<p>\(String($0))</p>" as HTML })</div>\
                <h2>Inputs</h2><ul>\(rule.inputs.map { "<li>\($0)</li>" as HTML })</ul><h2>Sources</h2><ul>\(sources)</ul>
                """
            return WebPage.response(WebPage.render(title: rule.title, identity: identity, main: main))
        }
    }
}
