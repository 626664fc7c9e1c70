// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import HummingbirdTesting
import StepwiseCore
import StepwiseServer
import StepwiseStorage
import Testing

@Suite struct CSRFTests {
    static let note = "/patients/\(TestClinic.patientA)/notes"

    @Test func postWithoutATokenIsRejectedAndNothingIsSaved() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let response = try await http.post(Self.note, form: [("text", "hello")], as: "clinician", csrf: "")
            #expect(response.status == .forbidden)
            #expect(response.text.contains("did not come from this site"))
        }
        #expect(try await clinic.store.notes(organizationID: "org-a", patientID: TestClinic.patientA).isEmpty)
    }

    @Test func postWithAnotherSessionsTokenIsRejected() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let response = try await http.post(Self.note, form: [("text", "hello")], as: "clinician", csrf: "csrf-care-manager")
            #expect(response.status == .forbidden)
        }
        #expect(try await clinic.store.notes(organizationID: "org-a", patientID: TestClinic.patientA).isEmpty)
    }

    @Test func postWithTheSessionsTokenIsAccepted() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let response = try await http.post(Self.note, form: [("text", "hello")], as: "clinician")
            #expect(response.status == .seeOther)
        }
        #expect(try await clinic.store.notes(organizationID: "org-a", patientID: TestClinic.patientA).map(\.text) == ["hello"])
    }

    @Test func signInFormNeedsItsPreSignInToken() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let response = try await http.post(
                "/login", form: [("email", "clinician@example.org"), ("password", "correct horse battery")], as: nil, csrf: "made-up")
            #expect(response.status == .forbidden)
        }
    }

    @Test func everyFormOnThePatientPageCarriesTheToken() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let page = try await http.get("/patients/\(TestClinic.patientA)", as: "clinician").text
            let forms = page.components(separatedBy: "<form method=\"post\"").count - 1
            let tokens = page.components(separatedBy: "name=\"_csrf\" value=\"csrf-clinician\"").count - 1
            #expect(forms > 0)
            #expect(tokens >= forms)
        }
    }
}
