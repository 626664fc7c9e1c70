// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import StepwiseFHIR

/// A CDS Hooks failure answered as a FHIR `OperationOutcome` (`application/fhir+json`).
///
/// Messages never contain patient data: they name the element (`at`) and what was expected.
struct CDSHTTPError: Error, CustomStringConvertible {
    var status: HTTPResponse.Status
    /// FHIR IssueType code (`invalid`, `structure`, `required`, `value`, `not-found`, `login`, …).
    var code: String
    var message: String
    var location: String?

    init(_ status: HTTPResponse.Status, code: String, _ message: String, at location: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.location = location
    }

    var description: String { location.map { "\($0): \(message)" } ?? message }

    /// The OperationOutcome response.
    func response() -> Response {
        let outcome = R4.OperationOutcome(issue: [
            R4.OperationOutcome.Issue(
                severity: status.code >= 500 ? "fatal" : "error", code: code, diagnostics: message,
                expression: location.map { [$0] })
        ])
        let data = (try? JSONEncoder().encode(outcome)) ?? Data("{\"resourceType\":\"OperationOutcome\"}".utf8)
        var headers: HTTPFields = [.contentType: "application/fhir+json"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
