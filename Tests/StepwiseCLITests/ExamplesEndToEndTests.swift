// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore
import Testing

/// Runs `stepwise assess` on every bundled example as a user would and checks the clinical
/// conclusions a careful clinician would expect, plus the JSON output contract.
@Suite struct ExamplesEndToEndTests {
    static let asOf = "2026-11-21"

    static let exampleFiles: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: CLIHarness.examples.path)) ?? []
        return names.filter { $0.hasSuffix(".json") || $0.hasSuffix(".yaml") }.sorted()
    }()

    static func report(_ file: String, profile: String? = nil) throws -> [String: Any] {
        var arguments = ["assess", CLIHarness.examples.appendingPathComponent(file).path, "--as-of", asOf, "--format", "json"]
        if let profile { arguments += ["--profile", profile] }
        let result = try CLIHarness.run(arguments)
        try #require(result.status == 0, "assess \(file) failed: \(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return try #require(object as? [String: Any])
    }

    static func trials(_ report: [String: Any]) -> [[String: Any]] { report["trials"] as? [[String: Any]] ?? [] }

    static func trial(_ report: [String: Any], _ id: String) throws -> [String: Any] {
        try #require(trials(report).first { $0["id"] as? String == id }, "trial \(id)")
    }

    static func reasons(_ trial: [String: Any]) -> [String] {
        (trial["adequacy"] as? [String: Any])?["reasons"] as? [String] ?? []
    }

    static func verdict(_ trial: [String: Any]) -> String? {
        (trial["adequacy"] as? [String: Any])?["verdict"] as? String
    }

    static func checklist(_ report: [String: Any], _ id: String) -> String? {
        (report["pseudoResistance"] as? [[String: Any]])?.first { $0["id"] as? String == id }?["status"] as? String
    }

    static func trd(_ report: [String: Any], _ definition: String) -> [String: Any]? {
        (report["trd"] as? [[String: Any]])?.first { $0["definition"] as? String == definition }
    }

    static func thaseRush(_ report: [String: Any]) -> Int? {
        ((report["staging"] as? [String: Any])?["thaseRush"] as? [String: Any])?["stage"] as? Int
    }

    @Test func thereAreAtLeastTenExamples() {
        #expect(Self.exampleFiles.count >= 10)
    }

    @Test(arguments: exampleFiles)
    func everyExampleValidates(file: String) throws {
        let result = try CLIHarness.run(["validate", CLIHarness.examples.appendingPathComponent(file).path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test(arguments: exampleFiles)
    func everyReportFollowsTheJSONContract(file: String) throws {
        let report = try Self.report(file)
        #expect(report["asOf"] as? String == Self.asOf)
        #expect((report["patient"] as? [String: Any])?["id"] is String)
        for key in ["safety", "trials", "trd", "pseudoResistance", "monitoring", "plan"] {
            #expect(report[key] is [Any], "\(key) missing")
        }
        for trial in Self.trials(report) {
            for key in ["agent", "rxnorm", "role", "start", "end", "adequacy", "outcome"] {
                #expect(trial.keys.contains(key), "trials[].\(key) missing in \(file)")
            }
            let outcome = trial["outcome"] as? [String: Any] ?? [:]
            #expect(outcome.keys.contains("class") && outcome.keys.contains("percentChange"))
        }
        let staging = try #require(report["staging"] as? [String: Any])
        let maudsley = try #require(staging["maudsley"] as? [String: Any])
        for key in ["total", "band", "duration", "severity", "antidepressants", "augmentation", "ect"] {
            #expect(maudsley[key] != nil, "staging.maudsley.\(key) missing")
        }
        #expect(((staging["mgh"] as? [String: Any])?["score"] as? Double) != nil || ((staging["mgh"] as? [String: Any])?["score"] as? Int) != nil)
        let stage = try #require(Self.thaseRush(report))
        #expect((0...5).contains(stage))
        for item in report["pseudoResistance"] as? [[String: Any]] ?? [] {
            #expect(["present", "absent", "not-assessed"].contains(item["status"] as? String ?? ""))
            #expect(item["evidence"] != nil && item["source"] != nil)
        }
        for option in report["plan"] as? [[String: Any]] ?? [] {
            for key in ["id", "title", "category", "rationale", "evidence", "cautions", "sources"] {
                #expect(option[key] != nil, "plan[].\(key) missing")
            }
        }
        for definition in report["trd"] as? [[String: Any]] ?? [] {
            for key in ["definition", "met", "countedTrials", "explanation"] {
                #expect(definition[key] != nil, "trd[].\(key) missing")
            }
        }
    }

    @Test(arguments: exampleFiles)
    func everyRuleInAReportCanBeExplained(file: String) throws {
        let report = try Self.report(file)
        let catalog = try RuleCatalog.bundled()
        var ids: Set<String> = []
        for flag in report["safety"] as? [[String: Any]] ?? [] { ids.insert(flag["rule"] as? String ?? "?") }
        for item in report["pseudoResistance"] as? [[String: Any]] ?? [] { ids.insert(item["id"] as? String ?? "?") }
        for item in report["monitoring"] as? [[String: Any]] ?? [] { ids.insert(item["rule"] as? String ?? "?") }
        for option in report["plan"] as? [[String: Any]] ?? [] { ids.insert(option["id"] as? String ?? "?") }
        for definition in report["trd"] as? [[String: Any]] ?? [] { ids.insert(definition["definition"] as? String ?? "?") }
        for trial in Self.trials(report) {
            ids.insert((trial["adequacy"] as? [String: Any])?["rule"] as? String ?? "?")
        }
        let missing = ids.filter { catalog.rule($0) == nil }.sorted()
        #expect(missing.isEmpty, "no explain text for: \(missing.joined(separator: ", "))")
    }

    @Test func theSameInputGivesTheSameOutput() throws {
        let path = CLIHarness.examples.appendingPathComponent("03-trd-two-failures.json").path
        let first = try CLIHarness.run(["assess", path, "--as-of", Self.asOf, "--format", "json"])
        let second = try CLIHarness.run(["assess", path, "--as-of", Self.asOf, "--format", "json"])
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
    }

    @Test func subtherapeuticDosesArePseudoResistanceNotTRD() throws {
        let report = try Self.report("01-pseudo-resistance-dose.json")
        for id in ["t1", "t2"] {
            let trial = try Self.trial(report, id)
            #expect(Self.verdict(trial) == "inadequate")
            #expect(Self.reasons(trial).contains("inadequate-dose"))
        }
        #expect(Self.checklist(report, "inadequate-dose") == "present")
        #expect(Self.trd(report, "fda")?["met"] as? Bool == false)
        #expect(Self.thaseRush(report) == 0)
    }

    @Test func trialsThatAreTooShortArePseudoResistance() throws {
        let report = try Self.report("02-pseudo-resistance-duration.json")
        #expect(Self.reasons(try Self.trial(report, "t1")).contains("inadequate-duration"))
        #expect(Self.reasons(try Self.trial(report, "t2")).contains("inadequate-duration"))
        #expect(Self.checklist(report, "inadequate-duration") == "present")
        #expect(Self.trd(report, "fda")?["met"] as? Bool == false)
    }

    @Test func twoAdequateFailuresInDifferentClassesMeetTRDAtStageTwo() throws {
        let report = try Self.report("03-trd-two-failures.json")
        for id in ["t1", "t2"] {
            let trial = try Self.trial(report, id)
            #expect(Self.verdict(trial) == "adequate")
            #expect((trial["outcome"] as? [String: Any])?["class"] as? String == "non-response")
        }
        let fda = try #require(Self.trd(report, "fda"))
        #expect(fda["met"] as? Bool == true)
        let counted = fda["countedTrials"] as? [String] ?? []
        #expect(counted.contains("t1") && counted.contains("t2"))
        #expect(Self.thaseRush(report) == 2)
        #expect((report["safety"] as? [[String: Any]])?.contains { $0["id"] as? String == "suicide-risk" } == false)
    }

    @Test func aLongHistoryWithFailedECTStagesAsSevere() throws {
        let report = try Self.report("04-trd-advanced-ect.json")
        #expect((Self.thaseRush(report) ?? 0) >= 4)
        let maudsley = (report["staging"] as? [String: Any])?["maudsley"] as? [String: Any]
        #expect(maudsley?["band"] as? String == "severe")
        #expect(maudsley?["duration"] as? Int == 3)
        #expect(maudsley?["ect"] as? Int == 1)
        #expect(maudsley?["augmentation"] as? Int == 1)
    }

    @Test func aFortyPercentDropIsPartialResponseAndPromptsReview() throws {
        let report = try Self.report("05-partial-response.json")
        let outcome = try Self.trial(report, "t1")["outcome"] as? [String: Any]
        #expect(outcome?["class"] as? String == "partial-response")
        let change = try #require(outcome?["percentChange"] as? Double)
        #expect(abs(change - -40) < 0.01)
        let monitoring = report["monitoring"] as? [[String: Any]] ?? []
        #expect(monitoring.contains { ($0["id"] as? String) == "treat-to-target" })
    }

    @Test func remissionLeadsToRelapsePrevention() throws {
        let report = try Self.report("06-remission.json")
        let outcome = try Self.trial(report, "t1")["outcome"] as? [String: Any]
        #expect(outcome?["class"] as? String == "remission")
        let categories = (report["plan"] as? [[String: Any]] ?? []).compactMap { $0["category"] as? String }
        #expect(categories.contains("maintenance"))
    }

    @Test func aBipolarSignalBlocksAntidepressantMonotherapy() throws {
        let report = try Self.report("07-bipolar-signal.json")
        #expect(Self.checklist(report, "bipolar-spectrum") == "present")
        let plan = report["plan"] as? [[String: Any]] ?? []
        let switches = plan.filter { $0["category"] as? String == "switch" }
        for option in switches {
            let cautions = (option["cautions"] as? [String] ?? []).joined(separator: " ").lowercased()
            #expect(cautions.contains("bipolar"), "switch option \(option["id"] ?? "?") lacks the bipolar caution")
        }
        #expect(Self.trd(report, "eu-pearl-2022")?["met"] as? Bool == false)
    }

    @Test func aRaisedTSHAndLowVitaminDArePresent() throws {
        let report = try Self.report("08-thyroid.json")
        #expect(Self.checklist(report, "thyroid") == "present")
        #expect(Self.checklist(report, "vitamin-d") == "present")
    }

    @Test func lowDaysCoveredIsNonAdherence() throws {
        let report = try Self.report("09-non-adherence.json")
        #expect(Self.reasons(try Self.trial(report, "t1")).contains("non-adherence"))
        #expect(Self.checklist(report, "non-adherence") == "present")
    }

    @Test func earlyStopsForSideEffectsAreNotFailures() throws {
        let report = try Self.report("10-side-effects-early-stop.json")
        #expect(Self.reasons(try Self.trial(report, "t1")).contains("stopped-for-intolerance"))
        #expect(Self.reasons(try Self.trial(report, "t2")).contains("stopped-for-intolerance"))
        #expect(Self.trd(report, "fda")?["met"] as? Bool == false)
        #expect(Self.trd(report, "eu-pearl-2022")?["met"] as? Bool == false)
    }

    @Test func psychoticDepressionPutsECTFirst() throws {
        let report = try Self.report("11-psychotic-depression.json")
        #expect(Self.checklist(report, "psychotic-features") == "present")
        let first = try #require((report["plan"] as? [[String: Any]])?.first { ($0["category"] as? String) != "safety" })
        #expect((first["id"] as? String ?? "").contains("ect"))
    }

    @Test func aPositiveItemNineComesFirstWithItsEvidence() throws {
        let report = try Self.report("12-suicidal-ideation.json")
        let safety = try #require(report["safety"] as? [[String: Any]])
        let first = try #require(safety.first)
        #expect(first["id"] as? String == "suicide-risk")
        #expect(["critical", "high"].contains(first["level"] as? String ?? ""))
        let evidence = (first["evidence"] as? [String] ?? []).joined(separator: " ")
        #expect(evidence.contains("2026-11-09"))

        let markdown = try CLIHarness.run([
            "assess", CLIHarness.examples.appendingPathComponent("12-suicidal-ideation.json").path, "--as-of", Self.asOf,
            "--format", "markdown",
        ])
        let text = markdown.stdout
        let safetyIndex = try #require(text.range(of: "## Safety")?.lowerBound)
        let trialsIndex = try #require(text.range(of: "## Treatment trials")?.lowerBound)
        #expect(safetyIndex < trialsIndex)
        #expect(text.contains("suicide-risk"))
    }

    @Test func aYAMLRecordIsReadLikeJSON() throws {
        let report = try Self.report("13-psychotherapy-first.yaml")
        let trial = try Self.trial(report, "t1")
        #expect(trial["role"] as? String == "psychotherapy")
        #expect(Self.verdict(trial) == "adequate")
    }

    @Test func textOutputIsReadable() throws {
        let result = try CLIHarness.run([
            "assess", CLIHarness.examples.appendingPathComponent("03-trd-two-failures.json").path, "--as-of", Self.asOf,
        ])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Thase–Rush stage II"))
        #expect(!result.stdout.contains("\u{1B}["))  // no colour codes when not a terminal
    }

    @Test func explainPrintsTheRuleWithItsSources() throws {
        let result = try CLIHarness.run(["explain", "suicide-risk"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("[suicide-risk]"))
        #expect(result.stdout.contains("Sources:"))
        let list = try CLIHarness.run(["explain", "--list"])
        #expect(list.stdout.contains("suicide-risk"))
    }
}
