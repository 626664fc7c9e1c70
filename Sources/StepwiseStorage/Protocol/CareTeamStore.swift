// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// Care-team flags and notes on patients, scoped to an organisation.
public protocol CareTeamStore: Sendable {
    /// Stores a new flag; `.notFound` if the organisation has no such patient, `.conflict` if the id exists.
    func createFlag(_ flag: CareFlag) async throws
    /// Changes a flag's status and assignee (`assignedTo == nil` unassigns); `.notFound` if
    /// the organisation has no such flag. Returns the updated flag.
    func updateFlag(id: String, organizationID: String, status: CareFlag.Status, assignedTo: String?, at: Date)
        async throws -> CareFlag
    /// Flags of the organisation, newest first, filtered by whichever of patient, assignee,
    /// kind and status are given.
    func flags(
        organizationID: String, patientID: String?, assignedTo: String?, kind: String?, status: CareFlag.Status?
    ) async throws -> [CareFlag]

    /// Stores a note; `.notFound` if the organisation has no such patient.
    func addNote(_ note: CareNote) async throws
    /// A patient's notes, oldest first.
    func notes(organizationID: String, patientID: String) async throws -> [CareNote]
}

extension CareTeamStore {
    /// Open psychiatric-review flags: the consultant's review list, newest first.
    public func psychiatricReviewList(organizationID: String) async throws -> [CareFlag] {
        try await flags(
            organizationID: organizationID, patientID: nil, assignedTo: nil, kind: CareFlag.psychiatricReview,
            status: .open)
    }
}
