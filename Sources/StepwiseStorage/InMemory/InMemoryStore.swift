// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// The reference store: everything in memory, lost when the process ends.
///
/// Used by tests and as the executable definition of the protocol's semantics; the SQLite
/// and PostgreSQL stores must behave the same (the conformance suite checks it).
public actor InMemoryStore: StepwiseStore {
    struct PatientKey: Hashable {
        var organizationID: String
        var id: String
    }

    let clock: StoreClock
    var patientsByKey: [PatientKey: StoredPatient] = [:]
    var encodedByKey: [PatientKey: Data] = [:]
    var historyByKey: [PatientKey: [StoredPatient]] = [:]
    var registryByKey: [PatientKey: RegistrySummary] = [:]
    var organizationsByID: [String: Organization] = [:]
    var usersByID: [String: User] = [:]
    var sessionsByHash: [String: Session] = [:]
    var tokensByHash: [String: APIToken] = [:]
    var throttles: [String: LoginThrottle] = [:]
    var flagsByID: [String: CareFlag] = [:]
    var flagOrder: [String] = []
    var notesList: [CareNote] = []
    var auditLog: [AuditEvent] = []
    var feedbackList: [CDSFeedback] = []

    /// Creates an empty store that stamps changes with `clock`.
    public init(clock: StoreClock = .system) {
        self.clock = clock
    }
}
