// SPDX-License-Identifier: Apache-2.0

import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import StepwiseServer

/// The benchmark's body sink (`POST /cds-services/_bench/sink`) exists only when a benchmark asks for it twice:
/// JWT verification off and `STEPWISE_CDS_BENCH_SINK=1`.
@Suite struct CDSHooksBenchSinkTests {
    @Test(arguments: [
        (false, nil, false), (false, "1", false), (true, nil, false), (true, "0", false), (true, "yes", false),
        (true, "1", true),
    ] as [(Bool, String?, Bool)])
    func theSinkNeedsInsecureModeAndTheSwitch(insecure: Bool, value: String?, enabled: Bool) {
        var environment: [String: String] = ["PATH": "/usr/bin"]
        if let value { environment["STEPWISE_CDS_BENCH_SINK"] = value }
        #expect(
            CDSHooksService.benchmarkSinkEnabled(
                configuration: CDSFixtures.configuration(insecure: insecure), environment: environment) == enabled)
    }

    @Test func withoutTheSwitchThereIsNoSinkRoute() async throws {
        // Only meaningful when the test process itself was not started with the switch.
        guard ProcessInfo.processInfo.environment["STEPWISE_CDS_BENCH_SINK"] == nil else { return }
        let app = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true))
        try await app.test(.live) { client in
            let response = try await client.execute(
                uri: "/cds-services/_bench/sink", method: .post, headers: CDSFixtures.headers(token: nil),
                body: CDSFixtures.hookBody(prefetch: CDSFixtures.prefetch()))
            #expect(response.status == .notFound)
        }
    }

    @Test func theSinkCollectsTheBodyAndAnswers204() async throws {
        let service = try await CDSHooksService(
            configuration: CDSFixtures.configuration(insecure: true), knowledge: CDSFixtures.knowledge,
            logger: .init(label: "cds-test"))
        let router = Router()
        router.post("cds-services/_bench/sink") { request, _ in await service.benchmarkSink(request) }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let response = try await client.execute(
                uri: "/cds-services/_bench/sink", method: .post, headers: CDSFixtures.headers(token: nil),
                body: CDSFixtures.hookBody(prefetch: CDSFixtures.prefetch()))
            #expect(response.status == .noContent)
            #expect(response.body.readableBytes == 0)
        }
    }
}
