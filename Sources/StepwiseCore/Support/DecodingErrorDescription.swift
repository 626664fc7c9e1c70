// SPDX-License-Identifier: Apache-2.0

/// Turns a `DecodingError` into a JSON path (`trials[2].doses[0].mgPerDay`) and a plain message
/// saying what was expected, without echoing patient data.
public struct DecodingErrorDescription: Sendable {
    /// The JSON path of the offending value, `$` for the document root.
    public var path: String
    /// What was wrong and what was expected.
    public var message: String

    /// Describes `error`.
    public init(_ error: DecodingError) {
        switch error {
        case .typeMismatch(let type, let context):
            path = Self.path(context.codingPath)
            message = "expected \(Self.name(of: type))" + Self.detail(context)
        case .valueNotFound(let type, let context):
            path = Self.path(context.codingPath)
            message = "expected \(Self.name(of: type)), found null"
        case .keyNotFound(let key, let context):
            path = Self.path(context.codingPath + [key])
            message = "required field \"\(key.stringValue)\" is missing"
        case .dataCorrupted(let context):
            path = Self.path(context.codingPath)
            let debug = context.debugDescription
            if context.codingPath.isEmpty {
                message = "the file is not valid JSON or YAML" + (debug.isEmpty ? "" : " (\(Self.trim(debug)))")
            } else if let allowed = Self.allowedValues(debug) {
                message = allowed
            } else {
                message = Self.trim(debug)
            }
        @unknown default:
            path = "$"
            message = "the input could not be decoded"
        }
    }

    /// Renders a coding path the way JSON Path does: `$.trials[2].agent`.
    public static func path(_ codingPath: [any CodingKey]) -> String {
        var text = "$"
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += ".\(key.stringValue)"
            }
        }
        return text
    }

    /// `"adverse-event" is not one of: non-response, …` for Foundation's and Yams' "Cannot
    /// initialize StopReason from invalid String value adverse-event", naming the record's allowed
    /// values instead of a Swift type.
    static func allowedValues(_ debug: String) -> String? {
        let prefix = "Cannot initialize "
        let middle = " from invalid String value "
        guard debug.hasPrefix(prefix) else { return nil }
        let rest = debug.dropFirst(prefix.count)
        guard let space = rest.firstIndex(of: " "), rest[space...].hasPrefix(middle) else { return nil }
        let typeName = String(rest[..<space])
        var value = String(rest[space...].dropFirst(middle.count))
        if value.count > 40 { value = String(value.prefix(40)) + "…" }
        guard let allowed = Self.enumValues[typeName] else { return nil }
        return "\"\(value)\" is not one of: " + allowed.joined(separator: ", ")
    }

    /// The record format's string enumerations, by their Swift type name.
    static let enumValues: [String: [String]] = [
        "StopReason": StopReason.allCases.map(\.rawValue),
        "Kind": TreatmentTrial.Kind.allCases.map(\.rawValue),
        "Role": TreatmentTrial.Role.allCases.map(\.rawValue),
        "ECTLaterality": ECTLaterality.allCases.map(\.rawValue),
        "Course": Episode.Course.allCases.map(\.rawValue),
        "EpisodeSeverity": EpisodeSeverity.allCases.map(\.rawValue),
        "CodeSystem": CodeSystem.allCases.map(\.rawValue),
        "Sex": Sex.allCases.map(\.rawValue),
        "Status": Condition.Status.allCases.map(\.rawValue),
        "FindingStatus": ClinicalFinding.FindingStatus.allCases.map(\.rawValue),
    ]

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "a whole number"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default:
            if String(describing: type).hasPrefix("Array") { "a list" } else { "an object" }
        }
    }

    private static func detail(_ context: DecodingError.Context) -> String {
        let debug = context.debugDescription
        if debug.contains("but found") { return " (\(trim(debug)))" }
        return ""
    }

    private static func trim(_ text: String) -> String {
        text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}
