// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

/// Makes the PostgreSQL part of the conformance suite visible when it does not run.
@Suite struct PostgresAvailabilityTests {
    @Test(
        .enabled(
            if: Backend.postgresURL != nil,
            "PostgreSQL cases skipped: run scripts/start-test-postgres.sh and export STEPWISE_TEST_POSTGRES_URL"))
    func postgresSuiteIsConfigured() {
        #expect(Backend.available.contains(.postgres))
    }

    /// CI sets `STEPWISE_REQUIRE_POSTGRES=1` so a missing database fails the run instead of skipping.
    @Test func postgresIsPresentWhenRequired() {
        let required = ProcessInfo.processInfo.environment["STEPWISE_REQUIRE_POSTGRES"] == "1"
        #expect(!required || Backend.postgresURL != nil, "STEPWISE_REQUIRE_POSTGRES=1 but STEPWISE_TEST_POSTGRES_URL is not set")
    }
}
