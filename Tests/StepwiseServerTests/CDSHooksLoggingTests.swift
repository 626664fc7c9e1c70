// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import HummingbirdTesting
import JWTKit
import Logging
import NIOCore
import StepwiseCore
import Synchronization
import Testing

@testable import StepwiseServer

/// Collects log records in memory for assertions.
final class CapturedLogs: Sendable {
    private let records = Mutex<[String]>([])
    var all: [String] { records.withLock { $0 } }
    func append(_ line: String) { records.withLock { $0.append(line) } }

    var logger: Logger {
        var logger = Logger(label: "cds-test") { _ in CapturingHandler(sink: self) }
        logger.logLevel = .trace
        return logger
    }

    struct CapturingHandler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            sink.append("\(event.level) \(event.message) \(merged)")
        }
    }
}

@Suite struct CDSHooksLoggingTests {
    @Test func developmentModeWarnsLoudlyAtStartUp() async throws {
        let logs = CapturedLogs()
        _ = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true), logger: logs.logger)
        #expect(logs.all.contains { $0.hasPrefix("warning") && $0.contains("INSECURE DEVELOPMENT MODE") })
    }

    @Test func logsCarryNoPatientDataOrTokens() async throws {
        let logs = CapturedLogs()
        let key = CDSFixtures.makeKey()
        let app = try await CDSFixtures.application(
            CDSFixtures.configuration(publicKeyPEM: key.publicKey.pemRepresentation), logger: logs.logger)
        let token = try await CDSFixtures.token(key: key)
        try await app.test(.live) { client in
            for headers in [CDSFixtures.headers(token: token), CDSFixtures.headers(token: "garbage")] {
                _ = try await client.execute(
                    uri: "/cds-services/stepwise-patient-view", method: .post, headers: headers,
                    body: CDSFixtures.hookBody(prefetch: CDSFixtures.prefetch(observations: CDSFixtures.observations(item9: 3))))
            }
        }
        #expect(logs.all.contains { $0.contains("CDS Hooks call") })
        for line in logs.all {
            #expect(!line.contains(CDSFixtures.patientID))
            #expect(!line.contains("1980-03-02"))
            #expect(!line.contains(token))
        }
    }
}
