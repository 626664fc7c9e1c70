// SPDX-License-Identifier: Apache-2.0
import HTTPTypes
import HummingbirdTesting
import StepwiseCore
import StepwiseServer
import StepwiseStorage
import Testing

/// Every route × every role × own or other organisation: allowed, 403 for the wrong role,
/// 404 for another clinic's patient, sign-in redirect (web) or 401 (API) when anonymous.
@Suite struct AuthorizationTableTests {
    struct Route: Sendable, CustomTestStringConvertible {
        var method: HTTPRequest.Method
        var path: String
        var permission: Permission
        /// The route names a patient of clinic A.
        var patientScoped: Bool
        var form: [(String, String)] = []
        var json: String?

        var isAPI: Bool { path.hasPrefix("/api/") }
        var testDescription: String { "\(method) \(path)" }
    }

    static let a = TestClinic.patientA
    static let routes: [Route] = [
        Route(method: .get, path: "/patients", permission: .readPatients, patientScoped: false),
        Route(method: .get, path: "/patients.csv", permission: .readPatients, patientScoped: false),
        Route(method: .get, path: "/patients/new", permission: .createPatient, patientScoped: false),
        Route(method: .get, path: "/patients/\(a)", permission: .readPatients, patientScoped: true),
        Route(method: .get, path: "/patients/\(a)/measurements/new?instrument=phq9", permission: .recordMeasurements, patientScoped: true),
        Route(method: .get, path: "/patients/\(a)/trials/new", permission: .editTreatment, patientScoped: true),
        Route(method: .get, path: "/patients/\(a)/clinical/new", permission: .editTreatment, patientScoped: true),
        Route(method: .get, path: "/patients/\(a)/documents/referral-packet?target=rtms", permission: .readPatients, patientScoped: true),
        Route(method: .get, path: "/patients/\(a)/documents/progress-note?format=md", permission: .readPatients, patientScoped: true),
        Route(method: .get, path: "/review", permission: .readPatients, patientScoped: false),
        Route(method: .get, path: "/flags", permission: .readPatients, patientScoped: false),
        Route(method: .get, path: "/admin/users", permission: .manageUsers, patientScoped: false),
        Route(method: .get, path: "/admin/audit", permission: .readAudit, patientScoped: false),
        Route(method: .get, path: "/admin/audit.csv", permission: .readAudit, patientScoped: false),
        Route(method: .get, path: "/account/tokens", permission: .manageOwnTokens, patientScoped: false),
        Route(method: .post, path: "/patients/\(a)/notes", permission: .careTeam, patientScoped: true, form: [("text", "Called, no answer")]),
        Route(method: .post, path: "/patients/\(a)/flags", permission: .careTeam, patientScoped: true, form: [("kind", "psychiatric-review")]),
        Route(
            method: .post, path: "/patients/\(a)/measurements", permission: .recordMeasurements, patientScoped: true,
            form: [("instrument", "phq9"), ("version", "1"), ("date", "2026-11-20")] + (1...9).map { ("item\($0)", "1") }),
        Route(
            method: .post, path: "/patients/\(a)/trials", permission: .editTreatment, patientScoped: true,
            form: [("version", "1"), ("kind", "medication"), ("agent", "sertraline"), ("start", "2026-10-01"), ("doseDate", "2026-10-01"), ("doseMg", "50")]),
        Route(method: .post, path: "/patients/\(a)/goals", permission: .editTreatment, patientScoped: true, form: [("version", "1"), ("g-description", "Walk daily")]),
        Route(
            method: .post, path: "/patients/\(a)/episode", permission: .editTreatment, patientScoped: true,
            form: [("version", "1"), ("e-onset", "2026-01-01"), ("e-psychotic", "yes")]),
        Route(method: .post, path: "/patients", permission: .createPatient, patientScoped: false, form: [("id", "NEW-1")]),
        Route(method: .post, path: "/admin/users", permission: .manageUsers, patientScoped: false, form: [("email", "x")]),
        Route(method: .post, path: "/admin/users/user-care-manager/password", permission: .manageUsers, patientScoped: false, form: [("password", "short")]),
        Route(method: .post, path: "/admin/users/user-care-manager/role", permission: .manageUsers, patientScoped: false, form: [("role", "clinician")]),
        Route(method: .post, path: "/admin/users/user-care-manager/disable", permission: .manageUsers, patientScoped: false),
        Route(method: .post, path: "/admin/users/user-care-manager/enable", permission: .manageUsers, patientScoped: false),
        Route(method: .get, path: "/api/v1/registry", permission: .readPatients, patientScoped: false),
        Route(method: .get, path: "/api/v1/patients", permission: .readPatients, patientScoped: false),
        Route(method: .get, path: "/api/v1/patients/\(a)", permission: .readPatients, patientScoped: true),
        Route(method: .get, path: "/api/v1/patients/\(a)/assessment", permission: .readPatients, patientScoped: true),
        Route(method: .get, path: "/api/v1/patients/\(a)/versions", permission: .readPatients, patientScoped: true),
        Route(method: .get, path: "/api/v1/patients/\(a)/documents/pcp-letter", permission: .readPatients, patientScoped: true),
        Route(method: .get, path: "/api/v1/patients/\(a)/flags", permission: .readPatients, patientScoped: true),
        Route(method: .get, path: "/api/v1/patients/\(a)/notes", permission: .readPatients, patientScoped: true),
        Route(method: .post, path: "/api/v1/patients/\(a)/notes", permission: .careTeam, patientScoped: true, json: #"{"text":"ok"}"#),
        Route(
            method: .post, path: "/api/v1/patients/\(a)/measurements", permission: .recordMeasurements, patientScoped: true,
            json: #"{"instrument":"phq9","date":"2026-11-20","answers":[1,1,1,1,1,1,1,1,0]}"#),
        Route(
            method: .post, path: "/api/v1/patients/\(a)/trials/trial-1/doses", permission: .editTreatment, patientScoped: true,
            json: #"{"from":"2026-03-01","mgPerDay":200}"#),
        Route(
            method: .post, path: "/api/v1/patients/\(a)/trials/trial-1/end", permission: .editTreatment, patientScoped: true,
            json: #"{"date":"2026-05-02","stopReason":"non-response"}"#),
        Route(method: .delete, path: "/api/v1/patients/\(a)", permission: .deletePatient, patientScoped: true),
        Route(method: .get, path: "/api/v1/audit", permission: .readAudit, patientScoped: false),
        Route(method: .get, path: "/api/v1/users", permission: .manageUsers, patientScoped: false),
        Route(method: .patch, path: "/api/v1/users/user-care-manager", permission: .manageUsers, patientScoped: false, json: #"{"role":"clinician"}"#),
        Route(method: .get, path: "/api/v1/registry?format=csv", permission: .readPatients, patientScoped: false),
    ]

    static let users: [String?] = ["clinician", "care-manager", "psychiatric-consultant", "admin", "other-clinic", nil]

    static let roles: [String: UserRole] = [
        "clinician": .clinician, "care-manager": .careManager, "psychiatric-consultant": .psychiatricConsultant, "admin": .admin,
        "other-clinic": .clinician,
    ]

    @Test(arguments: routes, users)
    func routeIsAllowedOnlyForTheRightRoleAndOrganisation(route: Route, user: String?) async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let response: TestResponse
            if route.isAPI {
                response = try await http.api(route.method, route.path, as: user, json: route.json)
            } else if route.method == .post {
                response = try await http.post(route.path, form: route.form, as: user)
            } else {
                response = try await http.get(route.path, as: user)
            }
            let status = response.status.code
            guard let user, let role = Self.roles[user] else {
                if route.isAPI {
                    #expect(status == 401, "anonymous API call")
                } else if route.method == .get {
                    #expect(status == 303)
                    #expect(response.headers[.location]?.hasPrefix("/login") == true)
                } else {
                    #expect(status == 403, "anonymous POST has no valid CSRF token")
                }
                return
            }
            if !route.permission.allowed(for: role) {
                #expect(status == 403, "\(user) lacks \(route.permission.rawValue)")
            } else if user == "other-clinic" && route.patientScoped {
                #expect(status == 404, "another clinic's patient must not be visible")
            } else {
                #expect(![401, 403, 404].contains(status), "\(user) holds \(route.permission.rawValue) but got \(status)")
                #expect(status < 500)
                if route.method == .get && !route.isAPI && status == 303 {
                    Issue.record("unexpected redirect to \(response.headers[.location] ?? "")")
                }
            }
        }
    }

    @Test func otherClinicCannotWriteToThisClinicsPatientThroughTheAPI() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let put = try await http.api(
                .put, "/api/v1/patients/\(TestClinic.patientA)", as: "other-clinic", json: #"{"id":"A-PATIENT-1"}"#,
                headers: [.ifMatch: "\"1\""])
            #expect(put.status == .notFound)
        }
        let stored = try await clinic.store.patient(id: TestClinic.patientA, organizationID: "org-a")
        #expect(stored?.version == 1)
        #expect(stored?.record.measurements.count == 2)
    }
}
