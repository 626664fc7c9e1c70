// SPDX-License-Identifier: Apache-2.0
import Foundation
import Logging
import StepwiseCore
import StepwiseStorage

/// The server's shared dependencies and the operations every controller needs: load and save a
/// patient with organisation scoping and audit, assess, and keep the registry cache fresh.
///
/// Controllers never touch the store for patient data except through here, so no read or write
/// of patient data escapes the audit log.
public struct ClinicServices: Sendable {
    /// The store.
    public let store: any StepwiseStore
    /// The clinical knowledge.
    public let knowledge: KnowledgeBase
    /// The assessor built from ``knowledge``.
    public let assessor: Assessor
    /// Settings.
    public let configuration: ServerConfiguration
    /// The clock ("now" for sessions and audit; "today" for assessments).
    public let clock: StoreClock
    /// The application logger (never given patient data).
    public let logger: Logger
    /// Recently read registry rows per organisation.
    public let registryCache: RegistryCache

    /// Creates the services.
    public init(
        store: any StepwiseStore, knowledge: KnowledgeBase, configuration: ServerConfiguration, clock: StoreClock,
        logger: Logger
    ) {
        self.store = store
        self.knowledge = knowledge
        self.assessor = Assessor(knowledge: knowledge)
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.registryCache = RegistryCache()
    }

    /// The clinic's calendar date now.
    public func today() -> LocalDate {
        let seconds = Int(clock.now().timeIntervalSince1970.rounded(.down)) + configuration.utcOffsetSeconds
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return LocalDate(dayNumber: days)
    }

    // MARK: Audit

    /// Appends an audit row. A failure to audit fails the request: unaudited access is not allowed.
    public func audit(
        _ action: AuditEvent.Action, _ resourceType: String, _ resourceID: String?, identity: Identity?,
        remote: String?, organizationID: String? = nil
    ) async throws {
        try await store.appendAudit(
            AuditEvent(
                at: clock.now(), organizationID: organizationID ?? identity?.organization.id, userID: identity?.user.id,
                action: action, resourceType: resourceType, resourceID: resourceID, remoteAddress: remote))
    }

    // MARK: Patients

    /// Loads a patient of the caller's organisation and audits the read.
    ///
    /// - Throws: ``ServerError/notFound`` when the organisation has no such patient (also for
    ///   another organisation's patient: existence is not revealed).
    public func loadPatient(
        _ id: String, identity: Identity, remote: String?, action: AuditEvent.Action = .read
    ) async throws -> StoredPatient {
        guard let stored = try await store.patient(id: id, organizationID: identity.organization.id) else {
            throw ServerError.notFound
        }
        try await audit(action, "patient", id, identity: identity, remote: remote)
        return stored
    }

    /// Saves a patient with optimistic concurrency, audits the write and refreshes its registry row.
    ///
    /// - Parameter expectedVersion: `nil` creates; otherwise the version the user edited.
    /// - Throws: `StepwiseError(.conflict)` when someone else saved first.
    @discardableResult
    public func savePatient(
        _ record: PatientRecord, expectedVersion: Int?, identity: Identity, remote: String?
    ) async throws -> StoredPatient {
        try RecordCoding.validate(record)
        let stored = try await store.savePatient(
            record, organizationID: identity.organization.id, expectedVersion: expectedVersion, actor: identity.user.id)
        try await audit(expectedVersion == nil ? .create : .update, "patient", record.id, identity: identity, remote: remote)
        if let row = try? await refreshSummary(stored) {
            await registryCache.upsert(row, in: identity.organization.id)
        } else {
            await registryCache.invalidate(identity.organization.id)
        }
        return stored
    }

    /// Applies `change` to the version the user saw (`expectedVersion`) and saves it.
    @discardableResult
    public func updatePatient(
        _ id: String, expectedVersion: Int, identity: Identity, remote: String?,
        _ change: (inout PatientRecord) throws -> Void
    ) async throws -> StoredPatient {
        guard let current = try await store.patient(id: id, organizationID: identity.organization.id) else {
            throw ServerError.notFound
        }
        guard current.version == expectedVersion else {
            throw StepwiseError(
                .conflict,
                "This patient was changed by someone else (version \(current.version), you edited version \(expectedVersion)). "
                    + "Your entry was not saved; it is shown below so you can submit it again.")
        }
        var record = current.record
        try change(&record)
        return try await savePatient(record, expectedVersion: expectedVersion, identity: identity, remote: remote)
    }

    /// Assesses a record as of today with the configured profile.
    public func assess(_ record: PatientRecord) throws -> AssessmentReport {
        try assessor.assess(record, asOf: today(), profile: configuration.profile)
    }

    // MARK: Registry

    /// The registry row of a stored patient.
    public func summary(of stored: StoredPatient, report: AssessmentReport) -> RegistrySummary {
        let digest = PatientDigest.make(record: stored.record, report: report)
        return RegistrySummary(
            patientID: stored.id, version: stored.version, asOf: report.asOf, lastPHQ9: digest.lastPHQ9?.score,
            lastPHQ9Date: digest.lastPHQ9?.date, changeSinceBaselinePercent: digest.changePercent,
            weeksInCurrentTreatment: digest.weeksInCurrentTreatment.map { Int($0.rounded(.down)) },
            trdDefinitionsMet: digest.trdMet, thaseRushStage: digest.thaseRushStage,
            flags: digest.flags.map(\.rawValue), basis: Self.basis(report))
    }

    /// What a registry row depends on besides the patient's record and the day: the knowledge-base
    /// version and the rule profile.
    static func basis(_ report: AssessmentReport) -> String { "\(report.knowledgeVersion)/\(report.profile)" }

    /// The basis rows assessed now get.
    var currentBasis: String { "\(KnowledgeResource.version)/\(configuration.profile ?? knowledge.profiles.defaultProfile)" }

    /// Recomputes and caches one patient's registry row, and returns it.
    @discardableResult
    public func refreshSummary(_ stored: StoredPatient) async throws -> RegistrySummary {
        let row = summary(of: stored, report: try assess(stored.record))
        try await store.saveRegistrySummary(row, organizationID: stored.organizationID)
        return row
    }

    /// Every registry row of the organisation, computing rows that are missing, stale (older
    /// version) or from an earlier day. Normally this is one cached read.
    public func registry(organizationID: String) async throws -> [RegistrySummary] {
        let (cached, mustRefresh) = await registryCache.acquire(organizationID)
        if let cached, !mustRefresh { return cached }
        let started = ContinuousClock.now
        do {
            let rows = try await readRegistry(organizationID: organizationID)
            await registryCache.finish(organizationID, rows: rows, at: started)
            return rows
        } catch {
            await registryCache.abandon(organizationID)
            throw error
        }
    }

    /// The registry rows matching `query`, sorted (every page), and the flag counts of all rows;
    /// both are computed once per change of the rows and then reused.
    public func registry(organizationID: String, query: RegistryQuery) async throws
        -> (rows: [RegistrySummary], counts: [String: Int], all: Int)
    {
        let rows = try await registry(organizationID: organizationID)
        let view = await registryCache.view(organizationID, query: query) ?? query.filtered(rows)
        let counts = await registryCache.flagCounts(organizationID) ?? [:]
        return (view, counts, rows.count)
    }

    func readRegistry(organizationID: String) async throws -> [RegistrySummary] {
        let cached = try await store.registrySummaries(organizationID: organizationID)
        let today = today()
        let count = try await store.patientCount(organizationID: organizationID)
        let basis = currentBasis
        // Rows from an earlier day, another knowledge-base version or another profile are rebuilt.
        func current(_ row: RegistrySummary) -> Bool { row.asOf == today && row.basis == basis }
        if cached.count == count, cached.allSatisfy(current) { return cached }
        var byID: [String: RegistrySummary] = [:]
        for row in cached where current(row) { byID[row.patientID] = row }
        var after: String?
        var rebuilt = 0
        while true {
            let page = try await store.patients(organizationID: organizationID, after: after, limit: 500)
            guard let last = page.last else { break }
            var rows: [RegistrySummary] = []
            for stored in page where byID[stored.id]?.version != stored.version {
                let row = summary(of: stored, report: try assess(stored.record))
                rows.append(row)
                byID[stored.id] = row
            }
            // One transaction per page (a patient erased meanwhile is skipped by the store).
            rebuilt += try await store.saveRegistrySummaries(rows, organizationID: organizationID)
            after = last.id
        }
        logger.debug("registry rows rebuilt", metadata: ["stepwise.registry.rebuilt": "\(rebuilt)"])
        return byID.values.sorted { $0.patientID < $1.patientID }
    }
}
