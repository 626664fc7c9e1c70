// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import StepwiseStorage
import Testing

@Suite struct CareTeamAndAuditConformanceTests {
    @Test(arguments: Backend.available)
    func flagsAreAssignedFilteredAndResolved(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let org = Fixtures.organizationID()
            _ = try await store.savePatients([Fixtures.record("p1"), Fixtures.record("p2")], organizationID: org, actor: "i")
            let safety = CareFlag(organizationID: org, patientID: "p1", kind: "suicide-risk", assignedTo: "cm", createdAt: Fixtures.t0)
            let review = CareFlag(
                organizationID: org, patientID: "p2", kind: CareFlag.psychiatricReview, createdAt: Fixtures.t0.addingTimeInterval(60))
            try await store.createFlag(safety)
            try await store.createFlag(review)
            #expect(
                try await store.flags(organizationID: org, patientID: nil, assignedTo: nil, kind: nil, status: nil) == [review, safety],
                "newest first")
            #expect(try await store.flags(organizationID: org, patientID: nil, assignedTo: "cm", kind: nil, status: nil) == [safety])
            #expect(try await store.flags(organizationID: org, patientID: "p2", assignedTo: nil, kind: nil, status: nil) == [review])
            #expect(try await store.psychiatricReviewList(organizationID: org) == [review])

            let later = Fixtures.t0.addingTimeInterval(3600)
            let done = try await store.updateFlag(id: review.id, organizationID: org, status: .resolved, assignedTo: "psy", at: later)
            #expect(done.status == .resolved)
            #expect(done.assignedTo == "psy")
            #expect(done.updatedAt == later)
            #expect(done.createdAt == review.createdAt)
            #expect(try await store.psychiatricReviewList(organizationID: org).isEmpty)
            #expect(try await store.flags(organizationID: org, patientID: nil, assignedTo: nil, kind: nil, status: .resolved) == [done])

            let unassigned = try await store.updateFlag(id: safety.id, organizationID: org, status: .open, assignedTo: nil, at: later)
            #expect(unassigned.assignedTo == nil)
            let missing = await #expect(throws: StepwiseError.self) {
                try await store.createFlag(CareFlag(organizationID: org, patientID: "p9", kind: "x", createdAt: Fixtures.t0))
            }
            #expect(missing?.code == .notFound)
        }
    }

    @Test(arguments: Backend.available)
    func notesReadBackOldestFirst(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let org = Fixtures.organizationID()
            _ = try await store.savePatient(Fixtures.record("p1"), organizationID: org, expectedVersion: nil, actor: "u")
            let second = CareNote(organizationID: org, patientID: "p1", authorID: "u2", text: "Called; plan review booked.",
                createdAt: Fixtures.t0.addingTimeInterval(120))
            let first = CareNote(organizationID: org, patientID: "p1", authorID: "u1", text: "Ünïcode ✓ and 'quotes'", createdAt: Fixtures.t0)
            try await store.addNote(second)
            try await store.addNote(first)
            #expect(try await store.notes(organizationID: org, patientID: "p1") == [first, second])
            let duplicate = await #expect(throws: StepwiseError.self) { try await store.addNote(first) }
            #expect(duplicate?.code == .conflict)
        }
    }

    @Test(arguments: Backend.available)
    func auditLogAppendsInOrderAndPagesByPosition(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let org = Fixtures.organizationID()
            var appended: [AuditEvent] = []
            for (index, action) in [AuditEvent.Action.login, .read, .update, .export, AuditEvent.Action("print")].enumerated() {
                let event = AuditEvent(
                    at: Fixtures.t0.addingTimeInterval(Double(index)), organizationID: org, userID: "u1", action: action,
                    resourceType: "patient", resourceID: index == 0 ? nil : "p1", remoteAddress: "192.0.2.7")
                let stored = try await store.appendAudit(event)
                #expect(stored.id != nil)
                var expected = event
                expected.id = stored.id
                #expect(stored == expected)
                appended.append(stored)
            }
            let ids = appended.compactMap(\.id)
            #expect(ids == ids.sorted() && Set(ids).count == ids.count, "ids strictly increase")
            #expect(try await store.auditEvents(organizationID: org, after: nil, limit: 100) == appended)
            let firstPage = try await store.auditEvents(organizationID: org, after: nil, limit: 2)
            #expect(firstPage == Array(appended.prefix(2)))
            let rest = try await store.auditEvents(organizationID: org, after: firstPage.last?.id, limit: 100)
            #expect(rest == Array(appended.dropFirst(2)))
        }
    }

    @Test(arguments: Backend.available)
    func cdsFeedbackIsKeptPerService(_ backend: Backend) async throws {
        try await backend.withStore { store in
            let service = "svc-\(UUID().uuidString)"
            let accepted = CDSFeedback(serviceID: service, cardUUID: UUID().uuidString, outcome: "accepted", at: Fixtures.t0)
            let overridden = CDSFeedback(
                serviceID: service, cardUUID: UUID().uuidString, outcome: "overridden", overrideReason: "patient-declined",
                at: Fixtures.t0.addingTimeInterval(5))
            try await store.saveCDSFeedback(accepted)
            try await store.saveCDSFeedback(overridden)
            try await store.saveCDSFeedback(CDSFeedback(serviceID: "other-\(UUID().uuidString)", cardUUID: "c", outcome: "accepted", at: Fixtures.t0))
            #expect(try await store.cdsFeedback(serviceID: service, limit: 10) == [accepted, overridden])
            #expect(try await store.cdsFeedback(serviceID: service, limit: 1) == [accepted])
        }
    }
}
