// SPDX-License-Identifier: Apache-2.0
import HTTPTypes
import HummingbirdTesting
import StepwiseCore
import StepwiseServer
import StepwiseStorage
import Testing

/// Every read of patient data leaves an audit row naming who, when, what and from where.
@Suite struct AuditTests {
    static let a = TestClinic.patientA
    static let reads: [(String, Bool)] = [
        ("/patients/\(a)", false), ("/patients/\(a)/documents/progress-note", false),
        ("/patients/\(a)/documents/referral-packet?format=md", false), ("/patients/\(a)/measurements/new?instrument=phq9", false),
        ("/patients/\(a)/trials/new", false), ("/api/v1/patients/\(a)", true), ("/api/v1/patients/\(a)/assessment", true),
        ("/api/v1/patients/\(a)/documents/relapse-prevention", true), ("/api/v1/patients/\(a)/notes", true),
        ("/api/v1/patients/\(a)/flags", true), ("/api/v1/patients/\(a)/versions", true),
    ]

    @Test(arguments: reads.map(\.0))
    func everyPatientReadProducesAnAuditRow(path: String) async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let response = path.hasPrefix("/api/")
                ? try await http.api(.get, path, as: "clinician") : try await http.get(path, as: "clinician")
            #expect(response.status == .ok)
        }
        let events = try await clinic.store.auditEvents(organizationID: "org-a", after: nil, limit: 100)
        let rows = events.filter { $0.resourceType == "patient" && $0.resourceID == Self.a }
        #expect(rows.count >= 1)
        let row = try #require(rows.first)
        #expect(row.userID == "user-clinician")
        #expect(row.at == TestClinic.now)
        #expect(row.action == .read || row.action == .export)
    }

    @Test func registryViewsAndWritesAreAudited() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            #expect(try await http.get("/patients", as: "care-manager").status == .ok)
            let saved = try await http.post(
                "/patients/\(Self.a)/measurements",
                form: [("instrument", "phq9"), ("version", "1"), ("date", "2026-11-20")] + (1...9).map { ("item\($0)", "1") },
                as: "care-manager")
            #expect(saved.status == .seeOther)
        }
        let events = try await clinic.store.auditEvents(organizationID: "org-a", after: nil, limit: 100)
        #expect(events.contains { $0.resourceType == "registry" && $0.action == .read && $0.userID == "user-care-manager" })
        #expect(events.contains { $0.resourceType == "patient" && $0.action == .update && $0.resourceID == Self.a })
    }

    @Test func refusedReadsOfAnotherClinicsPatientLeaveNoRowInEitherClinic() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let response = try await http.get("/patients/\(Self.a)", as: "other-clinic")
            #expect(response.status == .notFound)
        }
        let a = try await clinic.store.auditEvents(organizationID: "org-a", after: nil, limit: 100)
        let b = try await clinic.store.auditEvents(organizationID: "org-b", after: nil, limit: 100)
        #expect(!(a + b).contains { $0.resourceID == Self.a })
    }

    @Test func adminCanExportTheAuditLogAsCSV() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            _ = try await http.get("/patients/\(Self.a)", as: "clinician")
            let csv = try await http.get("/admin/audit.csv", as: "admin")
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.first == "id,at,user_id,user_email,action,resource_type,resource_id,remote_address")
            #expect(lines.contains { $0.contains("clinician@example.org,read,patient,\(Self.a)") })
        }
    }

    @Test func logsCarryRouteTemplatesNotPatientIdentifiers() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            _ = try await http.get("/patients/\(Self.a)", as: "clinician")
            _ = try await http.api(.get, "/api/v1/patients/\(Self.a)/assessment", as: "clinician")
        }
        let lines = clinic.logs.lines
        #expect(lines.contains { $0.contains("stepwise.route=/patients/{id}") })
        #expect(!lines.contains { $0.contains(Self.a) })
    }
}

@Suite struct AuditOverTheNetworkTests {
    @Test func auditRowsRecordTheClientAddress() async throws {
        let clinic = try await TestClinic.make()
        let sessions = clinic.sessions
        try await clinic.app().test(.live) { client in
            var headers = HTTPFields()
            headers[.cookie] = "stepwise_session=\(sessions["clinician"]?.cookie ?? "")"
            let response = try await client.execute(uri: "/patients/\(TestClinic.patientA)", method: .get, headers: headers)
            #expect(response.status == .ok)
        }
        let events = try await clinic.store.auditEvents(organizationID: "org-a", after: nil, limit: 100)
        let read = try #require(events.first { $0.resourceID == TestClinic.patientA && $0.action == .read })
        #expect(read.remoteAddress == "127.0.0.1" || read.remoteAddress == "::1")
    }
}
