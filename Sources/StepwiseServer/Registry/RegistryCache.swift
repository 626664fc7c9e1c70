// SPDX-License-Identifier: Apache-2.0
import StepwiseStorage

/// An in-process copy of each organisation's registry rows, so a busy caseload page does not
/// re-read 10 000 cached rows from the database on every request.
///
/// - Writes made through this instance update the copy in place (``upsert(_:in:)``).
/// - Rows older than ``lifetime`` are re-read from the store so that writes made through other
///   instances appear; only one request re-reads at a time, the others keep using the previous
///   rows meanwhile (no stampede of 10 000-row reads under load).
public actor RegistryCache {
    /// How long rows are used before they are re-read (default 3 seconds).
    public let lifetime: Duration
    private var entries: [String: Entry] = [:]
    private var refreshing: Set<String> = []
    /// Filtered and sorted views of the current rows, per organisation and query.
    private var views: [String: [String: [RegistrySummary]]] = [:]
    /// Flag counts of the current rows, per organisation.
    private var counts: [String: [String: Int]] = [:]

    struct Entry {
        var rows: [RegistrySummary]
        var at: ContinuousClock.Instant
    }

    /// Creates an empty cache.
    public init(lifetime: Duration = .seconds(3)) { self.lifetime = lifetime }

    /// The rows to use now, and whether the caller must re-read them from the store (then call
    /// ``finish(_:rows:at:)`` or ``abandon(_:)``).
    public func acquire(_ organizationID: String) -> (rows: [RegistrySummary]?, mustRefresh: Bool) {
        let entry = entries[organizationID]
        if let entry, ContinuousClock.now - entry.at < lifetime { return (entry.rows, false) }
        if let entry, refreshing.contains(organizationID) { return (entry.rows, false) }
        refreshing.insert(organizationID)
        return (entry?.rows, true)
    }

    /// Stores rows read at `at` and ends the refresh.
    public func finish(_ organizationID: String, rows: [RegistrySummary], at: ContinuousClock.Instant) {
        refreshing.remove(organizationID)
        if entries[organizationID]?.rows != rows { forgetViews(organizationID) }
        entries[organizationID] = Entry(rows: rows, at: at)
    }

    /// The current rows filtered and sorted by `query`, computed once per change of the rows.
    public func view(_ organizationID: String, query: RegistryQuery) -> [RegistrySummary]? {
        guard let entry = entries[organizationID] else { return nil }
        let key = query.viewKey
        if let rows = views[organizationID]?[key] { return rows }
        let rows = query.filtered(entry.rows)
        if (views[organizationID]?.count ?? 0) >= 64 { views[organizationID] = [:] }
        views[organizationID, default: [:]][key] = rows
        return rows
    }

    /// How many current rows carry each flag (and `trd` for any TRD definition met).
    public func flagCounts(_ organizationID: String) -> [String: Int]? {
        guard let entry = entries[organizationID] else { return nil }
        if let cached = counts[organizationID] { return cached }
        var result: [String: Int] = [:]
        for row in entry.rows {
            for flag in row.flags { result[flag, default: 0] += 1 }
            if !row.trdDefinitionsMet.isEmpty { result["trd", default: 0] += 1 }
        }
        counts[organizationID] = result
        return result
    }

    private func forgetViews(_ organizationID: String) {
        views[organizationID] = nil
        counts[organizationID] = nil
    }

    /// Ends a failed refresh.
    public func abandon(_ organizationID: String) { refreshing.remove(organizationID) }

    /// Replaces (or adds) one patient's row after a write through this instance.
    public func upsert(_ row: RegistrySummary, in organizationID: String) {
        guard var entry = entries[organizationID] else { return }
        if let index = entry.rows.firstIndex(where: { $0.patientID == row.patientID }) {
            entry.rows[index] = row
        } else {
            let index = entry.rows.firstIndex { $0.patientID > row.patientID } ?? entry.rows.endIndex
            entry.rows.insert(row, at: index)
        }
        entries[organizationID] = entry
        forgetViews(organizationID)
    }

    /// Removes one patient's row (after a deletion through this instance).
    public func remove(patientID: String, in organizationID: String) {
        entries[organizationID]?.rows.removeAll { $0.patientID == patientID }
        forgetViews(organizationID)
    }

    /// Forgets an organisation's rows.
    public func invalidate(_ organizationID: String) {
        entries[organizationID] = nil
        forgetViews(organizationID)
    }
}
