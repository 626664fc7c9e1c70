// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import PostgresNIO
import StepwiseStoragePostgres
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

/// Parsing of PostgreSQL URLs (no server needed).
@Suite struct PostgresURLTests {
    @Test func loopbackURLReadsHostPortUserAndDatabase() throws {
        let configuration = try PostgresURL.configuration("postgres://stepwise:s%40cret@127.0.0.1:5433/clinic")
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 5433)
        #expect(configuration.username == "stepwise")
        #expect(configuration.password == "s@cret")
        #expect(configuration.database == "clinic")
    }

    @Test(arguments: ["mysql://x@h/db", "postgres:///db", "not a url", "postgres://u@db.example/x?sslmode=sometimes"])
    func malformedURLIsAnErrorThatDoesNotRepeatIt(_ url: String) {
        let error = #expect(throws: StepwiseError.self) { try PostgresURL.configuration(url) }
        #expect(error?.code == .invalidInput)
        #expect(error.map { !$0.description.contains(url) } == true)
    }
}
