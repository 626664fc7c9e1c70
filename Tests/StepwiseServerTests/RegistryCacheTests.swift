// SPDX-License-Identifier: Apache-2.0
import StepwiseCore
import StepwiseServer
import StepwiseStorage
import Testing

@Suite struct RegistryCacheTests {
    static func row(_ id: String, phq9: Int, flags: [String] = []) -> RegistrySummary {
        RegistrySummary(patientID: id, version: 1, asOf: TestClinic.today, lastPHQ9: phq9, flags: flags)
    }

    @Test func onlyOneCallerRefreshesAtATime() async {
        let cache = RegistryCache(lifetime: .zero)
        let first = await cache.acquire("org")
        #expect(first.rows == nil)
        #expect(first.mustRefresh)
        await cache.finish("org", rows: [Self.row("a", phq9: 5)], at: .now)
        let second = await cache.acquire("org")
        #expect(second.mustRefresh, "expired rows must be re-read")
        let third = await cache.acquire("org")
        #expect(!third.mustRefresh, "while one caller re-reads, the others use the previous rows")
        #expect(third.rows?.map(\.patientID) == ["a"])
    }

    @Test func localWritesUpdateRowsViewsAndCounts() async {
        let cache = RegistryCache(lifetime: .seconds(60))
        await cache.finish("org", rows: [Self.row("a", phq9: 5), Self.row("c", phq9: 20, flags: ["safety"])], at: .now)
        let byScore = RegistryQuery(sort: .phq9, descending: true)
        #expect(await cache.view("org", query: byScore)?.map(\.patientID) == ["c", "a"])
        #expect(await cache.flagCounts("org")?["safety"] == 1)
        await cache.upsert(Self.row("b", phq9: 27, flags: ["safety"]), in: "org")
        #expect(await cache.acquire("org").rows?.map(\.patientID) == ["a", "b", "c"], "rows stay sorted by id")
        #expect(await cache.view("org", query: byScore)?.map(\.patientID) == ["b", "c", "a"])
        #expect(await cache.flagCounts("org")?["safety"] == 2)
        await cache.remove(patientID: "c", in: "org")
        #expect(await cache.view("org", query: byScore)?.map(\.patientID) == ["b", "a"])
    }
}

/// Registry rows are rebuilt when what they were computed with changes: the day, the knowledge-base
/// version or the rule profile (not only the patient's version).
@Suite struct RegistryBasisTests {
    @Test func rowsFromAnotherKnowledgeVersionOrProfileAreRebuilt() async throws {
        let clinic = try await TestClinic.make()
        let services = clinic.services
        let fresh = try await services.registry(organizationID: "org-a")
        let row = try #require(fresh.first { $0.patientID == TestClinic.patientA })
        #expect(row.basis == "\(KnowledgeResource.version)/\(TestClinic.knowledge.profiles.defaultProfile)")

        // A row cached by an older release (other knowledge version), and one cached before rows had a basis.
        var old = row
        old.basis = "2000.01.0/\(TestClinic.knowledge.profiles.defaultProfile)"
        old.lastPHQ9 = 99
        try await clinic.store.saveRegistrySummary(old, organizationID: "org-a")
        #expect(try await clinic.store.registrySummaries(organizationID: "org-a").first?.lastPHQ9 == 99)
        let rebuilt = try await ClinicServices(
            store: clinic.store, knowledge: TestClinic.knowledge, configuration: clinic.configuration, clock: .fixed(TestClinic.now),
            logger: clinic.logs.logger
        ).registry(organizationID: "org-a")
        #expect(rebuilt.first { $0.patientID == TestClinic.patientA } == row)

        var legacy = row
        legacy.basis = nil
        try await clinic.store.saveRegistrySummary(legacy, organizationID: "org-a")
        let again = try await ClinicServices(
            store: clinic.store, knowledge: TestClinic.knowledge, configuration: clinic.configuration, clock: .fixed(TestClinic.now),
            logger: clinic.logs.logger
        ).registry(organizationID: "org-a")
        #expect(again.first { $0.patientID == TestClinic.patientA }?.basis == row.basis)
    }
}

/// The start-up and midnight refresh writes one `info` line however many organisations share the
/// server (a line per organisation only at `debug`): a log consumer that falls behind must not
/// be flooded at every start.
@Suite struct RegistryRefreshLoggingTests {
    @Test func aRefreshOfEveryOrganisationLogsOneInfoLineWithTheTotals() async throws {
        let clinic = try await TestClinic.make()
        for index in 0..<5 {
            try await clinic.store.createOrganization(Organization(id: "org-extra-\(index)", name: "Extra \(index)"))
        }
        await RegistryRefresher(services: clinic.services).refreshAll()
        let refreshLines = clinic.logs.lines.filter { $0.contains("registry cache refreshed") }
        let info = refreshLines.filter { $0.hasPrefix("info ") }
        #expect(info.count == 1)
        #expect(info.first?.contains("stepwise.registry.organizations=7") == true)
        #expect(info.first?.contains("stepwise.registry.rows=2") == true)
        #expect(refreshLines.filter { $0.hasPrefix("debug ") }.count == 7)
    }
}
