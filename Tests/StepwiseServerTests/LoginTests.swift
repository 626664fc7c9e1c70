// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import StepwiseCore
import StepwiseServer
import StepwiseStorage
import Testing

@Suite struct LoginTests {
    /// GET /login, then POST it with the pre-sign-in cookie and token.
    static func signIn(_ http: TestHTTP, email: String, password: String) async throws -> TestResponse {
        let page = try await http.client.execute(uri: "/login", method: .get)
        let cookie = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("stepwise_login_csrf=") })
        let token = String(cookie.dropFirst("stepwise_login_csrf=".count).prefix { $0 != ";" })
        var headers = HTTPFields()
        headers[.cookie] = "stepwise_login_csrf=\(token)"
        headers[.contentType] = "application/x-www-form-urlencoded"
        let body = "_csrf=\(token)&email=\(FormData.encode(email))&password=\(FormData.encode(password))"
        return try await http.client.execute(uri: "/login", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test func correctPasswordStartsAHttpOnlySameSiteSession() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let response = try await Self.signIn(http, email: "Clinician@Example.org", password: "correct horse battery")
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/patients")
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("stepwise_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"), "plain HTTP on loopback")
            let token = String(cookie.dropFirst("stepwise_session=".count).prefix { $0 != ";" })
            var headers = HTTPFields()
            headers[.cookie] = "stepwise_session=\(token)"
            let registry = try await http.client.execute(uri: "/patients", method: .get, headers: headers)
            #expect(registry.status == .ok)
        }
        let events = try await clinic.store.auditEvents(organizationID: "org-a", after: nil, limit: 100)
        #expect(events.contains { $0.action == .login && $0.userID == "user-clinician" })
    }

    @Test func cookiesAreSecureBehindTLS() async throws {
        let clinic = try await TestClinic.make(configuration: ServerConfiguration(secureCookies: true, bcryptCost: 4))
        try await clinic.test { http in
            let response = try await Self.signIn(http, email: "clinician@example.org", password: "correct horse battery")
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("stepwise_session=") })
            #expect(cookie.contains("Secure"))
        }
    }

    @Test func wrongPasswordAndUnknownEmailGetTheSameAnswer() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let wrong = try await Self.signIn(http, email: "clinician@example.org", password: "nope")
            let unknown = try await Self.signIn(http, email: "nobody@example.org", password: "nope")
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(wrong.text.contains("The e-mail or password is not right."))
            #expect(unknown.text.contains("The e-mail or password is not right."))
            #expect(!wrong.headers[values: .setCookie].contains { $0.hasPrefix("stepwise_session=") && !$0.hasPrefix("stepwise_session=;") })
        }
    }

    @Test func fiveFailuresLockTheAccountEvenForTheRightPassword() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            for _ in 1...5 {
                let response = try await Self.signIn(http, email: "clinician@example.org", password: "guess")
                #expect(response.status == .unauthorized)
            }
            let locked = try await Self.signIn(http, email: "clinician@example.org", password: "correct horse battery")
            #expect(locked.status == .tooManyRequests)
            #expect(locked.text.contains("Too many failed sign-ins"))
        }
        let events = try await clinic.store.auditEvents(organizationID: "org-a", after: nil, limit: 100)
        #expect(events.filter { $0.action == .loginFailed }.count >= 5)
    }

    @Test func adminResetsAPasswordAndEndsThatUsersSessions() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let reset = try await http.post("/admin/users/user-clinician/password", form: [("password", "a brand new passphrase")], as: "admin")
            #expect(reset.status == .ok)
            #expect(reset.text.contains("sessions were ended"))
            let old = try await http.get("/patients", as: "clinician")
            #expect(old.status == .seeOther, "the clinician's session ended")
            let signIn = try await Self.signIn(http, email: "clinician@example.org", password: "a brand new passphrase")
            #expect(signIn.status == .seeOther)
            let otherClinic = try await http.post("/admin/users/user-other-clinic/password", form: [("password", "a brand new passphrase")], as: "admin")
            #expect(otherClinic.status == .notFound, "an admin manages only their own clinic's users")
        }
    }

    @Test func signOutEndsTheSession() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let out = try await http.post("/logout", form: [], as: "clinician")
            #expect(out.status == .seeOther)
            let after = try await http.get("/patients", as: "clinician")
            #expect(after.status == .seeOther)
            #expect(after.headers[.location]?.hasPrefix("/login") == true)
        }
    }
}

@Suite struct LoginThrottleScopeTests {
    @Test func failuresForOneEmailDoNotLockAnotherUserOnTheSameAddress() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            for _ in 1...5 {
                _ = try await LoginTests.signIn(http, email: "clinician@example.org", password: "guess")
            }
            let colleague = try await LoginTests.signIn(http, email: "care-manager@example.org", password: "correct horse battery")
            #expect(colleague.status == .seeOther)
            for _ in 1...20 {
                _ = try await LoginTests.signIn(http, email: "nobody-\(Int.random(in: 0...1_000_000))@example.org", password: "guess")
            }
            let afterSpray = try await LoginTests.signIn(http, email: "admin@example.org", password: "correct horse battery")
            #expect(afterSpray.status == .tooManyRequests, "a password spray from one address is throttled")
        }
    }
}
