// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import HummingbirdTesting
import StepwiseCore
import StepwiseServer
import StepwiseStorage
import Testing

/// The web app's "change dose" and "end treatment" forms on a patient's page (`TrialChange`).
@Suite struct WebTrialChangeTests {
    static let a = TestClinic.patientA

    func trial(_ clinic: TestClinic) async throws -> TreatmentTrial {
        try #require(try await clinic.store.patient(id: Self.a, organizationID: "org-a")?.record.trials.first)
    }

    @Test func aDoseChangeInsideTheTreatmentIsSavedInDateOrder() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let response = try await http.post(
                "/patients/\(Self.a)/trials/0/dose", form: [("version", "1"), ("date", "2026-01-25"), ("mg", "125")], as: "clinician")
            #expect(response.status == .seeOther)
            #expect(response.headers[.location]?.contains("saved=dose") == true)
            // The same date again corrects the step instead of adding a second one.
            let corrected = try await http.post(
                "/patients/\(Self.a)/trials/0/dose", form: [("version", "2"), ("date", "2026-01-25"), ("mg", "112.5")], as: "clinician")
            #expect(corrected.status == .seeOther)
        }
        #expect(try await trial(clinic).doses.map(\.mgPerDay) == [100, 112.5, 150])
    }

    @Test func aDoseAfterTheEndOrBeforeTheStartIsRefusedAndNothingChanges() async throws {
        let clinic = try await TestClinic.make()
        let before = try await trial(clinic)
        try await clinic.test { http in
            let afterEnd = try await http.post(
                "/patients/\(Self.a)/trials/0/dose", form: [("version", "1"), ("date", "2026-06-01"), ("mg", "200")], as: "clinician")
            #expect(afterEnd.status == .unprocessableContent)
            #expect(afterEnd.text.contains("after the treatment ended"))
            let beforeStart = try await http.post(
                "/patients/\(Self.a)/trials/0/end", form: [("version", "1"), ("date", "2026-01-01")], as: "clinician")
            #expect(beforeStart.status == .unprocessableContent)
            #expect(beforeStart.text.contains("before the treatment started"))
            let noSuchTrial = try await http.post(
                "/patients/\(Self.a)/trials/5/end", form: [("version", "1"), ("date", "2026-06-01")], as: "clinician")
            #expect(noSuchTrial.status == .notFound)
        }
        #expect(try await trial(clinic) == before)
    }

    @Test func endingATreatmentKeepsTheReason() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let response = try await http.post(
                "/patients/\(Self.a)/trials/0/end", form: [("version", "1"), ("date", "2026-04-20"), ("reason", "side-effects")],
                as: "clinician")
            #expect(response.status == .seeOther)
        }
        let ended = try await trial(clinic)
        #expect(ended.end == LocalDate("2026-04-20"))
        #expect(ended.stopReason == .sideEffects)
    }
}
