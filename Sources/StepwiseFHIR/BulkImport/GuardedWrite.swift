// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// Writes imported records into the store without losing anyone else's save.
///
/// Each group of patients is read, merged and saved with the versions that were read (absent:
/// the patient must not exist yet). When the store refuses because someone (a clinician on the
/// clinic server, another import) saved one of them in between, the group is re-read, the
/// imported data re-merged into the current records and the save tried again after a short
/// random pause. A group that still conflicts after `attempts` tries is split: the patients seen
/// changing are tried one by one, the others together (or the group is halved when that does not
/// separate them), so one busy patient does not hold back the rest. A single patient that keeps
/// changing is counted as not written; its stored record is never overwritten.
struct GuardedWrite<Sink: BulkRecordSink> {
    let sink: Sink
    /// Tries per group, at least 1.
    let attempts: Int
    /// Whether a patient may already be stored before the first read (false: skip reading it back).
    let mayExist: @Sendable (String) -> Bool

    struct Outcome: Sendable {
        var counts = BulkWriteCounts()
        /// Patients left unwritten after every try (their stored records are unchanged).
        var notWritten = 0
    }

    private enum GroupResult {
        case saved(BulkWriteCounts)
        /// Still conflicting after every try; the patients whose stored version changed meanwhile.
        case conflicting(contested: Set<String>)
    }

    /// Writes `incoming` (mapped records with unique ids) into the store.
    func write(_ incoming: [PatientRecord]) async throws -> Outcome {
        var outcome = Outcome()
        guard !incoming.isEmpty else { return outcome }
        var groups: [[PatientRecord]] = [incoming]
        var firstRead = true
        while let group = groups.popLast() {
            let result = try await write(group: group, firstRead: firstRead)
            firstRead = false
            switch result {
            case .saved(let counts):
                outcome.counts.created += counts.created
                outcome.counts.updated += counts.updated
                outcome.counts.unchanged += counts.unchanged
            case .conflicting(let contested):
                guard group.count > 1 else {
                    outcome.notWritten += 1
                    continue
                }
                let busy = group.filter { contested.contains($0.id) }
                let calm = group.filter { !contested.contains($0.id) }
                if busy.isEmpty || calm.isEmpty {
                    let half = group.count / 2
                    groups.append(Array(group[half...]))
                    groups.append(Array(group[..<half]))
                } else {
                    for record in busy.reversed() { groups.append([record]) }
                    groups.append(calm)
                }
            }
        }
        return outcome
    }

    /// Reads, merges and saves one group, re-reading and re-merging after each conflict.
    private func write(group incoming: [PatientRecord], firstRead: Bool) async throws -> GroupResult {
        let ids = incoming.map(\.id)
        let lookup = firstRead ? ids.filter(mayExist) : ids
        var stored = lookup.isEmpty ? [:] : try await sink.existingRecords(ids: lookup)
        var merged = incoming.map { record in stored[record.id].map { RecordMerge.merge(record, into: $0.record) } ?? record }
        var contested: Set<String> = []
        for attempt in 1...max(1, attempts) {
            do {
                return .saved(try await sink.save(merged, expectedVersions: stored.mapValues(\.version)))
            } catch let error as StepwiseError where error.code == .conflict {
                // Jittered pause so concurrent writers do not keep colliding (as the clinic server does).
                let ceiling = min(50, 2 * attempt)
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...ceiling)))
                let current = try await sink.existingRecords(ids: ids)
                for (index, record) in incoming.enumerated() where current[record.id]?.version != stored[record.id]?.version {
                    contested.insert(record.id)
                    merged[index] = current[record.id].map { RecordMerge.merge(record, into: $0.record) } ?? record
                }
                stored = current
            }
        }
        return .conflicting(contested: contested)
    }
}
