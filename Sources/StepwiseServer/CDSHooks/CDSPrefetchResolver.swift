// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import NIOCore
import StepwiseCore
import StepwiseFHIR

/// Completes a hook request's prefetch: keys the client sent are used as they are; missing keys are
/// fetched from the client's `fhirServer` (with `fhirAuthorization`'s bearer token), following
/// searchset `next` links on the same server. Without a `fhirServer` a missing key is a 412.
struct CDSPrefetchResolver: Sendable {
    /// At most this many pages are read per prefetch key.
    static let maximumPages = 20

    let fetcher: CDSHTTPFetcher
    let allowPlainHTTP: Bool

    /// The resources for every template key, flattened out of their Bundles, plus the number of
    /// entries that could not be decoded.
    ///
    /// `prefetch` is the request's prefetch, handed over (taken out of `request`) so its resources move
    /// into the result instead of being copied.
    func resolve(
        _ request: CDSHookRequest<R4.Resource>, prefetch: consuming [String: R4.Resource?]?,
        templates: [String: String]
    ) async throws -> (resources: [R4.Resource], problems: Int) {
        let flat = prefetch.map { $0.mapValues { value in value.map { CDSFlatPrefetch(flattening: $0) } } }
        return try await resolve(request, flattened: flat, templates: templates)
    }

    /// ``resolve(_:prefetch:templates:)`` for a prefetch flattened while it was decoded
    /// (``CDSHookRequestDecoder/decodeFlattened(bytes:)``): the same resources in the same order.
    func resolve(
        _ request: CDSHookRequest<R4.Resource>, flattened prefetch: consuming [String: CDSFlatPrefetch?]?,
        templates: [String: String]
    ) async throws -> (resources: [R4.Resource], problems: Int) {
        var resources: [R4.Resource] = []
        var problems = 0
        var missing: [(key: String, template: String)] = []
        var prefetch = prefetch ?? [:]
        var present: [[R4.Resource]] = []
        var count = 0
        for (key, template) in templates.sorted(by: { $0.key < $1.key }) {
            if let value = prefetch.removeValue(forKey: key), let value {
                count += value.resources.count
                problems += value.problems
                if !value.resources.isEmpty { present.append(value.resources) }
            } else {
                missing.append((key, template))
            }
        }
        // The keys' resources in key order, in one array sized once (one key's array is taken as it is).
        if present.count == 1 {
            resources = present[0]
        } else {
            resources.reserveCapacity(count)
            for part in present { resources.append(contentsOf: part) }
        }
        guard !missing.isEmpty else { return (resources, problems) }

        guard let server = request.fhirServer else {
            throw CDSHTTPError(
                .preconditionFailed, code: "incomplete",
                "prefetch is missing \(missing.map(\.key).joined(separator: ", ")) and no fhirServer was given",
                at: "prefetch")
        }
        let base = try validatedBase(server)
        guard let patientID = request.context.patientId else {
            throw CDSHTTPError(.badRequest, code: "required", "context.patientId is required", at: "context.patientId")
        }
        let token = request.fhirAuthorization?.accessToken
        // Fetch the missing keys concurrently; each key's pages in order.
        let fetched = try await withThrowingTaskGroup(of: ([R4.Resource], Int).self) { group in
            for entry in missing {
                let path = entry.template.replacingOccurrences(of: "{{context.patientId}}", with: patientID)
                group.addTask { try await fetchAll(base: base, path: path, token: token) }
            }
            var all: [([R4.Resource], Int)] = []
            for try await result in group { all.append(result) }
            return all
        }
        for (more, moreProblems) in fetched {
            resources += more
            problems += moreProblems
        }
        return (resources, problems)
    }

    /// `fhirServer` without a trailing slash, after checking its scheme.
    private func validatedBase(_ server: String) throws -> String {
        var base = server
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), url.host != nil else {
            throw CDSHTTPError(.badRequest, code: "value", "fhirServer is not an absolute URL", at: "fhirServer")
        }
        let loopback = ["127.0.0.1", "localhost", "::1", "[::1]"].contains(url.host ?? "")
        guard scheme == "https" || (scheme == "http" && (allowPlainHTTP || loopback)) else {
            throw CDSHTTPError(.badRequest, code: "value", "fhirServer must use https", at: "fhirServer")
        }
        return base
    }

    private func fetchAll(base: String, path: String, token: String?) async throws -> ([R4.Resource], Int) {
        var resources: [R4.Resource] = []
        var problems = 0
        var next: String? = base + "/" + path
        var pages = 0
        while let url = next, pages < Self.maximumPages {
            pages += 1
            let body: ByteBuffer
            do {
                body = try await fetcher.get(url, bearer: token, what: "the CDS client's FHIR server")
            } catch let error as StepwiseError {
                throw CDSHTTPError(.badGateway, code: "exception", error.message, at: "fhirServer")
            }
            let resource: R4.Resource
            do {
                resource = try JSONDecoder().decode(R4.Resource.self, from: Data(body.readableBytesView))
            } catch {
                throw CDSHTTPError(
                    .badGateway, code: "exception", "the CDS client's FHIR server returned invalid FHIR JSON",
                    at: "fhirServer")
            }
            problems += Self.flatten(resource, into: &resources)
            next = nil
            if case .bundle(let bundle) = resource,
                let link = bundle.link?.first(where: { $0.relation == "next" })?.url,
                link.hasPrefix(base + "/") || link.hasPrefix(base + "?")
            {
                next = link
            }
        }
        return (resources, problems)
    }

    /// Appends `resource` (or, for a Bundle, its entries' resources) to `resources`; returns the number
    /// of entries that could not be decoded. OperationOutcome search entries are skipped.
    static func flatten(_ resource: consuming R4.Resource, into resources: inout [R4.Resource]) -> Int {
        CDSFlatPrefetch.flatten(resource, into: &resources)
    }
}
