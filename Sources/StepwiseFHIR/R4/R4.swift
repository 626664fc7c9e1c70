// SPDX-License-Identifier: Apache-2.0

/// A hand-written subset of FHIR R4 (4.0.1), enough to read what EHRs and Synthea export about
/// depression care and to write Stepwise's results back.
///
/// No FHIR package is available to this project (see `docs/fhir.md`), so the wire types are plain
/// `Codable`, `Sendable` value types. Choice elements (`value[x]`, `effective[x]`, …) are modelled
/// as one optional property per allowed type, named as on the wire (`valueQuantity`,
/// `valueInteger`). Unknown elements are ignored on input; only elements Stepwise reads or writes
/// are modelled. Dates and date-times stay strings and are parsed where they are used, so an
/// impossible date becomes a mapping issue rather than a decoding failure of the whole Bundle.
public enum R4 {}
