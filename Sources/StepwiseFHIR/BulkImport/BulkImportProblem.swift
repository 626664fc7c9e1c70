// SPDX-License-Identifier: Apache-2.0

/// Why a line (or Bundle entry) of an import was rejected. Stable ids for the summary.
public enum BulkRejectReason: String, Sendable, CaseIterable, Codable, CodingKeyRepresentable, Comparable {
    /// Not valid JSON.
    case malformedJSON = "malformed-json"
    /// Valid JSON but not a JSON object.
    case notAnObject = "not-an-object"
    /// No `resourceType`, or it is not a string.
    case missingResourceType = "missing-resource-type"
    /// A `resourceType` that is not a FHIR R4 resource, or that differs from the file's type.
    case wrongResourceType = "wrong-resource-type"
    /// A required element is missing (e.g. `Observation.status`, the patient reference).
    case missingRequiredElement = "missing-required-element"
    /// An element has the wrong JSON type (e.g. a number where a string belongs).
    case wrongElementType = "wrong-element-type"
    /// The line is longer than the configured limit.
    case lineTooLong = "line-too-long"
    /// Read, but the mapping could not use it (impossible date, unknown status, no score, …).
    case notMappable = "not-mappable"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A problem with one line (or Bundle entry): where and what, never the content.
public struct BulkImportProblem: Sendable, Equatable, Codable, CustomStringConvertible {
    /// How serious it is.
    public enum Severity: String, Sendable, Codable {
        /// The resource was rejected: nothing from it was imported.
        case rejected
        /// The resource was imported with a caveat (e.g. a dose recorded as unknown).
        case warning
        /// The resource was read but not used, e.g. an Observation code Stepwise does not read.
        case notUsed = "not-used"
        /// Patients were left unwritten because someone else kept changing them in the store
        /// during the import (their stored records were kept as they were).
        case notWritten = "not-written"
    }

    /// The file's name (not its directory). A note about an assembled record (e.g. two
    /// overlapping trials) points at the patient's own line; empty when that is not known.
    public var file: String
    /// The 1-based line number (for a Bundle entry: the line where the entry starts).
    public var line: Int
    /// For a Bundle: the entry, e.g. `entry[3]`.
    public var entry: String?
    /// How serious it is.
    public var severity: Severity
    /// For a rejection: the classification.
    public var reason: BulkRejectReason?
    /// What was wrong and where in the resource, in plain words.
    public var message: String

    /// Creates a problem.
    public init(
        file: String, line: Int, entry: String? = nil, severity: Severity = .rejected, reason: BulkRejectReason?,
        message: String
    ) {
        self.file = file
        self.line = line
        self.entry = entry
        self.severity = severity
        self.reason = reason
        self.message = message
    }

    /// `file:line: rejected (reason): message`.
    public var description: String {
        let place: String
        if file.isEmpty {
            place = "(assembled record)"
        } else if let entry {
            place = "\(file) \(entry)"
        } else {
            place = "\(file):\(line)"
        }
        switch severity {
        case .rejected: return "\(place): rejected (\(reason?.rawValue ?? "error")): \(message)"
        case .warning: return "\(place): warning: \(message)"
        case .notUsed: return "\(place): not used: \(message)"
        case .notWritten: return "\(file.isEmpty ? "import" : place): not written: \(message)"
        }
    }
}
