// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import HummingbirdTesting
import StepwiseCore
import StepwiseServer
import StepwiseStorage
import Testing

@Suite struct WebAppTests {
    static let a = TestClinic.patientA
    static func phq9(version: Int, item9: String, date: String = "2026-11-20") -> [(String, String)] {
        [("instrument", "phq9"), ("version", String(version)), ("date", date)] + (1...8).map { ("item\($0)", "2") } + [("item9", item9)]
    }

    @Test func questionnaireWithItem9PositiveShowsTheScoreAndPutsTheSafetyBannerFirst() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let saved = try await http.post("/patients/\(Self.a)/measurements", form: Self.phq9(version: 1, item9: "2"), as: "clinician")
            #expect(saved.status == .seeOther)
            let location = try #require(saved.headers[.location])
            #expect(location.contains("saved=measurement"))
            let page = try await http.get(location, as: "clinician").text
            #expect(page.contains("id=\"score-result\""))
            #expect(page.contains("total <strong>18</strong>"))
            #expect(page.contains("suicide-item-positive"))
            let banner = try #require(page.range(of: "id=\"safety-banner\""))
            let heading = try #require(page.range(of: "<h1>Patient"))
            #expect(banner.lowerBound < heading.lowerBound, "the safety banner precedes everything else")
        }
    }

    @Test func thePHQ9FormOffersTheUnscoredDifficultyQuestionAndSavesIt() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let form = try await http.get("/patients/\(Self.a)/measurements/new?instrument=phq9", as: "clinician").text
            #expect(form.contains("id=\"item10\""))
            #expect(form.contains("(optional, not scored)"))
            #expect(form.contains("Extremely difficult"))

            let bad = try await http.post(
                "/patients/\(Self.a)/measurements", form: Self.phq9(version: 1, item9: "0") + [("item10", "7")], as: "clinician")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("Item 10"))

            let saved = try await http.post(
                "/patients/\(Self.a)/measurements", form: Self.phq9(version: 1, item9: "0") + [("item10", "2")], as: "clinician")
            #expect(saved.status == .seeOther)
            let page = try await http.get(try #require(saved.headers[.location]), as: "clinician").text
            #expect(page.contains("total <strong>16</strong>"))
        }
        let stored = try #require(try await clinic.store.patient(id: Self.a, organizationID: "org-a"))
        #expect(stored.record.measurements.last?.answers?.count == 10)
        #expect(stored.record.measurements.last?.answers?.last == 2)
    }

    @Test func theCSSRSScreenerFormAsksForTheYesNoAnswersAndSavesAHighRiskTriage() async throws {
        // The screener has no total: its form once offered only "Total score 0–0" and refused every submission.
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let form = try await http.get("/patients/\(Self.a)/measurements/new?instrument=cssrs-screener", as: "clinician").text
            #expect(!form.contains("name=\"total\""))
            for number in 1...7 { #expect(form.contains("id=\"item\(number)\"")) }
            #expect(form.contains("Wished to be dead or not wake up (past month)"))
            // Questions 1, 2 and 6 are required; 3–5 and 7 are conditional.
            let missing = try await http.post(
                "/patients/\(Self.a)/measurements",
                form: [("instrument", "cssrs-screener"), ("version", "1"), ("date", "2026-11-20"), ("item1", "1")], as: "clinician")
            #expect(missing.status == .unprocessableContent)
            #expect(missing.text.contains("Item 2"))
            // Behaviour within the past 3 months (question 6 and its follow-up) is high risk.
            let saved = try await http.post(
                "/patients/\(Self.a)/measurements",
                form: [
                    ("instrument", "cssrs-screener"), ("version", "1"), ("date", "2026-11-20"), ("item1", "1"), ("item2", "0"),
                    ("item6", "1"), ("item7", "1"),
                ], as: "clinician")
            #expect(saved.status == .seeOther)
            let page = try await http.get(try #require(saved.headers[.location]), as: "clinician").text
            #expect(page.contains("cssrs-high-risk"))
            #expect(page.contains("id=\"safety-banner\""))
        }
        let stored = try #require(try await clinic.store.patient(id: Self.a, organizationID: "org-a"))
        #expect(stored.record.measurements.last?.instrument == "cssrs-screener")
        #expect(stored.record.measurements.last?.answers == [1, 0, nil, nil, nil, 1, 1])
    }

    @Test func theConditionFormOffersEveryCategoryIncludingSuicideRisk() async throws {
        // The form's category list is the one record validation accepts; a hand-kept list lacked suicide-risk.
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let form = try await http.get("/patients/\(Self.a)/clinical/new", as: "clinician").text
            for category in ["suicide-risk", "psychotic-disorder", "alcohol-use", "bipolar"] {
                #expect(form.contains("value=\"\(category)\""), "\(category)")
            }
            #expect(form.contains("value=\"seasonal-pattern\""))
            let saved = try await http.post(
                "/patients/\(Self.a)/conditions",
                form: [("version", "1"), ("c-category", "suicide-risk"), ("c-display", "Suicidal ideation"), ("c-status", "active")],
                as: "clinician")
            #expect(saved.status == .seeOther)
        }
        let stored = try #require(try await clinic.store.patient(id: Self.a, organizationID: "org-a"))
        #expect(stored.record.conditions.last?.category == "suicide-risk")
    }

    @Test func blockedOptionsAreMarkedOnThePatientPageAndLeftOutOfThePCPLetter() async throws {
        let clinic = try await TestClinic.make()
        _ = try await clinic.store.updatePatient(id: Self.a, organizationID: "org-a", actor: "test") {
            $0.conditions.append(Condition(code: "F31.81", system: .icd10, display: "Bipolar II disorder"))
        }
        let stored = try #require(try await clinic.store.patient(id: Self.a, organizationID: "org-a"))
        let report = try Assessor(knowledge: TestClinic.knowledge).assess(stored.record, asOf: TestClinic.today)
        let blocked = report.plan.filter { $0.blocked }
        #expect(!blocked.isEmpty, "a bipolar diagnosis blocks antidepressant options")
        try await clinic.test { http in
            let page = try await http.get("/patients/\(Self.a)", as: "clinician").text
            #expect(page.contains("blocked for this patient"))
            for option in blocked {
                #expect(page.contains(option.title))
            }
            let letter = try await http.get("/patients/\(Self.a)/documents/pcp-letter?format=md", as: "clinician").text
            #expect(letter.contains("Options we are considering"))
            for option in blocked {
                #expect(!letter.contains("\(option.title) — "), "\(option.id) is blocked and must not be 'considered' in the letter")
            }
        }
    }

    @Test func licensedInstrumentTakesATotalAndItsSafetyItem() async throws {
        let madrs = try #require(TestClinic.knowledge.instruments.instrument("madrs"))
        #expect(madrs.totalsOnly)
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let form = try await http.get("/patients/\(Self.a)/measurements/new?instrument=madrs", as: "care-manager").text
            #expect(form.contains("id=\"total\""))
            #expect(!form.contains("type=\"radio\""), "no item text is shipped for a licensed scale")
            for number in madrs.safetyItems { #expect(form.contains("id=\"item\(number)\"")) }
            let tooHigh = try await http.post(
                "/patients/\(Self.a)/measurements", form: [("instrument", "madrs"), ("version", "1"), ("date", "2026-11-20"), ("total", "99")],
                as: "care-manager")
            #expect(tooHigh.status == .unprocessableContent)
            #expect(tooHigh.text.contains("Total score: 99 is outside"))
            var fields = [("instrument", "madrs"), ("version", "1"), ("date", "2026-11-20"), ("total", "30")]
            fields += madrs.safetyItems.map { ("item\($0)", "4") }
            let saved = try await http.post("/patients/\(Self.a)/measurements", form: fields, as: "care-manager")
            #expect(saved.status == .seeOther)
        }
        let stored = try #require(try await clinic.store.patient(id: Self.a, organizationID: "org-a")?.record.measurements.last)
        #expect(stored.instrument == "madrs")
        #expect(stored.total == 30)
        #expect(stored.answers == nil)
    }

    @Test func missingAnswersAreShownInlineAndNothingIsSaved() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            var form = Self.phq9(version: 1, item9: "0")
            form.removeAll { $0.0 == "item4" }
            let response = try await http.post("/patients/\(Self.a)/measurements", form: form, as: "clinician")
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("id=\"item4-error\""))
            #expect(response.text.contains("Item 4"))
            #expect(response.text.contains("value=\"2\" checked"), "answers already given are kept")
        }
        #expect(try await clinic.store.patient(id: Self.a, organizationID: "org-a")?.version == 1)
    }

    @Test func staleFormGetsAConflictMessageAndKeepsTheEntry() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            #expect(try await http.post("/patients/\(Self.a)/measurements", form: Self.phq9(version: 1, item9: "0"), as: "clinician").status == .seeOther)
            let stale = try await http.post("/patients/\(Self.a)/measurements", form: Self.phq9(version: 1, item9: "1", date: "2026-11-19"), as: "care-manager")
            #expect(stale.status == .conflict)
            #expect(stale.text.contains("changed by someone else"))
            #expect(stale.text.contains("name=\"version\" value=\"2\""), "resubmitting saves on the latest version")
            #expect(stale.text.contains("value=\"1\" checked"), "the entry is not lost")
            let resubmitted = try await http.post("/patients/\(Self.a)/measurements", form: Self.phq9(version: 2, item9: "1", date: "2026-11-19"), as: "care-manager")
            #expect(resubmitted.status == .seeOther)
        }
        let stored = try await clinic.store.patient(id: Self.a, organizationID: "org-a")
        #expect(stored?.record.measurements.count == 4)
    }

    @Test func addingATrialWithAnEndBeforeItsStartIsAnInlineError() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let response = try await http.post(
                "/patients/\(Self.a)/trials",
                form: [("version", "1"), ("kind", "medication"), ("agent", "sertraline"), ("start", "2026-10-01"), ("end", "2026-09-01"),
                       ("doseDate", "2026-10-01"), ("doseMg", "-5")],
                as: "clinician")
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("End: 2026-09-01 is before the start 2026-10-01."))
            #expect(response.text.contains("is not a daily dose in mg (more than 0 and at most 10000"))
        }
    }

    @Test func theWebFormTakesTheSameDoseRangeAsTheAPI() async throws {
        // One range everywhere: more than 0 and at most DoseStep.plausibleMaximumMgPerDay (10 000) mg/day.
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            func post(_ mg: String) async throws -> TestResponse {
                try await http.post(
                    "/patients/\(Self.a)/trials",
                    form: [("version", "1"), ("kind", "medication"), ("agent", "sertraline"), ("start", "2026-10-01"),
                           ("doseDate", "2026-10-01"), ("doseMg", mg)],
                    as: "clinician")
            }
            let zero = try await post("0")
            #expect(zero.status == .unprocessableContent)
            let tooMuch = try await post("10000.5")
            #expect(tooMuch.status == .unprocessableContent)
            let high = try await post("6000")
            #expect(high.status == .seeOther)
        }
    }

    @Test func addingATrialWithDoseStepsSavesTheTimeline() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let response = try await http.post(
                "/patients/\(Self.a)/trials",
                form: [("version", "1"), ("kind", "medication"), ("agent", "Venlafaxine"), ("start", "2026-06-01"),
                       ("doseDate", "2026-06-01"), ("doseMg", "75"), ("doseDate", "2026-06-15"), ("doseMg", "150"), ("doseDate", ""), ("doseMg", ""),
                       ("pdc", "85"), ("adherenceSource", "pharmacy-fills")],
                as: "clinician")
            #expect(response.status == .seeOther)
        }
        let trial = try #require(try await clinic.store.patient(id: Self.a, organizationID: "org-a")?.record.trials.last)
        #expect(trial.agent == "venlafaxine")
        #expect(trial.doses.map(\.mgPerDay) == [75, 150])
        #expect(trial.adherence?.percentDaysCovered == 85)
        #expect(trial.id == "trial-2")
    }

    @Test func episodeFormRecordsPsychoticFeaturesAndSeverity() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let response = try await http.post(
                "/patients/\(Self.a)/episode",
                form: [("version", "1"), ("e-onset", "2026-02-01"), ("e-code", "F33.3"), ("e-severity", "severe"), ("e-psychotic", "yes")],
                as: "psychiatric-consultant")
            #expect(response.status == .seeOther)
            let future = try await http.post("/patients/\(Self.a)/episode", form: [("version", "2"), ("e-onset", "2099-01-01")], as: "clinician")
            #expect(future.status == .unprocessableContent)
            #expect(future.text.contains("Onset: cannot be in the future."))
        }
        let episode = try #require(try await clinic.store.patient(id: Self.a, organizationID: "org-a")?.record.episode)
        #expect(episode.onset == LocalDate("2026-02-01"))
        #expect(episode.diagnosis?.psychoticFeatures == true)
        #expect(episode.diagnosis?.severity == .severe)
    }

    @Test func patientPageShowsTimelineTrialsAndDocumentsLinks() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let page = try await http.get("/patients/\(Self.a)", as: "clinician").text
            #expect(page.contains("<svg class=\"timeline\""))
            #expect(page.contains("role=\"img\""))
            #expect(page.contains("sertraline"))
            #expect(page.contains("/documents/referral-packet?target=rtms"))
            #expect(page.contains("<html lang=\"en\">"))
            #expect(page.contains("<main id=\"main\""))
        }
    }

    @Test func registryShowsRowsFiltersAndExportsFormulaSafeCSV() async throws {
        let clinic = try await TestClinic.make()
        var weird = TestClinic.samplePatient(id: "=HYPERLINK(1)")
        weird.measurements = []
        _ = try await clinic.store.savePatient(weird, organizationID: "org-a", expectedVersion: nil, actor: "test")
        try await clinic.test { http in
            let page = try await http.get("/patients", as: "clinician").text
            #expect(page.contains(">\(Self.a)</a>"))
            #expect(!page.contains(TestClinic.patientB), "clinic B's patient is not on clinic A's registry")
            let filtered = try await http.get("/patients?q=hyper", as: "clinician").text
            #expect(!filtered.contains(">\(Self.a)</a>"))
            let csv = try await http.get("/patients.csv", as: "clinician").text
            #expect(csv.contains("'=HYPERLINK(1)"))
            #expect(csv.hasPrefix("patient_id,last_phq9"))
        }
    }

    @Test func registryQuerySortsAndFilters() {
        let rows = [
            RegistrySummary(patientID: "b", version: 1, asOf: TestClinic.today, lastPHQ9: 20, flags: ["not-improving"]),
            RegistrySummary(patientID: "a", version: 1, asOf: TestClinic.today, lastPHQ9: 5, flags: []),
            RegistrySummary(patientID: "c", version: 1, asOf: TestClinic.today, lastPHQ9: nil, trdDefinitionsMet: ["fda"], flags: ["safety"]),
        ]
        #expect(RegistryQuery().filtered(rows).map(\.patientID) == ["c", "b", "a"], "safety first, then flag count")
        #expect(RegistryQuery(sort: .phq9, descending: false).filtered(rows).map(\.patientID) == ["c", "a", "b"])
        #expect(RegistryQuery(flag: "trd").filtered(rows).map(\.patientID) == ["c"])
        #expect(RegistryQuery(search: "B").filtered(rows).map(\.patientID) == ["b"])
        let page = RegistryQuery(sort: .patient, descending: false, page: 2, pageSize: 2).page(of: rows)
        #expect(page.rows.map(\.patientID) == ["c"])
        #expect(page.total == 3)
    }

    @Test func explainPageShowsTheRuleCatalogueText() async throws {
        let rule = try #require(TestClinic.knowledge.rules.rules.values.sorted { $0.id < $1.id }.first)
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let page = try await http.get("/explain/\(FormData.encode(rule.id))", as: "clinician")
            #expect(page.status == .ok)
            let firstLine = rule.text.split(separator: "\n").first.map(String.init) ?? ""
            #expect(page.text.contains(HTML.escape(firstLine)))
            #expect(try await http.get("/explain/no-such-rule", as: "clinician").status == .notFound)
        }
    }

    @Test func errorPagesAreFriendlyHTMLAndAPIErrorsAreProblems() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let web = try await http.get("/patients/NOPE", as: "clinician")
            #expect(web.status == .notFound)
            #expect(web.headers[.contentType] == "text/html; charset=utf-8")
            #expect(web.text.contains("belongs to another clinic"))
            let api = try await http.api(.get, "/api/v1/patients/NOPE", as: "clinician")
            #expect(api.headers[.contentType] == "application/problem+json")
            #expect(api.text.contains("\"type\":\"https://stepwise.example/problems/not-found\""))
        }
    }

    @Test func securityHeadersAreOnEveryResponse() async throws {
        let clinic = try await TestClinic.make()
        try await clinic.test { http in
            let response = try await http.get("/login", as: nil)
            #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
            #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            #expect(response.headers[.cacheControl] == "no-store")
        }
    }
}
