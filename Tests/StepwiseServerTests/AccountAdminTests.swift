// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import HummingbirdTesting
import StepwiseCore
import StepwiseServer
import StepwiseStorage
import Testing

/// An administrator changes other accounts: role, disable, enable — in the web app and the API.
@Suite struct AccountAdminTests {
    @Test func aDisabledAccountLosesItsSessionTokensAndSignIn() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            #expect(try await http.get("/patients", as: "clinician").status == .ok)
            let page = try await http.post("/admin/users/user-clinician/disable", form: [], as: "admin")
            #expect(page.status == .ok)
            #expect(page.text.contains("clinician@example.org is disabled"))
            #expect(page.text.contains("Enable clinician@example.org"))

            // The open session is gone: the web app sends them to sign in; the API token is refused.
            let after = try await http.get("/patients", as: "clinician")
            #expect(after.status == .seeOther)
            #expect(after.headers[.location]?.hasPrefix("/login") == true)
            #expect(try await http.api(.get, "/api/v1/patients", as: "clinician").status == .unauthorized)

            // The right password no longer signs in, and says why; a wrong one gets the usual answer.
            let refused = try await LoginTests.signIn(http, email: "clinician@example.org", password: "correct horse battery")
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("This account is disabled"))
            #expect(!refused.headers[values: .setCookie].contains { $0.hasPrefix("stepwise_session=") && !$0.hasPrefix("stepwise_session=;") })
            let wrong = try await LoginTests.signIn(http, email: "clinician@example.org", password: "wrong guess")
            #expect(wrong.status == .unauthorized)
            #expect(!wrong.text.contains("disabled"))

            // Enabled again: signs in, and the API token (kept while disabled) works again.
            let enabled = try await http.post("/admin/users/user-clinician/enable", form: [], as: "admin")
            #expect(enabled.text.contains("clinician@example.org is enabled again"))
            let signedIn = try await LoginTests.signIn(http, email: "clinician@example.org", password: "correct horse battery")
            #expect(signedIn.status == .seeOther)
            #expect(try await http.api(.get, "/api/v1/patients", as: "clinician").status == .ok)
        }
        let stored = try #require(try await clinic.store.user(id: "user-clinician"))
        #expect(!stored.isDisabled)
        let events = try await clinic.store.auditEvents(organizationID: "org-a", after: nil, limit: 200)
        #expect(events.filter { $0.action == .update && $0.resourceType == "user" && $0.resourceID == "user-clinician" }.count == 2)
        #expect(events.contains { $0.action == .loginFailed })
    }

    @Test func aRoleChangeTakesEffectOnTheNextRequest() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            // A care manager may not delete patients; an admin may not either, but may read the audit log.
            #expect(try await http.api(.get, "/api/v1/audit", as: "care-manager").status == .forbidden)
            let page = try await http.post("/admin/users/user-care-manager/role", form: [("role", "admin")], as: "admin")
            #expect(page.status == .ok)
            #expect(page.text.contains("care-manager@example.org is now administrator"))
            #expect(try await http.api(.get, "/api/v1/audit", as: "care-manager").status == .ok)
            let unknown = try await http.post("/admin/users/user-care-manager/role", form: [("role", "superuser")], as: "admin")
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.text.contains("choose one of the roles"))
        }
        #expect(try await clinic.store.user(id: "user-care-manager")?.role == .admin)
    }

    @Test func anAdministratorCannotDisableOrDemoteThemselves() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let page = try await http.get("/admin/users", as: "admin")
            #expect(page.text.contains("Administrator (you)"))
            #expect(!page.text.contains("/admin/users/user-admin/disable"))
            let disable = try await http.post("/admin/users/user-admin/disable", form: [], as: "admin")
            #expect(disable.status == .unprocessableContent)
            #expect(disable.text.contains("you cannot disable your own account"))
            let demote = try await http.post("/admin/users/user-admin/role", form: [("role", "clinician")], as: "admin")
            #expect(demote.status == .unprocessableContent)
            let api = try await http.api(.patch, "/api/v1/users/user-admin", as: "admin", json: #"{"disabled":true}"#)
            #expect(api.status == .unprocessableContent)
            #expect(try await http.get("/admin/users", as: "admin").status == .ok)
        }
        let admin = try #require(try await clinic.store.user(id: "user-admin"))
        #expect(admin.role == .admin)
        #expect(!admin.isDisabled)
    }

    @Test func anotherClinicsAccountIsNotFound() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let disable = try await http.post("/admin/users/user-other-clinic/disable", form: [], as: "admin")
            let patch = try await http.api(.patch, "/api/v1/users/user-other-clinic", as: "admin", json: #"{"role":"admin"}"#)
            let missing = try await http.post("/admin/users/no-such-user/enable", form: [], as: "admin")
            #expect(disable.status == .notFound)
            #expect(patch.status == .notFound)
            #expect(missing.status == .notFound)
        }
        let other = try #require(try await clinic.store.user(id: "user-other-clinic"))
        #expect(other.role == .clinician)
        #expect(!other.isDisabled)
    }

    @Test func theAPIChangesRoleAndStatusAndShowsThem() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let changed = try await http.api(
                .patch, "/api/v1/users/user-care-manager", as: "admin", json: #"{"role":"psychiatric-consultant","disabled":true}"#)
            #expect(changed.status == .ok)
            let body = try JSONSerialization.jsonObject(with: Data(changed.text.utf8)) as? [String: Any]
            #expect(body?["role"] as? String == "psychiatric-consultant")
            #expect(body?["disabled"] as? Bool == true)
            #expect(body?["disabledAt"] is String)
            #expect(body?["passwordHash"] == nil)

            let list = try await http.api(.get, "/api/v1/users", as: "admin")
            #expect(list.text.contains(#""disabled":true"#))
            #expect(list.text.contains(#""disabled":false"#))

            let empty = try await http.api(.patch, "/api/v1/users/user-care-manager", as: "admin", json: "{}")
            #expect(empty.status == .unprocessableContent)
            let badRole = try await http.api(.patch, "/api/v1/users/user-care-manager", as: "admin", json: #"{"role":"root"}"#)
            #expect(badRole.status == .badRequest)

            let enabled = try await http.api(.patch, "/api/v1/users/user-care-manager", as: "admin", json: #"{"disabled":false}"#)
            #expect(enabled.status == .ok)
            #expect(enabled.text.contains(#""disabled":false"#))
        }
    }
}
