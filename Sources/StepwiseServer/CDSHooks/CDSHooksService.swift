// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import StepwiseCore
import StepwiseFHIR
import Synchronization

/// The CDS Hooks 2.0 service: discovery, `patient-view`, `order-select`, `order-sign` and feedback.
///
/// Mount it on any Hummingbird router (the clinic server does; ``buildCDSHooksApplication(configuration:knowledge:logger:)``
/// builds a standalone server):
///
/// ```swift
/// let cds = try await CDSHooksService(configuration: configuration, knowledge: knowledge, logger: logger)
/// cds.addRoutes(to: router)   // GET /cds-services, POST /cds-services/{id}, POST /cds-services/{id}/feedback
/// ```
///
/// Every hook and feedback call must carry a JWT from an allow-listed issuer (see
/// ``Configuration``) unless ``Configuration/allowInsecureDevelopmentMode`` is on. Errors are FHIR
/// `OperationOutcome`s: 400 malformed body, 401 bad or missing JWT, 404 unknown service, 412 prefetch
/// missing without a `fhirServer`, 502 the client's FHIR server failed. Logs carry the service id,
/// status and duration, never patient data or tokens.
public struct CDSHooksService: Sendable {
    /// The configuration in force.
    public let configuration: Configuration
    let knowledge: KnowledgeBase
    let feedbackStore: any CDSFeedbackStore
    let logger: Logger
    let today: @Sendable () -> LocalDate
    let verifier: CDSJWTVerifier
    let resolver: CDSPrefetchResolver
    let mapping: CDSRecordMapping
    let assessor: Assessor
    let patientView: CDSPatientViewCards
    let orderChecks: CDSOrderChecks
    let discovery: Data

    /// Creates the service and parses the configured issuer keys.
    ///
    /// - Parameters:
    ///   - configuration: Base URL, trusted issuers and limits.
    ///   - knowledge: The knowledge base assessments use.
    ///   - feedbackStore: Where card feedback goes (in memory by default).
    ///   - httpClient: Client for JWKS and FHIR-server requests (the shared client by default).
    ///   - today: "Today" for assessments and washout dates (UTC calendar date by default; tests fix it).
    ///   - now: The clock JWT times are checked against.
    ///   - logger: Where start-up warnings and request summaries go.
    /// - Throws: ``StepwiseError`` (`invalidInput`) for an unreadable key, an unknown profile or a base URL
    ///   that is not absolute.
    public init(
        configuration: Configuration, knowledge: KnowledgeBase,
        feedbackStore: any CDSFeedbackStore = InMemoryCDSFeedbackStore(), httpClient: HTTPClient = .shared,
        today: @escaping @Sendable () -> LocalDate = CDSHooksService.utcToday,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) async throws {
        guard let url = URL(string: configuration.baseURL), url.scheme != nil, url.host != nil else {
            throw StepwiseError(.invalidInput, "the CDS base URL must be absolute, e.g. https://stepwise.example.org", at: "cds-base-url")
        }
        if let profile = configuration.profile, knowledge.profiles.profile(profile) == nil {
            throw StepwiseError(.invalidInput, "unknown rule profile \"\(profile)\"", at: "profile")
        }
        self.configuration = configuration
        self.knowledge = knowledge
        self.feedbackStore = feedbackStore
        self.logger = logger
        self.today = today
        let fetcher = CDSHTTPFetcher(
            client: httpClient, timeout: configuration.outboundTimeout, maximumBytes: configuration.maximumBodyBytes)
        let keys = CDSIssuerKeyStore(fetcher: fetcher, lifetime: configuration.jwksCacheLifetime)
        try await keys.load(configuration.issuers)
        verifier = CDSJWTVerifier(configuration: configuration, keys: keys, replays: CDSReplayCache(), now: now)
        resolver = CDSPrefetchResolver(fetcher: fetcher, allowPlainHTTP: configuration.allowPlainHTTPFHIRServer)
        mapping = CDSRecordMapping(knowledge: knowledge)
        assessor = Assessor(knowledge: knowledge)
        let support = CDSCardSupport(knowledge: knowledge, makeID: CDSRandomID.make)
        patientView = CDSPatientViewCards(support: support)
        orderChecks = CDSOrderChecks(support: support, knowledge: knowledge)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        discovery = try encoder.encode(
            CDSDiscoveryResponse(services: CDSServiceCatalog.descriptors(insecure: configuration.allowInsecureDevelopmentMode)))
        if configuration.allowInsecureDevelopmentMode {
            logger.warning(
                "CDS HOOKS INSECURE DEVELOPMENT MODE: JWT verification is OFF. Anyone who can reach this server can call the CDS services. Never use with real patient data.")
        } else if configuration.issuers.isEmpty {
            logger.warning("CDS Hooks: no trusted issuers are configured; every hook call will be refused with 401.")
        }
    }

    /// Today's date in UTC.
    public static func utcToday() -> LocalDate {
        LocalDate(dayNumber: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// Adds `GET /cds-services`, `POST /cds-services/{id}` and `POST /cds-services/{id}/feedback` to `router`,
    /// with CORS (any origin, no credentials: calls authenticate with a bearer JWT, never cookies) so
    /// browser-based CDS clients such as the CDS Hooks sandbox can call them.
    public func addRoutes<Context: RequestContext>(to router: some RouterMethods<Context>) {
        let group = router.group("cds-services").add(
            middleware: CORSMiddleware(
                allowOrigin: .all, allowHeaders: [.accept, .authorization, .contentType, .origin],
                allowMethods: [.get, .post, .options], maxAge: .seconds(600)))
        group.get("") { _, _ in
            Self.json(discovery)
        }
        group.post(":id") { request, context in
            await handle(request, serviceID: context.parameters.get("id") ?? "", feedback: false)
        }
        group.post(":id/feedback") { request, context in
            await handle(request, serviceID: context.parameters.get("id") ?? "", feedback: true)
        }
        // Preflight requests are answered by the CORS middleware; these routes let them reach it.
        for path in ["", ":id", ":id/feedback"] {
            group.on(RouterPath(path), method: .options) { _, _ in Response(status: .noContent) }
        }
        if Self.benchmarkSinkEnabled(configuration: configuration, environment: ProcessInfo.processInfo.environment) {
            // Under the group, so it is treated as the hook routes are (no cookies, no CSRF token, CORS).
            group.post("_bench/sink") { request, _ in
                await benchmarkSink(request)
            }
        }
    }

    /// Whether `POST /cds-services/_bench/sink` is served: only for benchmarks, only with JWT
    /// verification off (``Configuration/allowInsecureDevelopmentMode``) AND `STEPWISE_CDS_BENCH_SINK=1`
    /// in the environment; off by default. `scripts/bench-cds.sh` sets it to measure the HTTP floor of a
    /// hook-sized request (the body collected as a hook call collects it, then 204, no work).
    static func benchmarkSinkEnabled(configuration: Configuration, environment: [String: String]) -> Bool {
        configuration.allowInsecureDevelopmentMode && environment["STEPWISE_CDS_BENCH_SINK"] == "1"
    }

    /// Collects the body exactly as a hook call does (same size limit and error), then answers 204.
    nonisolated(nonsending) func benchmarkSink(_ request: Request) async -> Response {
        do {
            _ = try await readBody(request)
            return Response(status: .noContent)
        } catch let error as CDSHTTPError {
            return error.response()
        } catch {
            return CDSHTTPError(.internalServerError, code: "exception", "internal error").response()
        }
    }

    /// Runs one call, turning every failure into an OperationOutcome response.
    ///
    /// The hook's own async functions are `nonisolated(nonsending)`: they run on their caller's executor.
    /// With NIO's event loops as Swift's global executor (`stepwise serve`), each hop to the generic
    /// executor is a job queued on the loop and run again; a patient-view call made about 85 of them, now
    /// about 79 (the body sink's count), the rest being Hummingbird's and NIO's.
    nonisolated(nonsending) func handle(_ request: Request, serviceID: String, feedback: Bool) async -> Response {
        let started = ContinuousClock.now
        let response: Response
        do {
            guard let hook = CDSServiceCatalog.hook(of: serviceID) else {
                throw CDSHTTPError(.notFound, code: "not-found", "no CDS service with this id", at: "id")
            }
            let client = try await authenticate(request, serviceID: serviceID)
            let body = try await readBody(request)
            if feedback {
                response = try await recordFeedback(Data(body.readableBytesView), serviceID: serviceID, client: client)
            } else {
                response = try await invoke(body, serviceID: serviceID, hook: hook)
            }
        } catch let error as CDSHTTPError {
            response = error.response()
        } catch {
            logger.error("CDS Hooks internal error", metadata: ["service": "\(serviceID)", "type": "\(type(of: error))"])
            response = CDSHTTPError(.internalServerError, code: "exception", "internal error").response()
        }
        logger.debug(
            "CDS Hooks call",
            metadata: [
                "service": "\(CDSServiceCatalog.hook(of: serviceID) == nil ? "unknown" : serviceID)",
                "feedback": "\(feedback)", "status": "\(response.status.code)",
                "ms": "\((ContinuousClock.now - started).inSeconds * 1000)",
            ])
        return response
    }

    private nonisolated(nonsending) func authenticate(_ request: Request, serviceID: String) async throws -> CDSVerifiedClient {
        if configuration.allowInsecureDevelopmentMode {
            return CDSVerifiedClient(issuer: "insecure-development", tenant: nil)
        }
        do {
            return try await verifier.verify(authorization: request.headers[.authorization], serviceID: serviceID)
        } catch let error as CDSAuthenticationError {
            logger.notice("CDS Hooks JWT refused", metadata: ["service": "\(serviceID)", "reason": "\(error.description)"])
            throw CDSHTTPError(.unauthorized, code: "login", error.description, at: "Authorization")
        }
    }

    /// The whole body, at most ``Configuration/maximumBodyBytes``, in the buffer it was collected into
    /// (hook calls decode it there, without copying it into `Data` first).
    ///
    /// Collected as NIO's `collect(upTo:)` collects it (the first fragment is the buffer, so a body that came
    /// in one piece is not copied; the limit counts every fragment), in this function's own loop: NIO's
    /// generic functions are not `nonisolated(nonsending)`, and each of their returns was one more job queued
    /// on the event loop (about 3 per call).
    private nonisolated(nonsending) func readBody(_ request: Request) async throws -> ByteBuffer {
        let limit = configuration.maximumBodyBytes
        let tooLarge = CDSHTTPError(.contentTooLarge, code: "too-costly", "the request body exceeds \(limit) bytes")
        do {
            var fragments = request.body.makeAsyncIterator()
            guard var body = try await fragments.next() else { return ByteBuffer() }
            guard body.readableBytes <= limit else { throw tooLarge }
            while let fragment = try await fragments.next() {
                guard fragment.readableBytes <= limit - body.readableBytes else { throw tooLarge }
                body.writeImmutableBuffer(fragment)
            }
            return body
        } catch {
            // Any failure to read the body is answered as before: 413.
            throw tooLarge
        }
    }

    static func json(_ data: Data, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A 200 answer with `response` written by ``CDSResponseWriter`` straight into the response buffer
    /// (no byte array written first and copied; the same bytes as ``CDSResponseWriter/encode(_:)``).
    static func json(_ response: CDSHookResponse) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: responseBuffer(response)))
    }

    /// `response` as JSON in a `ByteBuffer`: written into the buffer's memory when it fits the usual
    /// room, else written as an array and copied.
    ///
    /// The buffer is one kept from an earlier answer (``CDSResponseBuffers``) when there is one: its memory
    /// is written again only once the earlier answer has been sent (until then NIO still holds it, and
    /// `clear()` gives this answer new memory instead: copy-on-write), so no answer is changed or sent twice.
    static func responseBuffer(_ response: CDSHookResponse, allocator: ByteBufferAllocator = ByteBufferAllocator())
        -> ByteBuffer
    {
        let room = CDSResponseWriter.estimatedSize(response)
        var buffer: ByteBuffer
        if var kept = CDSResponseBuffers.take() {
            kept.clear()
            buffer = kept
        } else {
            buffer = allocator.buffer(capacity: room)
        }
        var fitted = false
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: room) { memory in
            guard let count = CDSResponseWriter.encode(response, into: memory) else { return 0 }
            fitted = true
            return count
        }
        guard fitted else { return ByteBuffer(bytes: CDSResponseWriter.encode(response)) }
        CDSResponseBuffers.keep(buffer)
        return buffer
    }
}

/// Response buffers kept between hook answers, so an answer is written into memory that is already there
/// instead of a fresh ≈ 32 kB block per call (allocated, faulted in page by page after glibc gave the arena's
/// top back, and freed once sent).
///
/// A kept buffer shares its memory with the answer last written into it; ``CDSHooksService/responseBuffer(_:allocator:)``
/// clears it before writing, and `ByteBuffer.clear()` gives it new memory while that answer is still held by
/// NIO (not yet sent), so the memory is reused only once nothing else refers to it. At most ``keptBuffers``
/// are kept, none larger than ``largestKept`` bytes.
enum CDSResponseBuffers {
    /// Buffers kept (one per concurrent answer; `stepwise serve` answers on one event loop per core).
    static let keptBuffers = 8
    /// The largest buffer kept (a larger answer's memory is given back when sent).
    static let largestKept = 1 << 16

    private static let idle = Mutex<[ByteBuffer]>([])

    /// A kept buffer, if any (still sharing its memory with the answer last written into it).
    static func take() -> ByteBuffer? {
        idle.withLock { $0.popLast() }
    }

    /// Keeps `buffer` for a later answer unless enough are kept or it is too large.
    static func keep(_ buffer: ByteBuffer) {
        guard buffer.capacity <= largestKept else { return }
        idle.withLock { buffers in
            if buffers.count < keptBuffers { buffers.append(buffer) }
        }
    }

    /// How many buffers are kept now (for tests).
    static var keptCount: Int { idle.withLock { $0.count } }
}
