// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import StepwiseCore

/// Fetches JSON over HTTP(S) for the CDS Hooks service: a CDS client's JWKS and, when prefetch is
/// missing, FHIR resources from its `fhirServer`.
///
/// Errors are ``StepwiseError`` with code `unavailable` and a message that names the host role and
/// status but never the URL's query (which can carry a patient id).
struct CDSHTTPFetcher: Sendable {
    var client: HTTPClient
    var timeout: Duration
    var maximumBytes: Int

    /// GETs `url`, sending `bearer` as the `Authorization` header when given, and returns the body.
    ///
    /// - Throws: ``StepwiseError`` (`unavailable`) on a network failure, a timeout, a non-2xx status or
    ///   a body larger than ``maximumBytes``.
    func get(_ url: String, bearer: String?, what: String) async throws -> ByteBuffer {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/fhir+json, application/json")
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .nanoseconds(timeout.inNanoseconds))
        } catch {
            throw StepwiseError(.unavailable, "\(what) could not be reached (\(Self.kind(of: error)))")
        }
        guard (200..<300).contains(response.status.code) else {
            throw StepwiseError(.unavailable, "\(what) answered HTTP \(response.status.code)")
        }
        do {
            return try await response.body.collect(upTo: maximumBytes)
        } catch {
            throw StepwiseError(.unavailable, "\(what) sent a body that could not be read or exceeded \(maximumBytes) bytes")
        }
    }

    private static func kind(of error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout, .readTimeout, .deadlineExceeded: return "timed out"
            case .invalidURL, .emptyHost, .emptyScheme: return "invalid URL"
            default: return "connection failed"
            }
        }
        return "connection failed"
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    var inNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .max }
        return product &+ attoseconds / 1_000_000_000
    }

    /// The duration in seconds as a `Double`.
    var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
