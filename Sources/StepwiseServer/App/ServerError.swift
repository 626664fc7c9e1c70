// SPDX-License-Identifier: Apache-2.0
import HTTPTypes
import StepwiseCore

/// Errors of the HTTP layer that are not domain errors: authentication and authorisation,
/// CSRF, preconditions. Mapped to a friendly page (web) or RFC 7807 problem details (API) by
/// ``ErrorMiddleware``; messages never contain patient data.
public struct ServerError: Error, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A short, PHI-free explanation.
    public var message: String
    /// A problem type slug (`https://stepwise.example/problems/<slug>`).
    public var slug: String

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, _ message: String, slug: String) {
        self.status = status
        self.message = message
        self.slug = slug
    }

    /// Not signed in (web: redirect to the sign-in page; API: 401).
    public static let unauthenticated = ServerError(.unauthorized, "Please sign in.", slug: "unauthenticated")
    /// Signed in, but the role does not allow this.
    public static let forbidden = ServerError(.forbidden, "Your role does not allow this action.", slug: "forbidden")
    /// The CSRF token is missing or wrong.
    public static let csrf = ServerError(
        .forbidden, "The form has expired or did not come from this site. Reload the page and try again.", slug: "csrf")
    /// Too many failed sign-ins.
    public static let throttled = ServerError(
        .tooManyRequests, "Too many failed sign-ins. Wait 15 minutes and try again.", slug: "throttled")
    /// No such page or resource (also used for other organisations' data, so existence is not revealed).
    public static let notFound = ServerError(.notFound, "Not found.", slug: "not-found")
}

extension StepwiseError {
    /// The HTTP status for this error's code.
    var httpStatus: HTTPResponse.Status {
        switch code {
        case .invalidInput, .missingData: .unprocessableContent
        case .notFound: .notFound
        case .conflict: .conflict
        case .forbidden: .forbidden
        case .unavailable: .serviceUnavailable
        default: .internalServerError
        }
    }
}
