// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import Logging
import StepwiseCore
import StepwiseServer
import StepwiseStorage

/// Where the server keeps its data.
struct StoreOptions: ParsableArguments {
    @Option(help: "SQLite database file (default: $XDG_DATA_HOME/stepwise/stepwise.sqlite, else ~/.local/share/stepwise/stepwise.sqlite).")
    var database: String?

    @Option(help: "PostgreSQL URL (postgres://user:password@host:5432/db) for several server instances. Prefer the STEPWISE_POSTGRES_URL environment variable: arguments are visible in process listings.")
    var postgres: String?

    /// The PostgreSQL URL from the option or `STEPWISE_POSTGRES_URL`.
    var postgresURL: String? { postgres ?? ProcessInfo.processInfo.environment["STEPWISE_POSTGRES_URL"] }

    /// The default SQLite file, creating its folder.
    static func defaultDatabasePath() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            base = xdg
        } else {
            base = (environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path) + "/.local/share"
        }
        let folder = base + "/stepwise"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return folder + "/stepwise.sqlite"
    }

    /// Runs `body` with the chosen store (PostgreSQL client running for its duration).
    func withStore<T: Sendable>(logger: Logger, _ body: @Sendable (any StepwiseStore, String) async throws -> T) async throws -> T {
        if let url = postgresURL {
            if database != nil { throw ValidationError("Give either --database or --postgres, not both.") }
            return try await StoreFactory.withStore(sqlitePath: nil, postgresURL: url, logger: logger, body)
        }
        return try await StoreFactory.withStore(
            sqlitePath: try database ?? Self.defaultDatabasePath(), postgresURL: nil, logger: logger, body)
    }
}

extension StepwiseCommand {
    /// `stepwise serve`: the clinic web app, JSON API and CDS Hooks service.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the clinic server: web app, JSON API (/api/v1, /openapi.json) and CDS Hooks.",
            discussion: """
                Binds to 127.0.0.1:8080 by default. Data lives in a SQLite file (see --database) or PostgreSQL \
                (--postgres or STEPWISE_POSTGRES_URL). Create the first administrator with `stepwise user add`.
                --demo serves an in-memory demo clinic with synthetic patients and prints the demo sign-in; \
                it refuses to bind to anything but a loopback address.
                """
        )

        @Option(help: "Address to bind.") var host = "127.0.0.1"
        @Option(help: "Port to listen on.") var port = 8080
        @OptionGroup var store: StoreOptions
        @Flag(help: "Serve an in-memory demo clinic with synthetic patients (loopback only).") var demo = false
        @Option(help: "With --demo: generated patients to add to the demo clinic (e.g. 10000 for load tests).") var demoPatients = 0
        @Flag(help: "The server is reached through an HTTPS reverse proxy: mark cookies Secure and trust X-Forwarded-For.")
        var httpsProxy = false
        @Option(help: "Rule profile for assessments (default: the knowledge base's default).") var profile: String?
        @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel = "info"
        @Option(help: "Public base URL of this server for CDS Hooks JWT `aud` checks (default http://HOST:PORT).")
        var cdsBaseURL: String?
        @Option(help: "A trusted CDS client as ISSUER=JWKS-URL (repeatable). Without one, every CDS Hooks call gets 401.")
        var cdsIssuer: [String] = []
        @Option(
            help: ArgumentHelp(
                "A trusted CDS client's public key as ISSUER=FILE (repeatable): a PEM public key (EC P-256/P-384 or RSA), a JWK or a JWK Set.",
                discussion: "For EHRs that share a key instead of publishing a JWKS; combines with --cds-issuer for the same issuer."))
        var cdsIssuerKey: [String] = []
        @Flag(help: "CDS Hooks development mode: JWT verification OFF (loopback only; never with real patient data).")
        var cdsInsecureDevelopmentMode = false

        func validate() throws {
            if demo && !ServerConfiguration.isLoopback(host) {
                throw ValidationError("--demo serves synthetic data with a published password and only binds to a loopback address (127.0.0.1, ::1 or localhost).")
            }
            guard (1...65535).contains(port) else { throw ValidationError("--port must be 1–65535.") }
            if cdsInsecureDevelopmentMode && !ServerConfiguration.isLoopback(host) {
                throw ValidationError("--cds-insecure-development-mode only binds to a loopback address.")
            }
            _ = try Self.trustedIssuers(jwks: cdsIssuer, keyFiles: cdsIssuerKey)
        }

        /// The trusted CDS clients from `--cds-issuer ISSUER=JWKS-URL` and `--cds-issuer-key ISSUER=FILE`,
        /// one per issuer in the order first named, with each key file read (PEM or JWK text).
        static func trustedIssuers(
            jwks: [String], keyFiles: [String], read: (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) }
        ) throws -> [CDSHooksService.TrustedIssuer] {
            var order: [String] = []
            var byIssuer: [String: CDSHooksService.TrustedIssuer] = [:]
            func issuer(_ name: String) -> CDSHooksService.TrustedIssuer {
                if byIssuer[name] == nil { order.append(name) }
                return byIssuer[name] ?? CDSHooksService.TrustedIssuer(issuer: name)
            }
            for entry in jwks {
                guard let (name, url) = split(entry), url.hasPrefix("https://") || url.hasPrefix("http://") else {
                    throw ValidationError(
                        "--cds-issuer takes ISSUER=JWKS-URL, e.g. https://ehr.example.org=https://ehr.example.org/.well-known/jwks.json")
                }
                var trusted = issuer(name)
                if let existing = trusted.jwksURL, existing != url {
                    trusted.allowedJKU.append(url)
                } else {
                    trusted.jwksURL = url
                }
                byIssuer[name] = trusted
            }
            for entry in keyFiles {
                guard let (name, path) = split(entry) else {
                    throw ValidationError("--cds-issuer-key takes ISSUER=FILE, e.g. https://ehr.example.org=/etc/stepwise/ehr-public.pem")
                }
                let text: String
                do {
                    text = try read(path)
                } catch {
                    throw ValidationError("--cds-issuer-key: cannot read \(path) (expected a PEM public key, a JWK or a JWK Set).")
                }
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                guard trimmed.hasPrefix("-----BEGIN PUBLIC KEY-----") || trimmed.hasPrefix("-----BEGIN RSA PUBLIC KEY-----")
                    || trimmed.hasPrefix("{")
                else {
                    throw ValidationError(
                        "--cds-issuer-key: \(path) is not a PEM public key (-----BEGIN PUBLIC KEY-----), a JWK or a JWK Set (JSON); private keys are refused.")
                }
                var trusted = issuer(name)
                trusted.keys.append(trimmed)
                byIssuer[name] = trusted
            }
            return order.compactMap { byIssuer[$0] }
        }

        /// `ISSUER=VALUE` split at the last `=` that is followed by a URL or path, so issuers that contain
        /// `=` (query strings) still work: the value is what follows the last `=https://`, `=http://` or `=/`.
        private static func split(_ entry: String) -> (String, String)? {
            for marker in ["=https://", "=http://", "=/", "=./", "=~/"] {
                if let range = entry.range(of: marker, options: .backwards) {
                    let name = String(entry[..<range.lowerBound])
                    let value = String(entry[entry.index(after: range.lowerBound)...])
                    return name.isEmpty ? nil : (name, value)
                }
            }
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty ? (parts[0], parts[1]) : nil
        }

        func run() async throws {
            var baseLogger = Logger(label: "stepwise.server")
            baseLogger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            let logger = baseLogger
            let knowledge = try withCommandErrors { try KnowledgeBase.bundled() }
            var configuration = ServerConfiguration(host: host, port: port, profile: profile)
            configuration.secureCookies = httpsProxy || ProcessInfo.processInfo.environment["STEPWISE_SECURE_COOKIES"] == "1"
            configuration.trustForwardedFor = httpsProxy
            let settings = configuration
            if demo && store.database == nil && store.postgresURL == nil {
                let memory = InMemoryStore()
                try await seedDemo(memory)
                try await serve(memory, description: "in-memory demo store", configuration: settings, knowledge: knowledge, logger: logger)
                return
            }
            try await store.withStore(logger: logger) { store, description in
                if demo { try await seedDemo(store) }
                try await serve(store, description: description, configuration: settings, knowledge: knowledge, logger: logger)
            }
        }

        func seedDemo(_ store: any StepwiseStore) async throws {
            try await DemoClinic.seed(store: store, today: today(), clock: .system, extraPatients: demoPatients)
            var text = "Demo clinic ready (synthetic patients only). Sign in at http://\(host):\(port)/login with:\n"
            for (email, _, role) in DemoClinic.accounts { text += "  \(email)  (\(role.rawValue))\n" }
            text += "  password: \(DemoClinic.password)\n"
            FileHandle.standardOutput.write(Data(text.utf8))
        }

        func serve(
            _ store: any StepwiseStore, description: String, configuration: ServerConfiguration, knowledge: KnowledgeBase, logger: Logger
        ) async throws {
            logger.notice("starting", metadata: ["stepwise.store": "\(description)", "stepwise.address": "\(configuration.host):\(configuration.port)"])
            let issuers = try Self.trustedIssuers(jwks: cdsIssuer, keyFiles: cdsIssuerKey)
            let cds = CDSHooksService.Configuration(
                baseURL: cdsBaseURL ?? "http://\(host):\(port)", issuers: issuers,
                allowInsecureDevelopmentMode: cdsInsecureDevelopmentMode, profile: profile)
            try await runServer(configuration: configuration, store: store, knowledge: knowledge, logger: logger, cds: cds)
        }
    }
}
