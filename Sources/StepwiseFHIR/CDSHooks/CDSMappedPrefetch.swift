// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore

/// A hook request's prefetch mapped while the request is decoded: every prefetch key the service
/// asks for was present, so the resources were read from the body's JSON tape and mapped there
/// (plain Observations straight from the tape, ``FHIRRecordMapper/map(mappable:)``), without building
/// the `R4` structs of the flattened path first.
public struct CDSMappedPrefetch: Sendable, Equatable {
    /// The mapping of the keys' resources, joined in key order (as the resolver joins them).
    public var result: FHIRMappingResult
    /// Entries that could not be decoded (counted, not used), as ``CDSFlatPrefetch/problems`` counts them.
    public var problems: Int
    /// The names of the medications ordered and active in the keys' resources
    /// (``CDSPrefetchMedications/activeNames(in:)``), for the order checks.
    public var activeMedicationNames: [String]

    /// Creates a mapped prefetch.
    public init(result: FHIRMappingResult, problems: Int, activeMedicationNames: [String] = []) {
        self.result = result
        self.problems = problems
        self.activeMedicationNames = activeMedicationNames
    }
}

extension CDSHookRequestDecoder {
    /// What ``decodeMapped(bytes:keys:mapper:activeMedications:)`` read: the request (without `prefetch`), and either the
    /// prefetch mapped (`mapped`, when every one of the keys had a value) or the prefetch flattened as
    /// ``decodeFlattened(bytes:)`` flattens it (`flattened`, for the resolver to complete).
    public struct MappedRequest: Sendable {
        /// The request, its `prefetch` left out.
        public var request: CDSHookRequest<R4.Resource>
        /// The keys' resources mapped, when every key was present.
        public var mapped: CDSMappedPrefetch?
        /// Otherwise the prefetch flattened (`nil` also when the request had none).
        public var flattened: [String: CDSFlatPrefetch?]?
    }

    /// Decodes a hook request and, when its prefetch has a value for every one of `keys`, maps the
    /// resources of those keys (in the order of `keys`, the resolver's order) with `mapper` straight
    /// from the body's JSON tape.
    ///
    /// The records, issues and problem count are those of ``decodeFlattened(bytes:)``, joining the keys'
    /// resources in the order of `keys` and mapping them with ``FHIRRecordMapper/map(resources:)``; the
    /// same bodies are refused and fall back to `JSONDecoder` (whose result is flattened, not mapped).
    ///
    /// - Parameters:
    ///   - bytes: the body (UTF-8 JSON).
    ///   - keys: the prefetch keys whose resources are used, sorted as the resolver sorts them.
    ///   - mapper: the mapper (with its `asOf`).
    ///   - activeMedications: whether to collect ``CDSMappedPrefetch/activeMedicationNames`` (only the order
    ///     checks read them; `patient-view` passes `false` and gets an empty list).
    /// - Throws: ``SyntaxError`` when the body is not JSON; `DecodingError` from `JSONDecoder` when it is
    ///   not a valid hook request (the same errors as ``decode(bytes:)``).
    public static func decodeMapped(
        bytes: UnsafeRawBufferPointer, keys: [String], mapper: FHIRRecordMapper, activeMedications: Bool = true
    ) throws -> MappedRequest {
        if let decoded = fastDecodeMapped(bytes: bytes, keys: keys, mapper: mapper, activeMedications: activeMedications) {
            return decoded
        }
        let (request, flattened) = try decodeFlattened(bytes: bytes)
        return MappedRequest(request: request, mapped: nil, flattened: flattened)
    }

    /// The fast path of ``decodeMapped(bytes:keys:mapper:activeMedications:)``, or `nil` when anything is not as expected.
    static func fastDecodeMapped(
        bytes: UnsafeRawBufferPointer, keys: [String], mapper: FHIRRecordMapper, activeMedications: Bool = true
    ) -> MappedRequest? {
        // A tape kept from an earlier call (CDSTapePool): its slots and tokens are reused, not allocated again.
        CDSTapePool.withTape {
            fastDecodeMapped(bytes: bytes, keys: keys, mapper: mapper, activeMedications: activeMedications, on: &$0)
        }
    }

    /// ``fastDecodeMapped(bytes:keys:mapper:activeMedications:)`` parsing into `tape` (fresh or kept).
    static func fastDecodeMapped(
        bytes: UnsafeRawBufferPointer, keys: [String], mapper: FHIRRecordMapper, activeMedications: Bool,
        on tape: inout JSONTape
    ) -> MappedRequest? {
        tape.tokens.reserveCapacity(bytes.count / 6)
        do { try tape.parse(bytes) } catch { return nil }
        guard !tape.tokens.isEmpty, tape.kind(0) == .object else { return nil }
        let reader = Reader(tape: tape)
        guard
            let (request, prefetch) = try? reader.envelope(
                0, prefetch: { try reader.mappedPrefetch($0, keys: keys, mapper: mapper, activeMedications: activeMedications) })
        else { return nil }
        switch prefetch {
        case .mapped(let mapped)?: return MappedRequest(request: request, mapped: mapped, flattened: nil)
        case .flattened(let flattened)?: return MappedRequest(request: request, mapped: nil, flattened: flattened)
        case nil: return MappedRequest(request: request, mapped: nil, flattened: nil)
        }
    }
}

extension CDSHookRequestDecoder.Reader {
    /// A prefetch mapped, or flattened when a key is missing.
    enum MappedOrFlattened {
        case mapped(CDSMappedPrefetch)
        case flattened([String: CDSFlatPrefetch?]?)
    }

    /// ``flatPrefetch(_:)``, mapped when every one of `keys` has a value that is not `null` (the last
    /// member of a repeated key counts, as in ``flatPrefetch(_:)``). Every other value is still read
    /// (and dropped) as ``flatPrefetch(_:)`` reads it, so the same bodies are refused. The active medications'
    /// names are collected only when `activeMedications` is set.
    func mappedPrefetch(
        _ index: Int, keys: [String], mapper: FHIRRecordMapper, activeMedications: Bool = true
    ) throws -> MappedOrFlattened {
        if tape.kind(index) == .null { return .flattened(nil) }
        guard tape.kind(index) == .object else { throw Unreadable() }
        // Room for the usual members at once (the services' keys, a few more) instead of growing.
        var members: [(key: String, value: Int)] = []
        members.reserveCapacity(keys.count + 4)
        var last: [String: Int] = [:]
        last.reserveCapacity(keys.count + 4)
        try tape.forEachMember(index) { k, v in
            let key = try string(k)
            members.append((key, v))
            last[key] = v
        }
        var used: [Int] = []
        used.reserveCapacity(keys.count)
        for key in keys {
            guard let value = last[key], tape.kind(value) != .null else { return .flattened(try flatPrefetch(index)) }
            used.append(value)
        }
        // The values not mapped (other keys, earlier members of a repeated key): read and dropped.
        for member in members where tape.kind(member.value) != .null && !(last[member.key] == member.value && keys.contains(member.key)) {
            var dropped = CDSFlatPrefetch()
            try flatten(member.value, into: &dropped)
        }
        var resources = MappableList()
        resources.items.reserveCapacity(tape.tokens.count / 64)
        for value in used { try mappable(value, into: &resources) }
        let medications = activeMedications ? CDSPrefetchMedications.activeNames(in: resources.items) : []
        return .mapped(
            CDSMappedPrefetch(
                result: mapper.map(mappable: resources.items), problems: resources.problems,
                activeMedicationNames: medications))
    }

    /// Resources ready for the mapper and the count of entries that could not be read.
    struct MappableList {
        var items: [MappableResource] = []
        var problems = 0

        /// Adds `resource` as ``CDSFlatPrefetch/flatten(_:into:)`` adds it (a Bundle's entries' resources,
        /// OperationOutcomes left out).
        mutating func add(_ resource: MappableResource) {
            switch resource {
            case .observation:
                items.append(resource)
            case .resource(.bundle), .resource(.operationOutcome):
                guard case .resource(let decoded) = resource else { return }
                var flat: [R4.Resource] = []
                problems += CDSFlatPrefetch.flatten(decoded, into: &flat)
                for inner in flat { items.append(.resource(inner)) }
            case .resource:
                items.append(resource)
            }
        }
    }

    /// ``flatten(_:into:)`` for mapping: the same checks and refusals, the same resources in the same
    /// order (plain Observations read for mapping instead of decoded) and the same problem count.
    func mappable(_ index: Int, into list: inout MappableList) throws {
        guard tape.kind(index) == .object, isBundle(index) else {
            list.add(try mappableResource(index))
            return
        }
        guard let entries = try checkedBundleEntries(index) else { return }
        forEachEntry(entries) { k in
            // Closure literals, not the method reference `mappableResource`: a method reference is a partial
            // application, whose context (the reader) was allocated on the heap once per entry.
            let (resource, problem) = entry(k, reading: { try mappableResource($0) }, decoded: { .resource($0) })
            if problem { list.problems += 1 }
            if let resource { list.add(resource) }
        }
    }

    /// ``resource(_:)`` for mapping: a plain Observation read for mapping, anything else decoded.
    func mappableResource(_ index: Int) throws -> MappableResource {
        guard tape.kind(index) == .object else { throw Unreadable() }
        let read: MappableResource
        do {
            read = try BulkResourceDecoder.decodeMappable(tape, root: index, expectedType: nil)
        } catch {
            throw Unreadable()
        }
        guard case .resource(.other("Bundle")) = read, isBundle(index) else { return read }
        return .resource(.bundle(try bundle(index)))
    }
}
