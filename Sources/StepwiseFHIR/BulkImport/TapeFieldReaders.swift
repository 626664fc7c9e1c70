// SPDX-License-Identifier: Apache-2.0

/// A resource whose shape is wrong: the FHIR element path and what was expected, never the value.
struct ResourceShapeError: Error, Sendable, Equatable {
    /// The element, e.g. `Observation.code.coding[0].system`.
    var path: String
    /// What was wrong, e.g. `expected a string`.
    var reason: String
}

/// Typed reads of single values from a `JSONTape`, throwing `ResourceShapeError` on a wrong type.
/// JSON `null` reads as absent, as Foundation's `decodeIfPresent` does.
extension JSONTape {
    func readString(_ v: Int, _ path: @autoclosure () -> String) throws -> String? {
        switch tokens[v].kind {
        case .string: return string(v)
        case .null: return nil
        default: throw ResourceShapeError(path: path(), reason: "expected a string")
        }
    }

    /// Throws what ``readString(_:_:)`` throws for `v`, without building the string.
    func checkString(_ v: Int, _ path: @autoclosure () -> String) throws {
        switch tokens[v].kind {
        case .string, .null: return
        default: throw ResourceShapeError(path: path(), reason: "expected a string")
        }
    }

    func readDouble(_ v: Int, _ path: @autoclosure () -> String) throws -> Double? {
        switch tokens[v].kind {
        case .number:
            guard let value = double(v) else { throw ResourceShapeError(path: path(), reason: "number out of range") }
            return value
        case .null: return nil
        default: throw ResourceShapeError(path: path(), reason: "expected a number")
        }
    }

    func readInt(_ v: Int, _ path: @autoclosure () -> String) throws -> Int? {
        switch tokens[v].kind {
        case .number:
            guard let value = integer(v) else { throw ResourceShapeError(path: path(), reason: "expected a whole number") }
            return value
        case .null: return nil
        default: throw ResourceShapeError(path: path(), reason: "expected a whole number")
        }
    }

    func readBool(_ v: Int, _ path: @autoclosure () -> String) throws -> Bool? {
        switch tokens[v].kind {
        case .true: return true
        case .false: return false
        case .null: return nil
        default: throw ResourceShapeError(path: path(), reason: "expected true or false")
        }
    }

    /// `true` when `v` is an object, `false` for `null`; throws for anything else.
    func isObject(_ v: Int, _ path: @autoclosure () -> String) throws -> Bool {
        switch tokens[v].kind {
        case .object: return true
        case .null: return false
        default: throw ResourceShapeError(path: path(), reason: "expected an object")
        }
    }

    /// `true` when `v` is an array, `false` for `null`; throws for anything else.
    func isArray(_ v: Int, _ path: @autoclosure () -> String) throws -> Bool {
        switch tokens[v].kind {
        case .array: return true
        case .null: return false
        default: throw ResourceShapeError(path: path(), reason: "expected a list")
        }
    }

    /// Reads an array of objects with `element`, or `nil` when absent.
    func readArray<T>(
        _ v: Int, _ path: @autoclosure () -> String, _ element: (Int, () -> String) throws -> T?
    ) throws -> [T]? {
        guard try isArray(v, path()) else { return nil }
        var result: [T] = []
        try withoutActuallyEscaping(path) { arrayPath in
            try forEachElement(v) { e, n in
                if let value = try element(e, { arrayPath() + "[\(n)]" }) { result.append(value) }
            }
        }
        return result
    }

    func readStrings(_ v: Int, _ path: @autoclosure () -> String) throws -> [String]? {
        try readArray(v, path()) { e, p in try readString(e, p()) }
    }
}
