// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// Finds fields a native record contains that Stepwise does not read (usually a typo such as
/// `stopreason`), so they are reported instead of silently ignored.
enum UnknownFieldCheck {
    private static let shapes: [String: Set<String>] = [
        "record": ["id", "birthDate", "sex", "episode", "measurements", "trials", "conditions", "labs", "findings", "goals"],
        "episode": ["onset", "diagnosis", "course"],
        "diagnosis": ["code", "system", "display", "severity", "psychoticFeatures"],
        "measurement": ["id", "instrument", "date", "answers", "total", "items"],
        "trial": [
            "id", "kind", "agent", "role", "augments", "start", "end", "doses", "adherence", "stopReason", "sessions",
            "laterality", "clinicianRatedImprovement", "currentEpisode", "note",
        ],
        "dose": ["from", "mgPerDay"],
        "adherence": ["percentDaysCovered", "clinicianEstimate", "source"],
        "condition": ["code", "system", "category", "display", "status", "date"],
        "lab": ["test", "value", "unit", "date"],
        "finding": ["check", "status", "date", "method"],
        "goal": ["description", "set", "target", "status"],
    ]

    private static let children: [String: [String: String]] = [
        "record": [
            "episode": "episode", "measurements": "measurement", "trials": "trial", "conditions": "condition",
            "labs": "lab", "findings": "finding", "goals": "goal",
        ],
        "episode": ["diagnosis": "diagnosis"],
        "trial": ["doses": "dose", "adherence": "adherence"],
    ]

    /// Warnings for every unknown field in `object` (a decoded JSON or YAML document).
    static func warnings(in object: Any) -> [InputIssue] {
        var issues: [InputIssue] = []
        visit(object, shape: "record", path: "$", issues: &issues)
        return issues
    }

    private static func visit(_ node: Any, shape: String, path: String, issues: inout [InputIssue]) {
        if let array = node as? [Any] {
            for (index, element) in array.enumerated() {
                visit(element, shape: shape, path: "\(path)[\(index)]", issues: &issues)
            }
            return
        }
        guard let object = node as? [String: Any], let known = shapes[shape] else { return }
        for key in object.keys.sorted() {
            if !known.contains(key) {
                let expected = known.sorted().joined(separator: ", ")
                issues.append(
                    InputIssue(
                        path: "\(path).\(key)", message: "unknown field \"\(key)\" is ignored; expected one of: \(expected)",
                        severity: "warning"))
                continue
            }
            if let childShape = children[shape]?[key], let value = object[key] {
                visit(value, shape: childShape, path: "\(path).\(key)", issues: &issues)
            }
        }
    }
}
