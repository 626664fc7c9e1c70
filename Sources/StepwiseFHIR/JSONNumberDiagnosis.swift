// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Finds the number behind Foundation's pathless "The given data was not valid JSON." when the
/// syntax is valid: a fraction or a too-large value where the record expects a whole number.
///
/// Every number that is not a whole number fitting `Int` is a candidate; each is replaced by 0 in
/// turn and the document decoded again; the first whose replacement removes the pathless error
/// is the culprit.
public enum JSONNumberDiagnosis {
    /// The culprit's JSON path and a message naming the value and what was expected.
    public struct Culprit: Sendable, Equatable {
        /// The JSON path, e.g. `$.measurements[0].answers[0]`.
        public var path: String
        /// The value and what was expected: `1.5 is not a whole number; expected a whole number`.
        public var message: String
    }

    /// The number that keeps `data` from decoding as `type`, or `nil` when none is found.
    public static func culprit<T: Decodable>(in data: Data, decoding type: T.Type) -> Culprit? {
        guard let tree = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return nil }
        var candidates: [(path: [PathStep], value: Double)] = []
        collect(tree, at: [], into: &candidates)
        for candidate in candidates.prefix(200) {
            let patched = replacing(in: tree, at: candidate.path[...], with: 0)
            guard let bytes = try? JSONSerialization.data(withJSONObject: patched, options: [.fragmentsAllowed]) else {
                continue
            }
            if stillPathless(bytes, type) { continue }
            let shown = candidate.value.magnitude >= 1e15 ? String(candidate.value) : String(describing: candidate.value)
            let what = candidate.value.rounded() == candidate.value ? "is too large" : "is not a whole number"
            return Culprit(
                path: render(candidate.path), message: "\(shown) \(what); expected a whole number")
        }
        return nil
    }

    enum PathStep: Equatable {
        case key(String)
        case index(Int)
    }

    private static func stillPathless<T: Decodable>(_ data: Data, _ type: T.Type) -> Bool {
        do {
            _ = try JSONDecoder().decode(type, from: data)
            return false
        } catch DecodingError.dataCorrupted(let context) {
            return context.codingPath.isEmpty
        } catch {
            return false
        }
    }

    private static func collect(_ node: Any, at path: [PathStep], into out: inout [(path: [PathStep], value: Double)]) {
        switch node {
        case let object as [String: Any]:
            for (key, value) in object.sorted(by: { $0.key < $1.key }) { collect(value, at: path + [.key(key)], into: &out) }
        case let array as [Any]:
            for (index, element) in array.enumerated() { collect(element, at: path + [.index(index)], into: &out) }
        case let number as NSNumber:
            // true/false are integral (1/0), so they are never candidates.
            let value = number.doubleValue
            if value.rounded() != value || value.magnitude >= 9.2e18 { out.append((path, value)) }
        default:
            break
        }
    }

    private static func replacing(in node: Any, at path: ArraySlice<PathStep>, with value: Any) -> Any {
        guard let step = path.first else { return value }
        switch (step, node) {
        case (.key(let key), var object as [String: Any]):
            if let child = object[key] { object[key] = replacing(in: child, at: path.dropFirst(), with: value) }
            return object
        case (.index(let index), var array as [Any]) where index < array.count:
            array[index] = replacing(in: array[index], at: path.dropFirst(), with: value)
            return array
        default:
            return node
        }
    }

    private static func render(_ path: [PathStep]) -> String {
        var text = "$"
        for step in path {
            switch step {
            case .key(let key): text += "." + key
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}
