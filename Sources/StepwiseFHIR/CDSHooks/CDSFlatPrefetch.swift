// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore

/// One prefetch value as the CDS service uses it: the resources (a Bundle's entries' resources, nested
/// Bundles flattened, OperationOutcome search entries left out) and the number of entries that could
/// not be read.
public struct CDSFlatPrefetch: Sendable, Equatable {
    /// The resources, in the order they appear.
    public var resources: [R4.Resource]
    /// Entries that could not be decoded (counted, not used).
    public var problems: Int

    /// Creates a flattened value.
    public init(resources: [R4.Resource] = [], problems: Int = 0) {
        self.resources = resources
        self.problems = problems
    }

    /// `resource` flattened.
    public init(flattening resource: consuming R4.Resource) {
        self.init()
        problems = Self.flatten(resource, into: &resources)
    }

    /// Appends `resource` (or, for a Bundle, its entries' resources) to `resources`; returns the number
    /// of entries that could not be decoded. OperationOutcome search entries are skipped. Resources are
    /// shared with the Bundle (one retain each), not copied.
    public static func flatten(_ resource: consuming R4.Resource, into resources: inout [R4.Resource]) -> Int {
        let entries: [R4.Bundle.Entry]
        switch consume resource {
        case .bundle(let bundle):
            entries = bundle.entry ?? []
        case .operationOutcome:
            return 0
        case let other:
            resources.append(other)
            return 0
        }
        // Read in place: the Bundle sits in a shared box, so its entries array is not uniquely held and
        // reversing or taking from it would copy every entry first; a resource read out is one retain.
        var problems = 0
        for index in entries.indices {
            if entries[index].problem != nil { problems += 1 }
            guard let inner = entries[index].resource else { continue }
            problems += flatten(inner, into: &resources)
        }
        return problems
    }
}

extension CDSHookRequestDecoder {
    /// Decodes a hook request whose prefetch is flattened while it is read: the request comes back
    /// without `prefetch`, and each prefetch key's value as ``CDSFlatPrefetch`` (`.some(nil)` for a
    /// `null` value). The resources, their order and the problem counts are those of decoding with
    /// ``decode(bytes:)`` and flattening each value with ``CDSFlatPrefetch/init(flattening:)``; no
    /// Bundle, entry or `fullUrl` is built on the way.
    ///
    /// - Throws: ``SyntaxError`` when the body is not JSON; `DecodingError` from `JSONDecoder` when it is
    ///   not a valid hook request (the same errors as ``decode(bytes:)``).
    public static func decodeFlattened(
        bytes: UnsafeRawBufferPointer
    ) throws -> (request: CDSHookRequest<R4.Resource>, prefetch: [String: CDSFlatPrefetch?]?) {
        if let decoded = fastDecodeFlattened(bytes: bytes) { return decoded }
        let data = Data(bytes)
        try checkSyntax(data)
        var request = try JSONDecoder().decode(CDSHookRequest<R4.Resource>.self, from: data)
        let prefetch = request.prefetch.take()
        return (request, prefetch.map { $0.mapValues { value in value.map { CDSFlatPrefetch(flattening: $0) } } })
    }

    /// The fast path of ``decodeFlattened(bytes:)``, or `nil` when anything is not as expected.
    static func fastDecodeFlattened(
        bytes: UnsafeRawBufferPointer
    ) -> (request: CDSHookRequest<R4.Resource>, prefetch: [String: CDSFlatPrefetch?]?)? {
        CDSTapePool.withTape { tape in
            // Room for the tokens at once (a hook body has one per 8–10 bytes; more still fit, by growing),
            // instead of doubling from 256 and copying the tokens four times for a 22 kB body.
            tape.tokens.reserveCapacity(bytes.count / 6)
            do { try tape.parse(bytes) } catch { return nil }
            guard !tape.tokens.isEmpty, tape.kind(0) == .object else { return nil }
            return try? Reader(tape: tape).flatRequest(0)
        }
    }
}

extension CDSHookRequestDecoder.Reader {
    typealias Unreadable = CDSHookRequestDecoder.Unreadable

    /// ``request(_:)`` with the prefetch flattened instead of built.
    func flatRequest(
        _ root: Int
    ) throws -> (request: CDSHookRequest<R4.Resource>, prefetch: [String: CDSFlatPrefetch?]?) {
        try envelope(root, prefetch: flatPrefetch)
    }

    /// ``prefetch(_:)``, each value flattened.
    func flatPrefetch(_ index: Int) throws -> [String: CDSFlatPrefetch?]? {
        if tape.kind(index) == .null { return nil }
        guard tape.kind(index) == .object else { throw Unreadable() }
        var result: [String: CDSFlatPrefetch?] = [:]
        try tape.forEachMember(index) { k, v in
            let key = try string(k)
            if tape.kind(v) == .null {
                result[key] = .some(nil)
            } else {
                var flat = CDSFlatPrefetch()
                try flatten(v, into: &flat)
                result[key] = .some(flat)
            }
        }
        return result
    }

    /// Adds what ``resource(_:)`` reads at `index`, flattened, to `flat`; throws where it throws.
    func flatten(_ index: Int, into flat: inout CDSFlatPrefetch) throws {
        guard tape.kind(index) == .object, isBundle(index) else {
            // As `resource(_:)` reads it (not a Bundle: the bulk decoder's resource).
            flat.problems += CDSFlatPrefetch.flatten(try resource(index), into: &flat.resources)
            return
        }
        try flattenBundle(index, into: &flat)
    }

    /// ``bundle(_:)`` flattened: the same members are checked (and refused) in the same way, then the
    /// entries of the last `entry` array are read as ``entry(_:_:)`` reads them, without their `fullUrl`.
    func flattenBundle(_ index: Int, into flat: inout CDSFlatPrefetch) throws {
        guard let entries = try checkedBundleEntries(index) else { return }
        forEachEntry(entries) { k in
            let (resource, problem) = entry(k)
            if problem { flat.problems += 1 }
            if let resource { flat.problems += CDSFlatPrefetch.flatten(resource, into: &flat.resources) }
        }
    }

    /// The Bundle at `index` checked as ``bundle(_:)`` checks it (and refused where it refuses it): the
    /// token of its last `entry` array, or `nil` when it has none.
    func checkedBundleEntries(_ index: Int) throws -> Int? {
        var hasType = false
        var entries: Int?
        try tape.forEachMember(index) { k, v in
            if tape.string(k, is: "type") {
                _ = try string(v)
                hasType = true
            } else if tape.string(k, is: "id") {
                _ = try optionalString(v)
            } else if tape.string(k, is: "entry") {
                guard tape.kind(v) != .null else { return }
                guard tape.kind(v) == .array else { throw Unreadable() }
                entries = v
            }
        }
        guard hasType else { throw Unreadable() }
        return entries
    }

    /// What ``entry(_:_:)`` reads at `index`: the entry's resource (the last one read) and whether it had
    /// a problem.
    func entry(_ index: Int) -> (resource: R4.Resource?, problem: Bool) {
        // A closure literal, not the method reference `resource` (a partial application, allocated per call).
        entry(index, reading: { try resource($0) }, decoded: { $0 })
    }

    /// ``entry(_:)`` with each `resource` member read by `read` (and, when `read` refuses it, decoded by
    /// `Codable` and passed through `decoded`).
    func entry<Read>(
        _ index: Int, reading read: (Int) throws -> Read, decoded: (R4.Resource) -> Read
    ) -> (resource: Read?, problem: Bool) {
        guard tape.kind(index) == .object else { return (nil, true) }
        var resource: Read?
        var problem = false
        let stop = Int(tape.tokens[index].next)
        var k = index + 1
        while k < stop {
            let v = k + 1
            defer { k = Int(tape.tokens[v].next) }
            guard tape.string(k, is: "resource"), tape.kind(v) != .null else { continue }
            guard tape.kind(v) == .object else {
                problem = true
                continue
            }
            do {
                resource = try read(v)
            } catch {
                // What the tape readers refuse, `Codable` may still read (or say why not).
                do {
                    resource = decoded(try foundationResource(v))
                } catch {
                    problem = true
                }
            }
        }
        return (resource, problem)
    }

    /// Calls `body` with the token of each element of the array at `entries`.
    func forEachEntry(_ entries: Int, _ body: (Int) -> Void) {
        let stop = Int(tape.tokens[entries].next)
        var k = entries + 1
        while k < stop {
            body(k)
            k = Int(tape.tokens[k].next)
        }
    }
}
