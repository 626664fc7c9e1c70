// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import Logging
import NIOCore
import StepwiseCore
import Synchronization

/// A small FHIR server on loopback for tests: answers the prefetch queries from fixed resources
/// (Observations over two pages), serves a JWKS, checks the bearer token and counts requests.
final class FakeFHIRServer: Sendable {
    let jwks: String?
    let accessToken: String?
    private let counts = Mutex<[String: Int]>([:])
    private let authorizations = Mutex<[String?]>([])
    private let resourceData: [String: Data]

    /// - Parameters:
    ///   - jwks: JWK Set served at `/jwks.json`.
    ///   - resources: Resources by prefetch key (`patient` a Patient, the rest searchset Bundles).
    ///   - accessToken: When set, FHIR requests without `Bearer <accessToken>` get 401.
    init(jwks: String? = nil, resources: [String: Any] = [:], accessToken: String? = nil) {
        self.jwks = jwks
        self.accessToken = accessToken
        var data: [String: Data] = [:]
        var pages: [Data] = []
        for (key, value) in resources {
            data[key] = (try? JSONSerialization.data(withJSONObject: value)) ?? Data()
            if key == "observations", let bundle = value as? [String: Any], let entries = bundle["entry"] as? [Any] {
                let half = entries.count / 2
                for (page, slice) in [Array(entries[..<half]), Array(entries[half...])].enumerated() {
                    var result: [String: Any] = ["resourceType": "Bundle", "type": "searchset", "entry": slice]
                    if page == 0 { result["link"] = [["relation": "next", "url": "NEXT"]] }
                    pages.append((try? JSONSerialization.data(withJSONObject: result)) ?? Data())
                }
            }
        }
        self.resourceData = data
        self.observationPages = pages
    }

    private let observationPages: [Data]

    func requestCount(path: String) -> Int { counts.withLock { $0[path] ?? 0 } }
    var totalFHIRRequests: Int { counts.withLock { $0.filter { $0.key.hasPrefix("/fhir/") }.values.reduce(0, +) } }
    var seenAuthorizations: [String?] { authorizations.withLock { $0 } }

    /// Runs the server while `body` runs; `body` receives the base URL (`http://localhost:PORT`).
    func run<Value: Sendable>(_ body: @Sendable (String) async throws -> Value) async throws -> Value {
        let router = Router()
        router.get("jwks.json") { [self] request, _ in
            count(request)
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: jwks ?? "{\"keys\":[]}")))
        }
        router.get("fhir/**") { [self] request, _ in
            count(request)
            authorizations.withLock { $0.append(request.headers[.authorization]) }
            if let accessToken, request.headers[.authorization] != "Bearer \(accessToken)" {
                return Response(status: .unauthorized)
            }
            return Response(
                status: .ok, headers: [.contentType: "application/fhir+json"],
                body: .init(byteBuffer: ByteBuffer(bytes: answer(request.uri.path, query: request.uri.query ?? "", authority: request.head.authority ?? "localhost"))))
        }
        let app = Application(router: router, logger: Logger(label: "fake-fhir"))
        return try await app.test(.live) { client in
            try await body("http://localhost:\(client.port ?? 0)")
        }
    }

    private func count(_ request: Request) {
        let path = request.uri.path
        counts.withLock { $0[path, default: 0] += 1 }
    }

    /// The JSON for a FHIR read or search. Observations come in two pages to exercise `next` links.
    private func answer(_ path: String, query: String, authority: String) -> Data {
        let type = path.split(separator: "/").dropFirst().first.map(String.init) ?? ""
        switch type {
        case "Patient": return resourceData["patient"] ?? Data()
        case "Observation":
            guard observationPages.count == 2 else {
                return Data(#"{"resourceType":"Bundle","type":"searchset","entry":[]}"#.utf8)
            }
            if query.contains("page=2") { return observationPages[1] }
            let next = "http://\(authority)/fhir/Observation?page=2"
            return Data(String(decoding: observationPages[0], as: UTF8.self)
                .replacingOccurrences(of: "\"NEXT\"", with: "\"\(next)\"").utf8)
        default:
            let key = [
                "QuestionnaireResponse": "questionnaireResponses", "MedicationRequest": "medicationRequests",
                "MedicationStatement": "medicationStatements", "Condition": "conditions", "Procedure": "procedures",
            ][type] ?? ""
            return resourceData[key] ?? Data(#"{"resourceType":"Bundle","type":"searchset","entry":[]}"#.utf8)
        }
    }
}
