// SPDX-License-Identifier: Apache-2.0
import Foundation
import NIOSSL
import PostgresNIO
import StepwiseCore

/// Parses `postgres://user:password@host:port/database?sslmode=…` into a client configuration.
///
/// `sslmode`: `disable` (default for `localhost`/`127.0.0.1`/`::1`), `require` (default otherwise:
/// patient data never crosses a network in clear text; the server certificate is verified),
/// `prefer` (TLS when the server offers it — opt-in only). Errors never repeat the URL (it may hold
/// a password).
public enum PostgresURL {
    /// The client configuration for `url`.
    public static func configuration(_ url: String) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url),
            components.scheme == "postgres" || components.scheme == "postgresql",
            let host = components.host, !host.isEmpty
        else {
            throw StepwiseError(
                .invalidInput, "Expected a PostgreSQL URL such as postgres://user:password@127.0.0.1:5432/stepwise.",
                at: "--postgres")
        }
        let user = components.percentEncodedUser.flatMap { $0.removingPercentEncoding } ?? "postgres"
        let password = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let database = path.isEmpty ? nil : path
        let loopback = ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host)
        let mode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? (loopback ? "disable" : "require")
        let tls: PostgresClient.Configuration.TLS
        switch mode {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        default:
            throw StepwiseError(.invalidInput, "Unknown sslmode; use disable, prefer or require.", at: "--postgres")
        }
        return PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: password, database: database,
            tls: tls)
    }
}
