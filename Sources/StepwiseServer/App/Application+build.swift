// SPDX-License-Identifier: Apache-2.0
import Foundation
import Hummingbird
import Logging
import StepwiseCore
import StepwiseStorage

/// Builds the clinic server without running it: tests drive the result with
/// `app.test(.router)`, `stepwise serve` calls `runService()`.
///
/// ```swift
/// let app = try buildApplication(
///     configuration: ServerConfiguration(port: 8080), store: InMemoryStore(),
///     knowledge: try KnowledgeBase.bundled(), clock: .system, logger: Logger(label: "stepwise"))
/// try await app.runService()
/// ```
///
/// - Parameters:
///   - configuration: Host, port, cookie and throttling settings.
///   - store: Where patients, accounts and the audit log live.
///   - knowledge: The clinical knowledge base.
///   - clock: "Now" for sessions and audit, and "today" for assessments.
///   - logger: The application logger (route templates only, never patient data).
///   - cdsHooks: The CDS Hooks service to mount at `/cds-services` (JWT-authenticated, no cookies).
public func buildApplication(
    configuration: ServerConfiguration, store: any StepwiseStore, knowledge: KnowledgeBase, clock: StoreClock,
    logger: Logger, cdsHooks: CDSHooksService? = nil
) throws -> some ApplicationProtocol {
    let services = ClinicServices(
        store: store, knowledge: knowledge, configuration: configuration, clock: clock, logger: logger)
    let router = buildRouter(services: services)
    cdsHooks?.addRoutes(to: router)
    return Application(
        router: router,
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: configuration.serverName),
        services: [RegistryRefresher(services: services)],
        logger: logger
    )
}

/// The router with every route and middleware (exposed for tests and benchmarks).
public func buildRouter(services: ClinicServices) -> Router<StepwiseRequestContext> {
    let router = Router(context: StepwiseRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: AuthenticationMiddleware(services: services))
    router.add(middleware: CSRFMiddleware())

    router.get("/healthz") { _, _ in "ok" }
    StaticController().addRoutes(to: router)
    SessionController(services: services).addRoutes(to: router)
    RegistryController(services: services).addRoutes(to: router)
    PatientController(services: services).addRoutes(to: router)
    DataEntryController(services: services).addRoutes(to: router)
    DocumentController(services: services).addRoutes(to: router)
    CareTeamController(services: services).addRoutes(to: router)
    AdminController(services: services).addRoutes(to: router)
    ExplainController(services: services).addRoutes(to: router)
    APIController(services: services).addRoutes(to: router.group("api/v1"))
    OpenAPIController().addRoutes(to: router)
    return router
}
