// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import Hummingbird
import StepwiseStorage

/// The page frame of the web app: landmarks, navigation by role, skip link, flash message.
public enum WebPage {
    /// A complete HTML page.
    public static func render(
        title: String, identity: Identity?, main: HTML, flash: HTML? = nil, bodyClass: String = ""
    ) -> HTML {
        let nav: HTML
        if let identity {
            var links: [HTML] = []
            if Permission.readPatients.allowed(for: identity.user.role) {
                links.append("<li><a href=\"/patients\">Caseload</a></li>")
                links.append("<li><a href=\"/review\">Psychiatric review</a></li>")
                links.append("<li><a href=\"/flags\">Flags</a></li>")
            }
            if Permission.manageUsers.allowed(for: identity.user.role) {
                links.append("<li><a href=\"/admin/users\">Users</a></li>")
                links.append("<li><a href=\"/admin/audit\">Audit log</a></li>")
            }
            links.append("<li><a href=\"/account/tokens\">API tokens</a></li>")
            nav = """
                <nav aria-label="Main"><ul>\(links)</ul></nav>\
                <div class="who"><span>\(identity.user.displayName) · \(identity.user.role.title) · \(identity.organization.name)</span>\
                <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="\(identity.csrfToken ?? "")">\
                <button type="submit" class="link">Sign out</button></form></div>
                """
        } else {
            nav = .empty
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">\
            <meta name="viewport" content="width=device-width, initial-scale=1">\
            <title>\(title) · Stepwise</title><link rel="stylesheet" href="/static/app.css">\
            <script src="/static/app.js" defer></script></head>\
            <body class="\(bodyClass)"><a class="skip" href="#main">Skip to content</a>\
            <header class="site"><a class="brand" href="/">Stepwise</a>\(nav)</header>\
            <main id="main" tabindex="-1">\(flash.map { "<div class=\"flash\" role=\"status\">\($0)</div>" as HTML } ?? .empty)\(main)</main>\
            <footer class="site"><p>Stepwise is decision support for clinicians. It does not make decisions: \
            check every suggestion against the clinical record.</p></footer></body></html>
            """
    }

    /// An HTML response.
    public static func response(_ html: HTML, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html.rendered)))
    }

    /// A friendly error page.
    public static func errorPage(problem: Problem, identity: Identity?) -> Response {
        let hint: HTML =
            switch problem.status {
            case .notFound: "<p>The page or patient does not exist, or belongs to another clinic.</p>"
            case .forbidden: "<p>Ask your clinic's administrator if you need access.</p>"
            case .conflict: "<p>Reload the page to see the latest version, then enter your change again.</p>"
            default: .empty
            }
        let main: HTML = """
            <section class="error" aria-labelledby="err"><h1 id="err">\(problem.title)</h1>\
            <p>\(problem.detail)</p>\(hint)<p><a href="/">Back to the caseload</a></p></section>
            """
        return response(render(title: problem.title, identity: identity, main: main), status: problem.status)
    }
}
