// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOFoundationCompat
import StepwiseCore

/// Turns every error into a response: RFC 7807 problem details under `/api/` and `/openapi.json`,
/// a friendly page elsewhere (and a redirect to the sign-in page when not signed in).
/// Bodies and logs carry PHI-free messages only.
public struct ErrorMiddleware: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    public func handle(
        _ request: Request, context: StepwiseRequestContext,
        next: (Request, StepwiseRequestContext) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Problem(error)
            if problem.status == .internalServerError {
                context.logger.error(
                    "request failed", metadata: ["stepwise.error": "\(type(of: error))", "stepwise.route": "\(context.endpointPath ?? "-")"])
            }
            let isAPI = request.uri.path.hasPrefix("/api/") || request.uri.path.hasPrefix("/cds-services")
            if isAPI { return problem.response(instance: context.requestID) }
            if problem.status == .unauthorized {
                let next = request.method == .get ? request.uri.path : "/"
                return Response.redirect(to: "/login?next=\(FormData.encode(next))")
            }
            return WebPage.errorPage(problem: problem, identity: context.identity)
        }
    }
}

/// An RFC 7807 problem.
public struct Problem: Sendable, Encodable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// Short title.
    public var title: String
    /// PHI-free explanation.
    public var detail: String
    /// Problem type slug.
    public var slug: String
    /// Where in the input, when known.
    public var location: String?
    /// The request, as `urn:stepwise:request:<id>` (set when the response is built).
    public var instance: String?

    /// Classifies an error.
    public init(_ error: any Error) {
        switch error {
        case let error as ServerError:
            self.init(status: error.status, detail: error.message, slug: error.slug)
        case let error as StepwiseError:
            self.init(status: error.httpStatus, detail: error.message, slug: error.code.description, location: error.location)
        case let error as any HTTPResponseError:
            let message = (error as? HTTPError)?.body ?? error.status.reasonPhrase
            self.init(status: error.status, detail: message, slug: "http-\(error.status.code)")
        case is DecodingError:
            self.init(
                status: .badRequest, detail: DecodingErrorText.describe(error), slug: "malformed-body")
        default:
            self.init(status: .internalServerError, detail: "Something went wrong on the server. The error was logged.", slug: "internal")
        }
    }

    /// Creates a problem.
    public init(status: HTTPResponse.Status, detail: String, slug: String, location: String? = nil) {
        self.status = status
        self.title = status.reasonPhrase
        self.detail = detail
        self.slug = slug
        self.location = location
    }

    enum CodingKeys: String, CodingKey { case type, title, status, detail, instance, location }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("https://stepwise.example/problems/\(slug)", forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(status.code, forKey: .status)
        try container.encode(detail, forKey: .detail)
        try container.encodeIfPresent(location, forKey: .location)
        try container.encodeIfPresent(instance, forKey: .instance)
    }

    /// The `application/problem+json` response.
    public func response(instance: String? = nil) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var problem = self
        problem.instance = instance.map { "urn:stepwise:request:\($0)" }
        let data = (try? encoder.encode(problem)) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}

/// Describes a `DecodingError` by JSON path, without values.
enum DecodingErrorText {
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "The request body could not be read." }
        func path(_ codingPath: [any CodingKey]) -> String {
            "$" + codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): required field is missing."
        case .typeMismatch, .valueNotFound:
            // "expected a whole number" rather than a Swift type name.
            let described = DecodingErrorDescription(error)
            return "\(described.path): \(described.message)."
        case .dataCorrupted(let context):
            guard !context.codingPath.isEmpty else { return "The request body is not valid JSON." }
            // The value's own message ("expected a date YYYY-MM-DD", "\"x\" is not one of: …").
            let described = DecodingErrorDescription(error)
            return "\(described.path): \(described.message)."
        @unknown default:
            return "The request body could not be read."
        }
    }
}

extension Response {
    /// A `303 See Other` to a local path.
    static func redirect(to location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location.hasPrefix("/") && !location.hasPrefix("//") ? location : "/"
        return Response(status: .seeOther, headers: headers)
    }
}
