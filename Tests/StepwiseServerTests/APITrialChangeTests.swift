// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import HummingbirdTesting
import StepwiseCore
import StepwiseServer
import StepwiseStorage
import Testing

/// `POST /api/v1/patients/{id}/trials/{trialID}/doses` and `/end`: the same rule as the web app's forms.
@Suite struct APITrialChangeTests {
    static let path = "/api/v1/patients/\(TestClinic.patientA)/trials"

    func stored(_ clinic: TestClinic) async throws -> PatientRecord {
        try #require(try await clinic.store.patient(id: TestClinic.patientA, organizationID: "org-a")).record
    }

    @Test func aDoseChangeIsAddedInDateOrderAndTheTrialIsAssessedAgain() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let added = try await http.api(
                .post, Self.path, as: "clinician",
                json: #"{"agent":"venlafaxine","start":"2026-06-01","doses":[{"from":"2026-06-01","mgPerDay":75}]}"#)
            #expect(added.status == .created)
            // The new trial has no id of its own in the body: the server gives it trial-2.
            let dose = try await http.api(
                .post, Self.path + "/trial-2/doses", as: "clinician", json: #"{"from":"2026-07-01","mgPerDay":225}"#)
            #expect(dose.status == .created)
            #expect(dose.headers[.eTag] == "\"3\"")
            #expect(dose.text.contains("\"agent\":\"venlafaxine\""))
            #expect(dose.text.contains("\"version\":3"))
            // An earlier step goes before it; the same date again is a correction, not a second step.
            let earlier = try await http.api(
                .post, Self.path + "/trial-2/doses", as: "clinician", json: #"{"from":"2026-06-15","mgPerDay":150}"#)
            #expect(earlier.status == .created)
            let corrected = try await http.api(
                .post, Self.path + "/trial-2/doses", as: "clinician", json: #"{"from":"2026-07-01","mgPerDay":300}"#)
            #expect(corrected.status == .created)
        }
        let trial = try #require(try await stored(clinic).trials.first { $0.agent == "venlafaxine" })
        #expect(trial.doses.map(\.mgPerDay) == [75, 150, 300])
        #expect(trial.doses.map(\.from.description) == ["2026-06-01", "2026-06-15", "2026-07-01"])
    }

    @Test func anUnknownAmountIsRecordedAsUnknownNotGuessed() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let response = try await http.api(
                .post, Self.path + "/trial-1/doses", as: "clinician", json: #"{"from":"2026-03-01","mgPerDay":null}"#)
            #expect(response.status == .created)
        }
        let trial = try #require(try await stored(clinic).trials.first)
        #expect(trial.doses.count == 3)
        #expect(trial.doses[2] == DoseStep(from: LocalDate("2026-03-01")!, mgPerDay: nil))
    }

    @Test func endingATrialRecordsTheDateAndReason() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            _ = try await http.api(.post, Self.path, as: "clinician", json: #"{"id":"vx","agent":"venlafaxine","start":"2026-06-01"}"#)
            let ended = try await http.api(
                .post, Self.path + "/vx/end", as: "clinician", json: #"{"date":"2026-09-30","stopReason":"side-effects"}"#)
            #expect(ended.status == .ok)
            #expect(ended.text.contains("\"stopReason\":\"side-effects\""))
        }
        let trial = try #require(try await stored(clinic).trials.first { $0.id == "vx" })
        #expect(trial.end == LocalDate("2026-09-30"))
        #expect(trial.stopReason == .sideEffects)
    }

    @Test func badChangesAreProblemsNamingTheFieldAndChangeNothing() async throws {
        let clinic = try await TestClinic.make()
        let before = try await stored(clinic)
        try await clinic.test { http in
            // trial-1 (sertraline) ran 2026-01-20 … 2026-05-01.
            let afterEnd = try await http.api(
                .post, Self.path + "/trial-1/doses", as: "clinician", json: #"{"from":"2026-06-01","mgPerDay":200}"#)
            #expect(afterEnd.status == .unprocessableContent)
            #expect(afterEnd.text.contains("$.from"))
            let beforeStart = try await http.api(.post, Self.path + "/trial-1/end", as: "clinician", json: #"{"date":"2026-01-01"}"#)
            #expect(beforeStart.status == .unprocessableContent)
            #expect(beforeStart.text.contains("$.date"))
            let beforeLastDose = try await http.api(.post, Self.path + "/trial-1/end", as: "clinician", json: #"{"date":"2026-02-01"}"#)
            #expect(beforeLastDose.status == .unprocessableContent)
            let negative = try await http.api(
                .post, Self.path + "/trial-1/doses", as: "clinician", json: #"{"from":"2026-03-01","mgPerDay":-5}"#)
            #expect(negative.status == .unprocessableContent)
            #expect(negative.text.contains("$.mgPerDay"))
            let malformed = try await http.api(.post, Self.path + "/trial-1/doses", as: "clinician", json: #"{"from":"March","mgPerDay":5}"#)
            #expect(malformed.status == .badRequest)
            let unknownReason = try await http.api(
                .post, Self.path + "/trial-1/end", as: "clinician", json: #"{"date":"2026-05-01","stopReason":"bored"}"#)
            #expect(unknownReason.status == .badRequest)
            let missing = try await http.api(.post, Self.path + "/trial-9/doses", as: "clinician", json: #"{"from":"2026-03-01","mgPerDay":5}"#)
            #expect(missing.status == .notFound)
            let stale = try await http.api(
                .post, Self.path + "/trial-1/doses", as: "clinician", json: #"{"from":"2026-03-01","mgPerDay":200}"#,
                headers: [.ifMatch: "\"7\""])
            #expect(stale.status == .preconditionFailed)
        }
        #expect(try await stored(clinic) == before)
    }
}
