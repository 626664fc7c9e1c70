// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import Hummingbird
import NIOFoundationCompat
import StepwiseCore
import StepwiseFHIR

/// JSON bodies in and out of the API.
enum JSONBody {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// A JSON response with an optional ETag (the patient version).
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, version: Int? = nil, location: String? = nil) throws
        -> Response
    {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let version { headers[.eTag] = etag(version) }
        if let location { headers[.location] = location }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(value))))
    }

    /// Decodes the request body, mapping failures to a 400 problem naming the JSON path.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: StepwiseRequestContext) async throws -> T {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        let data = Data(buffer: buffer)
        // Strict syntax first (Foundation's decoder accepts a trailing comma).
        if let problem = StrictJSON.firstProblem(in: data) {
            throw ServerError(
                .badRequest,
                "The request body is not valid JSON: \(problem.message) (line \(problem.line), column \(problem.column)).",
                slug: "malformed-body")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(type, from: data)
        } catch let error as DecodingError {
            // Valid syntax with a pathless error: a number that does not fit its field (1.5, 10^23).
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty,
                let number = JSONNumberDiagnosis.culprit(in: data, decoding: type)
            {
                throw ServerError(.badRequest, "\(number.path): \(number.message).", slug: "malformed-body")
            }
            throw ServerError(.badRequest, DecodingErrorText.describe(error), slug: "malformed-body")
        } catch let error as StepwiseError {
            throw ServerError(.badRequest, error.description, slug: "malformed-body")
        }
    }

    /// `"7"` for version 7.
    static func etag(_ version: Int) -> String { "\"\(version)\"" }

    /// The version in an `If-Match` header (`"7"`, `W/"7"`, `7`), `nil` when absent.
    /// - Throws: 412 when the header is present but not a version.
    static func ifMatch(_ request: Request) throws -> Int? {
        guard let header = request.headers[.ifMatch]?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return nil }
        var value = Substring(header)
        if value.hasPrefix("W/") { value = value.dropFirst(2) }
        value = value.drop { $0 == "\"" }
        while value.last == "\"" { value = value.dropLast() }
        guard let version = Int(value) else {
            throw ServerError(.preconditionFailed, "If-Match must be the patient's ETag, e.g. \"3\".", slug: "precondition-failed")
        }
        return version
    }
}

/// Error bodies of the API: conflicts under If-Match are 412 Precondition Failed.
enum APIConflict {
    static func precondition(_ error: StepwiseError) -> ServerError {
        ServerError(.preconditionFailed, error.message, slug: "precondition-failed")
    }
}
