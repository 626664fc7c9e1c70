// SPDX-License-Identifier: Apache-2.0
import Foundation
import Logging
import ServiceLifecycle
import StepwiseStorage

/// Keeps the registry cache warm: at start-up, and again shortly after each midnight (when
/// "weeks in treatment" and overdue flags change), it brings every organisation's cached rows up
/// to date, so no clinician waits for a rebuild. Runs in the application's service group.
public struct RegistryRefresher: Service {
    let services: ClinicServices

    /// Creates the refresher.
    public init(services: ClinicServices) { self.services = services }

    public func run() async throws {
        while !Task.isCancelled {
            await refreshAll()
            let seconds = 86_400 - Int(services.clock.now().timeIntervalSince1970 + Double(services.configuration.utcOffsetSeconds)) % 86_400 + 60
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(seconds)) }
            } catch {
                return
            }
        }
    }

    /// Refreshes every organisation's registry rows now.
    ///
    /// Logs one line per refresh at `info` (how many organisations and rows, how long) and one per
    /// organisation only at `debug`: a server shared by hundreds of organisations must not write
    /// hundreds of lines at every start and every midnight.
    public func refreshAll() async {
        let start = ContinuousClock.now
        var organizations = 0
        var rows = 0
        do {
            for organization in try await services.store.organizations() {
                let organizationStart = ContinuousClock.now
                let refreshed = try await services.registry(organizationID: organization.id).count
                organizations += 1
                rows += refreshed
                services.logger.debug(
                    "registry cache refreshed for one organisation",
                    metadata: [
                        "stepwise.registry.rows": "\(refreshed)",
                        "stepwise.elapsed": "\(ContinuousClock.now - organizationStart)",
                    ])
            }
            services.logger.info(
                "registry cache refreshed",
                metadata: [
                    "stepwise.registry.organizations": "\(organizations)", "stepwise.registry.rows": "\(rows)",
                    "stepwise.elapsed": "\(ContinuousClock.now - start)",
                ])
        } catch {
            services.logger.warning(
                "registry cache refresh failed",
                metadata: ["stepwise.error": "\(type(of: error))", "stepwise.registry.organizations": "\(organizations)"])
        }
    }
}
