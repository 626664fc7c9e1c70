// SPDX-License-Identifier: Apache-2.0
import Dispatch
import Foundation
import Hummingbird
import Logging
import StepwiseCore
import StepwiseServer

/// `stepwise-bench cds-serve [--port N]`: the standalone CDS Hooks server for `scripts/bench-cds.sh`,
/// bound to 127.0.0.1 with JWT verification off (a benchmark, never a deployment) and a fixed "today".
///
/// It serves `POST /cds-services/stepwise-patient-view` and the trivial `GET /health` baseline on the
/// same server, so wrk can measure both in one run. Logging is at `error` level so the log does not
/// dominate the measurement.
enum CDSHooksBenchServer {
    static func run(port: Int) throws {
        var logger = Logger(label: "stepwise-cds-bench")
        logger.logLevel = .error
        let knowledge = try KnowledgeBase.bundled()
        let today = LocalDate(year: 2026, month: 11, day: 21) ?? LocalDate(dayNumber: 20_778)
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task {
            do {
                let app = try await buildCDSHooksApplication(
                    configuration: .init(baseURL: "http://127.0.0.1:\(port)", allowInsecureDevelopmentMode: true),
                    knowledge: knowledge, today: { today }, address: .hostname("127.0.0.1", port: port),
                    logger: logger)
                try await app.runService()
            } catch {
                failure.set(error)
            }
            done.signal()
        }
        done.wait()
        if let error = failure.get() { throw error }
    }

    /// Carries an error out of the server task.
    final class FailureBox: @unchecked Sendable {
        private let lock = NSLock()
        private var error: (any Error)?
        func set(_ error: any Error) { lock.withLock { self.error = error } }
        func get() -> (any Error)? { lock.withLock { error } }
    }
}
