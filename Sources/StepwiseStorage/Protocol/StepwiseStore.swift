// SPDX-License-Identifier: Apache-2.0
import StepwiseCore

/// Everything the clinic server persists: one protocol, three backends.
///
/// `InMemoryStore` (reference, tests), `SQLiteStore` (embedded default, module
/// `StepwiseStorageSQLite`) and `PostgresStore` (several server instances, module
/// `StepwiseStoragePostgres`) all pass the same conformance suite in `StepwiseStorageTests`.
/// Callers catch `StepwiseError` only; no driver type leaks out.
public protocol StepwiseStore: PatientStore, AccountStore, CareTeamStore, AuditStore {}
