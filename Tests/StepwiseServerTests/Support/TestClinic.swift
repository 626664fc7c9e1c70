// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import StepwiseCore
import StepwiseServer
import StepwiseStorage

/// Two clinics (A and B), a user of every role in A, a clinician in B, one patient in each, a
/// fixed clock, and sessions created directly in the store (bcrypt is exercised by the login tests).
struct TestClinic {
    static let now = Date(timeIntervalSince1970: 1_795_262_400)  // 2026-11-21T12:00:00Z
    static let today = LocalDate("2026-11-21")!
    static let knowledge: KnowledgeBase = {
        do { return try KnowledgeBase.bundled() } catch { fatalError("bundled knowledge base failed to load in tests: \(error)") }
    }()

    let store: InMemoryStore
    let configuration: ServerConfiguration
    let logs: LogCapture
    /// Sessions by name: `clinician`, `care-manager`, `psychiatric-consultant`, `admin`, `other-clinic`.
    var sessions: [String: TestSession] = [:]
    /// API tokens by the same names.
    var tokens: [String: String] = [:]

    static let patientA = "A-PATIENT-1"
    static let patientB = "B-PATIENT-1"

    static func make(configuration: ServerConfiguration = ServerConfiguration(bcryptCost: 4)) async throws -> TestClinic {
        let store = InMemoryStore(clock: .fixed(now))
        var clinic = TestClinic(store: store, configuration: configuration, logs: LogCapture())
        try await store.createOrganization(Organization(id: "org-a", name: "Clinic A"))
        try await store.createOrganization(Organization(id: "org-b", name: "Clinic B"))
        let people: [(String, String, UserRole)] = [
            ("clinician", "org-a", .clinician), ("care-manager", "org-a", .careManager),
            ("psychiatric-consultant", "org-a", .psychiatricConsultant), ("admin", "org-a", .admin),
            ("other-clinic", "org-b", .clinician),
        ]
        for (name, org, role) in people {
            let user = User(
                id: "user-\(name)", organizationID: org, email: "\(name)@example.org", displayName: "Test \(name)", role: role,
                passwordHash: PasswordHashing.hash("correct horse battery", cost: 4), createdAt: now)
            try await store.createUser(user)
            let token = "session-\(name)"
            let csrf = "csrf-\(name)"
            try await store.createSession(
                Session(tokenHash: Tokens.hash(token), userID: user.id, expiresAt: now.addingTimeInterval(3600), csrfToken: csrf))
            clinic.sessions[name] = TestSession(cookie: token, csrf: csrf)
            let apiToken = "api-\(name)"
            try await store.createAPIToken(APIToken(tokenHash: Tokens.hash(apiToken), userID: user.id, name: "test", createdAt: now))
            clinic.tokens[name] = apiToken
        }
        _ = try await store.savePatient(samplePatient(id: patientA), organizationID: "org-a", expectedVersion: nil, actor: "test")
        _ = try await store.savePatient(samplePatient(id: patientB), organizationID: "org-b", expectedVersion: nil, actor: "test")
        return clinic
    }

    static func samplePatient(id: String) -> PatientRecord {
        PatientRecord(
            id: id, birthDate: LocalDate("1980-05-01"), sex: .female,
            episode: Episode(onset: LocalDate("2026-01-10"), diagnosis: Diagnosis(code: "F33.2", system: .icd10, severity: .severe)),
            measurements: [
                Measurement(instrument: "phq9", date: LocalDate("2026-01-15")!, answers: [3, 3, 2, 2, 2, 2, 2, 2, 0]),
                Measurement(instrument: "phq9", date: LocalDate("2026-11-01")!, answers: [2, 2, 2, 2, 2, 2, 1, 1, 0]),
            ],
            trials: [
                TreatmentTrial(
                    id: "trial-1", kind: .medication, agent: "sertraline", start: LocalDate("2026-01-20")!, end: LocalDate("2026-05-01")!,
                    doses: [DoseStep(from: LocalDate("2026-01-20")!, mgPerDay: 100), DoseStep(from: LocalDate("2026-02-05")!, mgPerDay: 150)],
                    adherence: Adherence(percentDaysCovered: 92, source: "pharmacy-fills"), stopReason: .nonResponse)
            ])
    }

    var services: ClinicServices {
        ClinicServices(
            store: store, knowledge: Self.knowledge, configuration: configuration, clock: .fixed(Self.now),
            logger: logs.logger)
    }

    func app() throws -> some ApplicationProtocol {
        try buildApplication(
            configuration: configuration, store: store, knowledge: Self.knowledge, clock: .fixed(Self.now), logger: logs.logger)
    }

    /// Runs `body` against the application in router mode.
    func test(_ body: @escaping @Sendable (TestHTTP) async throws -> Void) async throws {
        let sessions = self.sessions
        let tokens = self.tokens
        try await app().test(.router) { client in
            try await body(TestHTTP(client: client, sessions: sessions, tokens: tokens))
        }
    }
}

/// A session cookie and its CSRF token.
struct TestSession: Sendable {
    var cookie: String
    var csrf: String
}

/// Requests as a named user.
struct TestHTTP: Sendable {
    let client: any TestClientProtocol
    let sessions: [String: TestSession]
    let tokens: [String: String]

    func get(_ uri: String, as user: String?) async throws -> TestResponse {
        var headers = HTTPFields()
        if let user, let session = sessions[user] { headers[.cookie] = "stepwise_session=\(session.cookie)" }
        return try await client.execute(uri: uri, method: .get, headers: headers)
    }

    /// A form POST; `csrf` overrides the session's token (`""` sends none).
    func post(_ uri: String, form: [(String, String)], as user: String?, csrf: String? = nil) async throws -> TestResponse {
        var headers = HTTPFields()
        headers[.contentType] = "application/x-www-form-urlencoded"
        var fields = form
        if let user, let session = sessions[user] {
            headers[.cookie] = "stepwise_session=\(session.cookie)"
            let token = csrf ?? session.csrf
            if !token.isEmpty { fields.append(("_csrf", token)) }
        } else if let csrf, !csrf.isEmpty {
            fields.append(("_csrf", csrf))
        }
        let body = fields.map { "\(FormData.encode($0.0))=\(FormData.encode($0.1))" }.joined(separator: "&")
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// An API call with the user's bearer token.
    func api(
        _ method: HTTPRequest.Method, _ uri: String, as user: String?, json: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if let user, let token = tokens[user] { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

/// Captures log lines (level, message and metadata) so tests can check that no patient data is logged.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var _lines: [String] = []

    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return _lines
    }

    func append(_ line: String) {
        lock.lock()
        _lines.append(line)
        lock.unlock()
    }

    var logger: Logger {
        var logger = Logger(label: "test") { _ in CaptureHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    struct CaptureHandler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append("\(event.level) \(event.message) \(all.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " "))")
        }
    }
}
