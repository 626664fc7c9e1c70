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
    public func refreshAll() async {
        do {
            for organization in try await services.store.organizations() {
                let start = ContinuousClock.now
                let rows = try await services.registry(organizationID: organization.id)
                services.logger.info(
                    "registry cache refreshed",
                    metadata: ["stepwise.registry.rows": "\(rows.count)", "stepwise.elapsed": "\(ContinuousClock.now - start)"])
            }
        } catch {
            services.logger.warning("registry cache refresh failed", metadata: ["stepwise.error": "\(type(of: error))"])
        }
    }
}
