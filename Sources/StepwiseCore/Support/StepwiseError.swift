// SPDX-License-Identifier: Apache-2.0

/// An error thrown by the Stepwise library.
///
/// `description` is safe to log and to show to API clients: it names *where* the problem is
/// (file, line, JSON path, instrument and item) and *what was expected*, but it never contains
/// patient identifiers, names or free text. Values are included only where they are the
/// offending input itself (for example an out-of-range item answer such as `7`).
public struct StepwiseError: Error, Sendable, Equatable {
    /// A broad, stable classification. New codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let base: String
        private init(_ base: String) { self.base = base }

        /// The input does not have the expected shape or a value is out of range.
        public static var invalidInput: Self { Self("invalid-input") }
        /// Data that is required is absent.
        public static var missingData: Self { Self("missing-data") }
        /// The named thing (instrument, rule, patient, profile) does not exist.
        public static var notFound: Self { Self("not-found") }
        /// A concurrent change won; reload and retry.
        public static var conflict: Self { Self("conflict") }
        /// The caller is not allowed to do this.
        public static var forbidden: Self { Self("forbidden") }
        /// A dependency (database, remote server) is not reachable.
        public static var unavailable: Self { Self("unavailable") }
        /// A bundled knowledge resource is broken (a programming error in the release).
        public static var knowledgeBase: Self { Self("knowledge-base") }

        public var description: String { base }
    }

    /// The classification.
    public var code: Code
    /// What went wrong and how to fix it, without patient data.
    public var message: String
    /// Where: a file name, `file:line`, or a JSON path such as `trials[2].doses[0].mgPerDay`.
    public var location: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, at location: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
    }
}

extension StepwiseError: CustomStringConvertible {
    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }
}
