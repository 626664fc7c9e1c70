// SPDX-License-Identifier: Apache-2.0

/// The record being assessed, in one object shared by the engine steps whose deferred texts read
/// it when a report is written (the safety signals, the checklist, the monitoring items).
///
/// Each of those steps used to keep its own copy of the record (a retain of every field, and a
/// release when the report is freed); one object per assessment makes each a single retain.
final class SharedRecord: Sendable {
    /// The record, as given to the assessor.
    let record: PatientRecord

    init(_ record: PatientRecord) { self.record = record }
}
