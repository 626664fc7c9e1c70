// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import StepwiseStorage

/// Sign-in and sign-out: bcrypt passwords, throttled by e-mail and by address, sessions in the
/// store (only the token's hash), an HttpOnly SameSite=Lax cookie (Secure behind TLS).
struct SessionController {
    let services: ClinicServices

    /// A bcrypt hash of a random string: verified when the e-mail is unknown so that timing does
    /// not reveal which e-mails exist.
    static let decoyHash = Bcrypt.hash(Tokens.random(), cost: 4)

    func addRoutes(to router: Router<StepwiseRequestContext>) {
        router.get("/") { _, context in
            guard let identity = context.identity else { return Response.redirect(to: "/login") }
            return Response.redirect(to: identity.user.role == .admin ? "/admin/users" : "/patients")
        }
        router.get("/login") { request, context in
            let next = FormData(encoded: request.uri.query ?? "")["next"]
            return loginPage(next: next, error: nil, email: nil)
        }
        router.post("/login") { request, context in
            try await login(request: request, context: context)
        }
        router.post("/logout") { _, context in
            if let identity = context.identity, let hash = identity.sessionTokenHash {
                try await services.store.deleteSession(tokenHash: hash)
                try await services.audit(.logout, "session", nil, identity: identity, remote: context.remoteAddress)
            }
            var response = Response.redirect(to: "/login")
            response.setCookie(cookie(AuthenticationMiddleware.sessionCookie, value: "", maxAge: 0))
            return response
        }
    }

    func cookie(_ name: String, value: String, maxAge: Int) -> Cookie {
        Cookie(
            name: name, value: value, maxAge: maxAge, path: "/", secure: services.configuration.secureCookies,
            httpOnly: true, sameSite: .lax)
    }

    func loginPage(next: String?, error: String?, email: String?, status: HTTPResponse.Status = .ok) -> Response {
        let csrf = Tokens.random()
        let errorHTML: HTML = error.map { "<p class=\"field-error\" role=\"alert\" id=\"login-error\">\($0)</p>" } ?? .empty
        let main: HTML = """
            <section class="error" aria-labelledby="signin"><h1 id="signin">Sign in</h1>\(errorHTML)\
            <form method="post" action="/login"><input type="hidden" name="_csrf" value="\(csrf)">\
            <input type="hidden" name="next" value="\(next ?? "/")">\
            <div class="field"><label for="email">E-mail</label>\
            <input id="email" name="email" type="email" autocomplete="username" required value="\(email ?? "")"\
            \(error != nil ? " aria-describedby=\"login-error\" aria-invalid=\"true\"" as HTML : .empty)></div>\
            <div class="field"><label for="password">Password</label>\
            <input id="password" name="password" type="password" autocomplete="current-password" required></div>\
            <button type="submit">Sign in</button></form></section>
            """
        var response = WebPage.response(WebPage.render(title: "Sign in", identity: nil, main: main), status: status)
        response.setCookie(cookie(CSRFMiddleware.loginCookie, value: csrf, maxAge: 3600))
        return response
    }

    func login(request: Request, context: StepwiseRequestContext) async throws -> Response {
        let form = context.form ?? FormData([])
        let email = (form["email"] ?? "").lowercased()
        let password = form.raw("password") ?? ""
        let next = form["next"].flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil } ?? "/"
        let now = services.clock.now()
        // Per e-mail: the configured limit. Per address: four times that, so one client cannot lock
        // out a whole clinic that signs in through a shared proxy or NAT address.
        let keys = ["email:" + Tokens.hash(email), "addr:" + (context.remoteAddress ?? "unknown")]
        for key in keys {
            let limit = services.configuration.maxLoginFailures * (key.hasPrefix("addr:") ? 4 : 1)
            if let throttle = try await services.store.loginThrottle(key: key),
                throttle.failures >= limit,
                now.timeIntervalSince(throttle.windowStart) < services.configuration.loginWindow
            {
                try await services.audit(.loginFailed, "session", nil, identity: nil, remote: context.remoteAddress)
                return loginPage(next: next, error: ServerError.throttled.message, email: email, status: .tooManyRequests)
            }
        }
        let user = email.isEmpty ? nil : try await services.store.user(email: email)
        let valid = Bcrypt.verify(password, hash: user?.passwordHash ?? Self.decoyHash) && user != nil
        guard valid, let user, let organization = try await services.store.organization(id: user.organizationID) else {
            for key in keys {
                _ = try await services.store.recordLoginFailure(key: key, at: now, window: services.configuration.loginWindow)
            }
            try await services.audit(
                .loginFailed, "session", nil, identity: nil, remote: context.remoteAddress, organizationID: user?.organizationID)
            return loginPage(next: next, error: "The e-mail or password is not right.", email: email, status: .unauthorized)
        }
        for key in keys { try await services.store.resetLoginFailures(key: key) }
        if user.isDisabled {
            // Said only after the right password, so it tells nobody else whether the account exists.
            try await services.audit(
                .loginFailed, "session", nil, identity: nil, remote: context.remoteAddress, organizationID: user.organizationID)
            return loginPage(
                next: next, error: "This account is disabled. Ask an administrator of your clinic to enable it.",
                email: email, status: .forbidden)
        }
        let token = Tokens.random()
        let session = Session(
            tokenHash: Tokens.hash(token), userID: user.id,
            expiresAt: now.addingTimeInterval(services.configuration.sessionLifetime), csrfToken: Tokens.random())
        try await services.store.createSession(session)
        let identity = Identity(user: user, organization: organization, method: .session, csrfToken: session.csrfToken)
        try await services.audit(.login, "session", nil, identity: identity, remote: context.remoteAddress)
        let destination = next == "/" ? (user.role == .admin ? "/admin/users" : "/patients") : next
        var response = Response.redirect(to: destination)
        response.setCookie(
            cookie(AuthenticationMiddleware.sessionCookie, value: token, maxAge: Int(services.configuration.sessionLifetime)))
        response.setCookie(cookie(CSRFMiddleware.loginCookie, value: "", maxAge: 0))
        return response
    }
}
