// SPDX-License-Identifier: Apache-2.0
// STUB — owned by the instruments work; replaced by the real catalogue.

/// The bundled rating instruments (`instruments.json`).
public struct InstrumentCatalog: Sendable {
    /// Loads the bundled catalogue.
    public static func bundled() throws -> InstrumentCatalog { InstrumentCatalog() }
}
