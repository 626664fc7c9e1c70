// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import Hummingbird
import StepwiseStorage

/// Resolves who is calling: a browser session cookie for web routes, an `Authorization: Bearer`
/// token for `/api/`. Anonymous requests pass through with `identity == nil`; routes decide with
/// ``StepwiseRequestContext/require(_:)``.
///
/// The API accepts bearer tokens only, so a browser's cookies can never drive it (no CSRF there).
/// A disabled account's sessions and tokens resolve to no identity (the account is read on every
/// request, so disabling it or changing its role takes effect at once).
public struct AuthenticationMiddleware: RouterMiddleware {
    /// The session cookie's name.
    public static let sessionCookie = "stepwise_session"

    let services: ClinicServices

    /// Creates the middleware.
    public init(services: ClinicServices) { self.services = services }

    public func handle(
        _ request: Request, context: StepwiseRequestContext,
        next: (Request, StepwiseRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        if services.configuration.trustForwardedFor, let forwarded = request.headers[.xForwardedFor] {
            context.remoteAddress = forwarded.split(separator: ",").first.map {
                $0.trimmingCharacters(in: .whitespaces)
            } ?? context.remoteAddress
        }
        if request.uri.path.hasPrefix("/api/") {
            if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
                let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
                context.identity = try await identity(bearer: token)
            }
        } else if let token = request.cookies[Self.sessionCookie]?.value, !token.isEmpty {
            context.identity = try await identity(session: token)
        }
        return try await next(request, context)
    }

    func identity(session token: String) async throws -> Identity? {
        let hash = Tokens.hash(token)
        guard let session = try await services.store.session(tokenHash: hash, now: services.clock.now()),
            let user = try await services.store.user(id: session.userID), !user.isDisabled,
            let organization = try await services.store.organization(id: user.organizationID)
        else { return nil }
        return Identity(
            user: user, organization: organization, method: .session, csrfToken: session.csrfToken, sessionTokenHash: hash)
    }

    func identity(bearer token: String) async throws -> Identity? {
        guard let stored = try await services.store.apiToken(tokenHash: Tokens.hash(token)),
            let user = try await services.store.user(id: stored.userID), !user.isDisabled,
            let organization = try await services.store.organization(id: user.organizationID)
        else { return nil }
        return Identity(user: user, organization: organization, method: .bearerToken)
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`.
    static let xForwardedFor = Self("X-Forwarded-For")!
    /// `X-Forwarded-Proto`.
    static let xForwardedProto = Self("X-Forwarded-Proto")!
    /// `X-CSRF-Token`.
    static let xCSRFToken = Self("X-CSRF-Token")!
    /// `X-Request-ID`.
    static let xRequestID = Self("X-Request-ID")!
}
