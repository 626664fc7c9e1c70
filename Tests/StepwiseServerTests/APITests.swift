// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import HummingbirdTesting
import StepwiseCore
import StepwiseServer
import StepwiseStorage
import Testing

@Suite struct APITests {
    static let path = "/api/v1/patients/\(TestClinic.patientA)"

    @Test func readingAPatientReturnsItsVersionAsETag() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let response = try await http.api(.get, Self.path, as: "clinician")
            #expect(response.status == .ok)
            #expect(response.headers[.eTag] == "\"1\"")
            #expect(response.text.contains("\"version\":1"))
        }
    }

    @Test func staleIfMatchGets412AndTheStoredRecordIsUnchanged() async throws {
        let clinic = try await TestClinic.make()
        let record = #"{"id":"A-PATIENT-1","sex":"male"}"#
        try await clinic.test { http in
            let first = try await http.api(.put, Self.path, as: "clinician", json: record, headers: [.ifMatch: "\"1\""])
            #expect(first.status == .ok)
            #expect(first.headers[.eTag] == "\"2\"")
            let stale = try await http.api(.put, Self.path, as: "psychiatric-consultant", json: #"{"id":"A-PATIENT-1","sex":"female"}"#, headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .preconditionFailed)
            #expect(stale.headers[.contentType] == "application/problem+json")
            #expect(stale.text.contains("\"status\":412"))
        }
        let stored = try #require(try await clinic.store.patient(id: TestClinic.patientA, organizationID: "org-a"))
        #expect(stored.version == 2)
        #expect(stored.record.sex == .male)
    }

    @Test func replaceWithoutIfMatchIsRefusedWith428() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let response = try await http.api(.put, Self.path, as: "clinician", json: #"{"id":"A-PATIENT-1"}"#)
            #expect(response.status.code == 428)
        }
    }

    @Test func appendingAMeasurementWithAStaleETagGets412() async throws {
        let clinic = try await TestClinic.make()
        let body = #"{"instrument":"phq9","date":"2026-11-20","answers":[1,1,1,1,1,1,1,1,2]}"#
        try await clinic.test { http in
            let ok = try await http.api(.post, Self.path + "/measurements", as: "care-manager", json: body, headers: [.ifMatch: "\"1\""])
            #expect(ok.status == .created)
            #expect(ok.text.contains("suicide-item-positive"))
            let stale = try await http.api(.post, Self.path + "/measurements", as: "care-manager", json: body, headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .preconditionFailed)
        }
        let stored = try await clinic.store.patient(id: TestClinic.patientA, organizationID: "org-a")
        #expect(stored?.record.measurements.count == 3)
    }

    @Test func outOfRangeAnswerIsAProblemNamingTheItem() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let response = try await http.api(
                .post, Self.path + "/measurements", as: "clinician", json: #"{"instrument":"phq9","date":"2026-11-20","answers":[1,1,7,1,1,1,1,1,0]}"#)
            #expect(response.status == .unprocessableContent)
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(response.text.contains("item 3"))
        }
    }

    @Test func aPositiveItemNineSentAloneIsStoredAndRaisesTheSignal() async throws {
        // An EHR that stores PHQ-9 item 9 as its own observation sends it alone: never refused.
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let alone = try await http.api(
                .post, Self.path + "/measurements", as: "clinician", json: #"{"instrument":"phq9","date":"2026-11-20","items":{"9":3}}"#)
            #expect(alone.status == .created)
            #expect(alone.text.contains("suicide-item-positive"))
            #expect(alone.text.contains("stored for its safety signal"))
            #expect(alone.text.contains("suicide-risk"))
            // One answer missing and item 9 positive: stored as well.
            let gap = try await http.api(
                .post, Self.path + "/measurements", as: "clinician",
                json: #"{"instrument":"phq9","date":"2026-11-20","answers":[1,1,null,1,1,1,1,1,2]}"#)
            #expect(gap.status == .created)
            #expect(gap.text.contains("item 3"))
            // Without a safety signal an unscorable administration is still a 422 that names the items.
            let negative = try await http.api(
                .post, Self.path + "/measurements", as: "clinician", json: #"{"instrument":"phq9","date":"2026-11-20","items":{"9":0}}"#)
            #expect(negative.status == .unprocessableContent)
            #expect(negative.text.contains("missing"))
        }
        let stored = try await clinic.store.patient(id: TestClinic.patientA, organizationID: "org-a")
        #expect(stored?.record.measurements.count == 4)
    }

    @Test func aBadNumberOrDateOrATrailingCommaIsNamedPrecisely() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let fraction = try await http.api(
                .post, Self.path + "/measurements", as: "clinician",
                json: #"{"instrument":"phq9","date":"2026-11-20","answers":[1.5,1,1,1,1,1,1,1,0]}"#)
            #expect(fraction.status == .badRequest)
            #expect(fraction.text.contains("$.answers[0]: 1.5 is not a whole number; expected a whole number"))
            let date = try await http.api(
                .post, Self.path + "/measurements", as: "clinician",
                json: #"{"instrument":"phq9","date":"2026-13-40","answers":[1,1,1,1,1,1,1,1,0]}"#)
            #expect(date.status == .badRequest)
            #expect(date.text.contains("$.date"))
            #expect(date.text.contains("YYYY-MM-DD"))
            let comma = try await http.api(
                .post, Self.path + "/measurements", as: "clinician",
                json: #"{"instrument":"phq9","date":"2026-11-20","answers":[1,1,1,1,1,1,1,1,0],}"#)
            #expect(comma.status == .badRequest)
            #expect(comma.text.contains("not valid JSON"))
            #expect(comma.text.contains("column"))
        }
        let stored = try await clinic.store.patient(id: TestClinic.patientA, organizationID: "org-a")
        #expect(stored?.record.measurements.count == 2)
    }

    @Test func malformedJSONIsABadRequestProblem() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let response = try await http.api(.post, "/api/v1/patients", as: "clinician", json: #"{"id": 5}"#)
            #expect(response.status == .badRequest)
            #expect(response.text.contains("$.id"))
        }
    }

    @Test func missingTokenIs401ProblemAndSessionCookieIsNotEnough() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let anonymous = try await http.api(.get, "/api/v1/registry", as: nil)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.contentType] == "application/problem+json")
            var headers = HTTPFields()
            headers[.cookie] = "stepwise_session=session-clinician"
            let cookieOnly = try await http.client.execute(uri: "/api/v1/registry", method: .get, headers: headers)
            #expect(cookieOnly.status == .unauthorized)
        }
    }

    @Test func createThenRegistryListsThePatientWithItsSummary() async throws {
        let clinic = try await TestClinic.make()
        let record = #"{"id":"NEW-9","measurements":[{"instrument":"phq9","date":"2026-10-01","answers":[2,2,2,2,2,2,2,2,0]}]}"#
        try await clinic.test { http in
            let created = try await http.api(.post, "/api/v1/patients", as: "care-manager", json: record)
            #expect(created.status == .created)
            #expect(created.headers[.location] == "/api/v1/patients/NEW-9")
            let duplicate = try await http.api(.post, "/api/v1/patients", as: "care-manager", json: record)
            #expect(duplicate.status == .conflict)
            let registry = try await http.api(.get, "/api/v1/registry?q=new", as: "care-manager")
            #expect(registry.text.contains("\"patientID\":\"NEW-9\""))
            #expect(registry.text.contains("\"lastPHQ9\":16"))
        }
    }

    @Test func openAPIDocumentIsValidOpenAPI31AndMatchesTheDocsFile() async throws {
        let clinic = try await TestClinic.make()
        let served = try await clinic.app().test(.router) { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            return response.text
        }
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/openapi.json")
        #expect(try String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) == served.trimmingCharacters(in: .whitespacesAndNewlines))
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-openapi-\(UUID().uuidString).json")
        try served.write(to: temporary, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: temporary) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import json,sys; from openapi_spec_validator import validate; d=json.load(open(sys.argv[1])); validate(d); assert d['openapi'].startswith('3.1'); print('valid')",
            temporary.path,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "openapi-spec-validator: \(text)")
        #expect(text.contains("valid"))
    }
}
