// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import HummingbirdTesting
import JWTKit
import Logging
import NIOCore
import StepwiseCore
import Testing

@testable import StepwiseServer

@Suite struct CDSHooksLoggingTests {
    @Test func developmentModeWarnsLoudlyAtStartUp() async throws {
        let logs = LogCapture()
        _ = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true), logger: logs.logger)
        #expect(logs.lines.contains { $0.hasPrefix("warning") && $0.contains("INSECURE DEVELOPMENT MODE") })
    }

    @Test func logsCarryNoPatientDataOrTokens() async throws {
        let logs = LogCapture()
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
        #expect(logs.lines.contains { $0.contains("CDS Hooks call") })
        for line in logs.lines {
            #expect(!line.contains(CDSFixtures.patientID))
            #expect(!line.contains("1980-03-02"))
            #expect(!line.contains(token))
        }
    }
}
