// SPDX-License-Identifier: Apache-2.0
import StepwiseStorage

/// An in-process copy of each organisation's registry rows, so a busy caseload page does not
/// re-read 10 000 cached rows from the database on every request.
///
/// Entries live for ``lifetime`` and are dropped at once when this instance writes a patient of
/// the organisation; changes made through another server instance show up within ``lifetime``.
public actor RegistryCache {
    /// How long rows are reused (default 3 seconds).
    public let lifetime: Duration
    private var entries: [String: (rows: [RegistrySummary], at: ContinuousClock.Instant)] = [:]

    /// Creates an empty cache.
    public init(lifetime: Duration = .seconds(3)) { self.lifetime = lifetime }

    /// The cached rows of an organisation, if fresh.
    public func rows(_ organizationID: String) -> [RegistrySummary]? {
        guard let entry = entries[organizationID], ContinuousClock.now - entry.at < lifetime else { return nil }
        return entry.rows
    }

    /// Stores rows read at `at`.
    public func store(_ rows: [RegistrySummary], for organizationID: String, at: ContinuousClock.Instant) {
        entries[organizationID] = (rows, at)
    }

    /// Forgets an organisation's rows (after a write).
    public func invalidate(_ organizationID: String) { entries[organizationID] = nil }
}
