// SPDX-License-Identifier: Apache-2.0

import Hummingbird
import Logging
import StepwiseCore

/// Builds a standalone server with only the CDS Hooks service and a trivial `GET /health` route
/// (the baseline the benchmark compares against). The clinic server mounts ``CDSHooksService`` on its own
/// router instead.
///
/// ```swift
/// let app = try await buildCDSHooksApplication(
///     configuration: .init(baseURL: "http://127.0.0.1:8080", allowInsecureDevelopmentMode: true),
///     knowledge: try KnowledgeBase.bundled(), logger: Logger(label: "cds"))
/// try await app.runService()
/// ```
///
/// - Throws: ``StepwiseError`` as ``CDSHooksService/init(configuration:knowledge:feedbackStore:httpClient:today:now:logger:)`` does.
public func buildCDSHooksApplication(
    configuration: CDSHooksService.Configuration, knowledge: KnowledgeBase,
    feedbackStore: any CDSFeedbackStore = InMemoryCDSFeedbackStore(),
    today: @escaping @Sendable () -> LocalDate = CDSHooksService.utcToday,
    address: BindAddress = .hostname("127.0.0.1", port: 8080), logger: Logger
) async throws -> some ApplicationProtocol {
    let service = try await CDSHooksService(
        configuration: configuration, knowledge: knowledge, feedbackStore: feedbackStore, today: today, logger: logger)
    let router = Router()
    router.get("health") { _, _ in "ok" }
    service.addRoutes(to: router)
    return Application(
        router: router, configuration: ApplicationConfiguration(address: address, serverName: "stepwise-cds"),
        logger: logger)
}
