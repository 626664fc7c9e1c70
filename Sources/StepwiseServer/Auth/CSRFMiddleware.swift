// SPDX-License-Identifier: Apache-2.0
import Foundation
import Hummingbird
import Logging

/// Checks the synchronizer token on every browser POST (everything outside `/api/` and `/cds-services`).
///
/// Signed-in forms echo the session's token in the `_csrf` field; the sign-in form echoes the
/// value of a short-lived pre-sign-in cookie (double submit). The parsed form is handed to the
/// route in ``StepwiseRequestContext/form`` so the body is read once. A mismatch is a 403 before
/// any route code runs.
public struct CSRFMiddleware: RouterMiddleware {
    /// The form field carrying the token.
    public static let field = "_csrf"
    /// The pre-sign-in cookie.
    public static let loginCookie = "stepwise_login_csrf"

    /// Creates the middleware.
    public init() {}

    public func handle(
        _ request: Request, context: StepwiseRequestContext,
        next: (Request, StepwiseRequestContext) async throws -> Response
    ) async throws -> Response {
        // The API and CDS Hooks take bearer tokens / JWTs, never cookies, so they need no CSRF token.
        guard request.method == .post, !request.uri.path.hasPrefix("/api/"), !request.uri.path.hasPrefix("/cds-services") else {
            return try await next(request, context)
        }
        var request = request
        var context = context
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        let form = FormData(encoded: String(buffer: buffer))
        let sent = form.raw(Self.field) ?? request.headers[.xCSRFToken] ?? ""
        let expected: String?
        if let identity = context.identity {
            expected = identity.csrfToken
        } else {
            expected = request.cookies[Self.loginCookie]?.value
        }
        guard let expected, !expected.isEmpty, Tokens.constantTimeEquals(sent, expected) else {
            context.logger.notice("csrf token rejected", metadata: ["stepwise.route": "\(request.method) \(context.endpointPath ?? "-")"])
            throw ServerError.csrf
        }
        context.form = form
        return try await next(request, context)
    }
}
