// SPDX-License-Identifier: Apache-2.0
// STUB — owned by the trials work.

/// The bundled drug catalogue (`drugs.json`).
public struct DrugCatalog: Sendable {
    /// Loads the bundled catalogue.
    public static func bundled() throws -> DrugCatalog { DrugCatalog() }
}
