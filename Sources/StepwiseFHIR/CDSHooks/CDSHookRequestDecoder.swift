// SPDX-License-Identifier: Apache-2.0

public import Foundation
import StepwiseCore

/// Decodes a CDS Hooks request body with the bulk importer's JSON tape (validated in one pass, no
/// per-value allocation; resources read straight into the `R4` types), falling back to
/// `JSONDecoder` whenever the fast path cannot read something, so errors stay those of
/// `JSONDecoder` (with their JSON paths) and nothing the fast path skips is lost.
///
/// A body must be JSON (RFC 8259): before any `JSONDecoder` fallback the body is checked by the strict
/// syntax checker, because Foundation's `JSONDecoder` on Linux accepts some malformed input (a trailing
/// comma); malformed bodies throw ``SyntaxError`` with the line and column. The fast path's tape is as
/// strict, so a body it reads needs no second check.
///
/// ```swift
/// let request = try CDSHookRequestDecoder.decode(body)   // CDSHookRequest<R4.Resource>
/// ```
public enum CDSHookRequestDecoder {
    /// Decodes `data` as a hook request.
    ///
    /// - Throws: ``SyntaxError`` when the body is not JSON; `DecodingError` from `JSONDecoder` when it
    ///   is not a valid hook request.
    public static func decode(_ data: Data) throws -> CDSHookRequest<R4.Resource> {
        if let request = fastDecode(data) { return request }
        try checkSyntax(data)
        return try JSONDecoder().decode(CDSHookRequest<R4.Resource>.self, from: data)
    }

    /// Decodes the UTF-8 JSON in `bytes` (e.g. a request body still in the server's buffer, so it is
    /// not copied first); only the `JSONDecoder` fallback copies it into `Data`.
    ///
    /// - Throws: ``SyntaxError`` when the body is not JSON; `DecodingError` from `JSONDecoder` when it
    ///   is not a valid hook request.
    public static func decode(bytes: UnsafeRawBufferPointer) throws -> CDSHookRequest<R4.Resource> {
        if let request = fastDecode(bytes: bytes) { return request }
        let data = Data(bytes)
        try checkSyntax(data)
        return try JSONDecoder().decode(CDSHookRequest<R4.Resource>.self, from: data)
    }

    /// A body that is not JSON: where the first problem is and what was expected, never the content.
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        /// One-based line.
        public var line: Int
        /// One-based column, in bytes.
        public var column: Int
        /// Zero-based byte offset.
        public var offset: Int
        /// What was expected, e.g. `expected a quoted member name`.
        public var reason: String

        /// Creates an error.
        public init(line: Int, column: Int, offset: Int, reason: String) {
            self.line = line
            self.column = column
            self.offset = offset
            self.reason = reason
        }

        /// `the body is not valid JSON: expected a quoted member name at line 1, column 24 (byte 23)`.
        public var description: String {
            "the body is not valid JSON: \(reason) at line \(line), column \(column) (byte \(offset))"
        }
    }

    /// Throws ``SyntaxError`` when `data` is not exactly one well-formed JSON value (RFC 8259; a UTF-8
    /// byte-order mark is skipped, nesting deeper than 512 levels is refused).
    public static func checkSyntax(_ data: Data) throws(SyntaxError) {
        if let failure = JSONSyntax.firstError(in: data) {
            throw SyntaxError(line: failure.line, column: failure.column, offset: failure.offset, reason: failure.message)
        }
    }

    /// The fast path, or `nil` when anything is not as expected.
    static func fastDecode(_ data: Data) -> CDSHookRequest<R4.Resource>? {
        data.withUnsafeBytes { fastDecode(bytes: $0) }
    }

    /// The fast path over raw bytes, or `nil` when anything is not as expected.
    static func fastDecode(bytes: UnsafeRawBufferPointer) -> CDSHookRequest<R4.Resource>? {
        CDSTapePool.withTape { tape in
            do { try tape.parse(bytes) } catch { return nil }
            guard !tape.tokens.isEmpty, tape.kind(0) == .object else { return nil }
            return try? Reader(tape: tape).request(0)
        }
    }

    /// Thrown internally to leave the fast path.
    struct Unreadable: Error {}

    struct Reader {
        let tape: JSONTape

        func request(_ root: Int) throws -> CDSHookRequest<R4.Resource> {
            var (request, prefetch) = try envelope(root, prefetch: self.prefetch)
            request.prefetch = prefetch
            return request
        }

        /// The request's members; the prefetch is read by `readPrefetch` and returned beside the request
        /// (whose own `prefetch` is left empty), so the flattening path reads the same envelope.
        func envelope<Prefetch>(
            _ root: Int, prefetch readPrefetch: (Int) throws -> Prefetch?
        ) throws -> (request: CDSHookRequest<R4.Resource>, prefetch: Prefetch?) {
            var hook: String?
            var instance: String?
            var server: String?
            var authorization: CDSFHIRAuthorization?
            var context: CDSHookContext<R4.Resource>?
            var prefetch: Prefetch?
            try tape.forEachMember(root) { k, v in
                if tape.string(k, is: "hook") {
                    hook = try string(v)
                } else if tape.string(k, is: "hookInstance") {
                    instance = try string(v)
                } else if tape.string(k, is: "fhirServer") {
                    server = try optionalString(v)
                } else if tape.string(k, is: "fhirAuthorization") {
                    authorization = try self.authorization(v)
                } else if tape.string(k, is: "context") {
                    context = try self.context(v)
                } else if tape.string(k, is: "prefetch") {
                    prefetch = try readPrefetch(v)
                }
            }
            guard let hook, let instance, let context else { throw Unreadable() }
            let request = CDSHookRequest(
                hook: hook, hookInstance: instance, fhirServer: server, fhirAuthorization: authorization,
                context: context, prefetch: nil)
            return (request, prefetch)
        }

        func string(_ index: Int) throws -> String {
            guard let text = tape.string(index) else { throw Unreadable() }
            return text
        }

        func optionalString(_ index: Int) throws -> String? {
            tape.kind(index) == .null ? nil : try string(index)
        }

        func authorization(_ index: Int) throws -> CDSFHIRAuthorization? {
            if tape.kind(index) == .null { return nil }
            guard tape.kind(index) == .object else { throw Unreadable() }
            var token: String?
            var type: String?
            var result = CDSFHIRAuthorization(accessToken: "")
            try tape.forEachMember(index) { k, v in
                if tape.string(k, is: "access_token") {
                    token = try string(v)
                } else if tape.string(k, is: "token_type") {
                    type = try string(v)
                } else if tape.string(k, is: "expires_in") {
                    guard tape.kind(v) == .null || tape.integer(v) != nil else { throw Unreadable() }
                    result.expiresIn = tape.integer(v)
                } else if tape.string(k, is: "scope") {
                    result.scope = try optionalString(v)
                } else if tape.string(k, is: "subject") {
                    result.subject = try optionalString(v)
                }
            }
            guard let token, let type else { throw Unreadable() }
            result.accessToken = token
            result.tokenType = type
            return result
        }

        func context(_ index: Int) throws -> CDSHookContext<R4.Resource> {
            guard tape.kind(index) == .object else { throw Unreadable() }
            var context = CDSHookContext<R4.Resource>()
            try tape.forEachMember(index) { k, v in
                if tape.string(k, is: "userId") {
                    context.userId = try optionalString(v)
                } else if tape.string(k, is: "patientId") {
                    context.patientId = try optionalString(v)
                } else if tape.string(k, is: "encounterId") {
                    context.encounterId = try optionalString(v)
                } else if tape.string(k, is: "selections") {
                    guard tape.kind(v) == .array else { throw Unreadable() }
                    var selections: [String] = []
                    try tape.forEachElement(v) { element, _ in selections.append(try string(element)) }
                    context.selections = selections
                } else if tape.string(k, is: "draftOrders") {
                    context.draftOrders = tape.kind(v) == .null ? nil : try resource(v)
                }
            }
            return context
        }

        func prefetch(_ index: Int) throws -> [String: R4.Resource?]? {
            if tape.kind(index) == .null { return nil }
            guard tape.kind(index) == .object else { throw Unreadable() }
            var result: [String: R4.Resource?] = [:]
            try tape.forEachMember(index) { k, v in
                let key = try string(k)
                result[key] = tape.kind(v) == .null ? .some(nil) : .some(try resource(v))
            }
            return result
        }

        /// A resource; a Bundle's entries are read one by one, and an entry that cannot be read keeps
        /// its place with the problem recorded, as the `Codable` Bundle does.
        func resource(_ index: Int) throws -> R4.Resource {
            guard tape.kind(index) == .object else { throw Unreadable() }
            // The bulk decoder first: it reads a Bundle as `.other("Bundle")` without reading its members
            // and never refuses one, so only then are the members scanned for a Bundle (one pass fewer
            // over every other resource's members).
            let decoded: R4.Resource
            do {
                decoded = try BulkResourceDecoder.decode(tape, root: index, expectedType: nil)
            } catch {
                throw Unreadable()
            }
            guard case .other("Bundle") = decoded, isBundle(index) else { return decoded }
            return .bundle(try bundle(index))
        }

        /// Whether the object at `index` is a Bundle: its last `resourceType` member is `"Bundle"`,
        /// compared in place (no String per resource).
        func isBundle(_ index: Int) -> Bool {
            var isBundle = false
            tape.forEachMember(index) { k, v in
                if tape.string(k, is: "resourceType") { isBundle = tape.string(v, is: "Bundle") }
            }
            return isBundle
        }

        func bundle(_ index: Int) throws -> R4.Bundle {
            var bundle = R4.Bundle(type: "")
            var type: String?
            try tape.forEachMember(index) { k, v in
                if tape.string(k, is: "type") {
                    type = try string(v)
                } else if tape.string(k, is: "id") {
                    bundle.id = try optionalString(v)
                } else if tape.string(k, is: "total") {
                    bundle.total = tape.integer(v)
                } else if tape.string(k, is: "link"), tape.kind(v) == .array {
                    var links: [R4.Bundle.Link] = []
                    tape.forEachElement(v) { element, _ in
                        guard tape.kind(element) == .object else { return }
                        var relation: String?
                        var url: String?
                        tape.forEachMember(element) { k2, v2 in
                            if tape.string(k2, is: "relation") { relation = tape.string(v2) }
                            if tape.string(k2, is: "url") { url = tape.string(v2) }
                        }
                        if let relation, let url { links.append(.init(relation: relation, url: url)) }
                    }
                    bundle.link = links
                } else if tape.string(k, is: "entry") {
                    guard tape.kind(v) != .null else { return }
                    guard tape.kind(v) == .array else { throw Unreadable() }
                    bundle.entry = entries(v)
                }
            }
            guard let type else { throw Unreadable() }
            bundle.type = type
            return bundle
        }

        /// The entries of the array at `index`, read with plain loops (no closure holds an entry, so
        /// each one is built in place and moved into the array, not copied).
        func entries(_ index: Int) -> [R4.Bundle.Entry] {
            let stop = Int(tape.tokens[index].next)
            var count = 0
            var k = index + 1
            while k < stop {
                count += 1
                k = Int(tape.tokens[k].next)
            }
            var entries: [R4.Bundle.Entry] = []
            entries.reserveCapacity(count)
            k = index + 1
            var position = 0
            while k < stop {
                entries.append(entry(k, position))
                position += 1
                k = Int(tape.tokens[k].next)
            }
            return entries
        }

        func entry(_ index: Int, _ position: Int) -> R4.Bundle.Entry {
            var entry = R4.Bundle.Entry()
            guard tape.kind(index) == .object else {
                entry.problem = Self.problem("entry[\(position)] is not an object")
                return entry
            }
            let stop = Int(tape.tokens[index].next)
            var k = index + 1
            while k < stop {
                let v = k + 1
                defer { k = Int(tape.tokens[v].next) }
                if tape.string(k, is: "fullUrl") {
                    entry.fullUrl = tape.string(v)
                } else if tape.string(k, is: "resource"), tape.kind(v) != .null {
                    if tape.kind(v) == .object {
                        do {
                            entry.resource = try resource(v)
                        } catch {
                            // What the tape readers refuse, `Codable` may still read (or say why not).
                            do {
                                entry.resource = try foundationResource(v)
                            } catch let error as DecodingError {
                                entry.problem = DecodingErrorDescription(error)
                            } catch {
                                entry.problem = Self.problem("entry[\(position)].resource could not be read")
                            }
                        }
                    } else {
                        entry.problem = Self.problem("entry[\(position)].resource is not an object")
                    }
                }
            }
            return entry
        }

        /// The value at `index` decoded by `JSONDecoder` from its own bytes.
        func foundationResource(_ index: Int) throws -> R4.Resource {
            let token = tape.tokens[index]
            guard let base = tape.bytes.baseAddress else { throw Unreadable() }
            let data = Data(bytes: base + Int(token.start), count: Int(token.end - token.start))
            return try JSONDecoder().decode(R4.Resource.self, from: data)
        }

        static func problem(_ message: String) -> DecodingErrorDescription {
            DecodingErrorDescription(.dataCorrupted(.init(codingPath: [], debugDescription: message)))
        }
    }
}
