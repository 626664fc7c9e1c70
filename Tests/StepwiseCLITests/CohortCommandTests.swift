// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

/// `stepwise cohort`: one CSV row per patient, the same verdicts `stepwise assess` gives, bad files reported
/// while the rest of the cohort is staged.
@Suite struct CohortCommandTests {
    /// Splits simple CSV text (no quoted cells) into rows of cells.
    static func rows(_ csv: String) -> [[String]] {
        csv.split(separator: "\r\n", omittingEmptySubsequences: true).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    static func column(_ header: [String], _ name: String) throws -> Int {
        try #require(header.firstIndex(of: name), "no column \(name)")
    }

    @Test func theExamplesFolderGivesOneRowPerPatientAgreeingWithAssess() throws {
        let result = try CLIHarness.run(["cohort", CLIHarness.examples.path, "--as-of", "2026-11-21"])
        #expect(result.status == 0)
        let rows = Self.rows(result.stdout)
        let header = try #require(rows.first)
        let files = try FileManager.default.contentsOfDirectory(atPath: CLIHarness.examples.path)
            .filter { $0.hasSuffix(".json") || $0.hasSuffix(".yaml") }
        #expect(rows.count - 1 >= files.count)
        for row in rows { #expect(row.count == header.count) }
        #expect(result.stderr.contains("\(rows.count - 1) patient(s) staged"))

        // Two rows checked against the full assessment of the same file.
        for file in ["03-trd-two-failures.json", "12-suicidal-ideation.json"] {
            let path = CLIHarness.examples.appendingPathComponent(file).path
            let assessed = try CLIHarness.run(["assess", path, "--as-of", "2026-11-21", "--format", "json"])
            let report = try #require(try JSONSerialization.jsonObject(with: Data(assessed.stdout.utf8)) as? [String: Any])
            let id = try #require((report["patient"] as? [String: Any])?["id"] as? String)
            let row = try #require(rows.first { $0.first == id })
            let staging = try #require(report["staging"] as? [String: Any])
            let thaseRush = try #require((staging["thaseRush"] as? [String: Any])?["stage"] as? Int)
            #expect(row[try Self.column(header, "thase_rush_stage")] == String(thaseRush))
            let maudsley = try #require(staging["maudsley"] as? [String: Any])
            #expect(row[try Self.column(header, "maudsley_total")] == String(try #require(maudsley["total"] as? Int)))
            #expect(row[try Self.column(header, "maudsley_band")] == maudsley["band"] as? String)
            for verdict in try #require(report["trd"] as? [[String: Any]]) {
                let name = "trd_" + (verdict["definition"] as! String).replacingOccurrences(of: "-", with: "_")
                #expect(row[try Self.column(header, name)] == ((verdict["met"] as? Bool) == true ? "met" : "not-met"))
                #expect(row[try Self.column(header, name + "_counted")] == String((verdict["countedTrials"] as? [Any])?.count ?? -1))
            }
            let suicide = (report["safety"] as? [[String: Any]] ?? []).first { $0["id"] as? String == "suicide-risk" }
            #expect(row[try Self.column(header, "suicide_risk")] == (suicide?["level"] as? String ?? ""))
        }
        // The suicidal-ideation example is never staged without its signal.
        let ideation = try #require(rows.first { $0.first?.contains("12") == true || $0.first?.contains("suicid") == true })
        #expect(!ideation[try Self.column(header, "suicide_risk")].isEmpty)
    }

    @Test func maudsleyTotalsBuiltOnAssumptionsAreCountedInTheLastColumn() throws {
        // The QA inputs (qa-inputs/cohort-assumed): an uncatalogued diagnosis code and no scores; no onset
        // and no scores with one failed trial. Both totals are 3 (mild) from assumed minima.
        let severity = #"{"id":"sev-unknown","episode":{"onset":"2026-01-01","diagnosis":{"code":"XYZ","system":"icd10"}}}"#
        let folder = URL(fileURLWithPath: try CLIHarness.temporaryFile("msev.json", severity)).deletingLastPathComponent()
        let onset = #"{"id":"noonset","trials":[{"agent":"sertraline","start":"2026-01-01","end":"2026-04-01","doses":[{"from":"2026-01-01","mgPerDay":100}],"stopReason":"non-response"}]}"#
        try Data(onset.utf8).write(to: folder.appendingPathComponent("noonset.json"))
        let measured = #"{"id":"measured","episode":{"onset":"2026-01-01","diagnosis":{"code":"F32.1","system":"icd10"}},"trials":[{"agent":"sertraline","start":"2026-01-01","end":"2026-04-01","doses":[{"from":"2026-01-01","mgPerDay":100}],"adherence":{"percentDaysCovered":95},"stopReason":"non-response"}]}"#
        try Data(measured.utf8).write(to: folder.appendingPathComponent("measured.json"))

        let result = try CLIHarness.run(["cohort", folder.path, "--as-of", "2026-11-21"])
        #expect(result.status == 0)
        let rows = Self.rows(result.stdout)
        let header = try #require(rows.first)
        // Appended at the end: every earlier column keeps its position.
        #expect(header.last == "maudsley_assumptions")
        #expect(Array(header.prefix(4)) == ["patient_id", "as_of", "profile", "knowledge_version"])
        #expect(header[header.count - 2] == "input_warnings")
        func cell(_ id: String, _ name: String) throws -> String {
            let row = try #require(rows.first { $0.first == id }, "no row \(id)")
            return row[try Self.column(header, name)]
        }
        #expect(try cell("sev-unknown", "maudsley_total") == "3")
        #expect(try cell("sev-unknown", "maudsley_assumptions") == "2")  // severity and no failed trial
        #expect(try cell("noonset", "maudsley_assumptions") == "2")  // onset from the trial and severity
        #expect(try cell("measured", "maudsley_assumptions") == "0")
        #expect(result.stderr.contains("(2 rest on assumed dimensions: see maudsley_assumptions)"))
        // The count is the number of assumptions `assess` lists for the same record.
        let path = folder.appendingPathComponent("noonset.json").path
        let assessed = try CLIHarness.run(["assess", path, "--as-of", "2026-11-21", "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(assessed.stdout.utf8)) as? [String: Any])
        let maudsley = try #require((report["staging"] as? [String: Any])?["maudsley"] as? [String: Any])
        #expect(try cell("noonset", "maudsley_assumptions") == String((maudsley["assumptions"] as? [Any])?.count ?? -1))
    }

    @Test func badFilesAndLinesAreReportedAndTheRestIsStaged() throws {
        let good = #"{"id": "good-1", "measurements": [{"instrument": "phq9", "date": "2026-10-01", "total": 18}]}"#
        let folder = URL(fileURLWithPath: try CLIHarness.temporaryFile("good.json", good)).deletingLastPathComponent()
        try Data("{\n  \"id\": \"p1\",\n  \"trials\": [\n".utf8).write(to: folder.appendingPathComponent("broken.json"))
        let lines = [
            #"{"id": "line-1"}"#, #"{"id": "line-2", "measurements": [{"instrument": "phq9", "date": "2026-02-30", "total": 3}]}"#,
            "", #"{"id": "line-4", "sex": "female"}"#,
        ]
        try Data(lines.joined(separator: "\n").utf8).write(to: folder.appendingPathComponent("cohort.ndjson"))
        try Data("not a record".utf8).write(to: folder.appendingPathComponent("notes.txt"))

        let result = try CLIHarness.run(["cohort", folder.path, "--as-of", "2026-11-21"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("broken.json"))
        #expect(result.stderr.contains("cohort.ndjson:2"))
        #expect(!result.stderr.contains("notes.txt"))
        let ids = Self.rows(result.stdout).dropFirst().compactMap(\.first)
        #expect(Set(ids) == ["good-1", "line-1", "line-4"])
        #expect(result.stderr.contains("3 patient(s) staged; 2 record(s) could not be read"))
    }

    @Test func anOutputFileReceivesTheRowsAndUnknownInputsAreRefused() throws {
        let record = try CLIHarness.temporaryFile("one.json", #"{"id": "solo"}"#)
        let output = URL(fileURLWithPath: record).deletingLastPathComponent().appendingPathComponent("cohort.csv").path
        let written = try CLIHarness.run(["cohort", record, "--as-of", "2026-11-21", "--output", output])
        #expect(written.status == 0)
        #expect(written.stdout.isEmpty)
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.hasPrefix("patient_id,as_of,"))
        #expect(text.contains("\r\nsolo,2026-11-21,mgh-atrq,"))
        #expect(!FileManager.default.fileExists(atPath: output + ".partial"))

        let profile = try CLIHarness.run(["cohort", record, "--profile", "nonsense"])
        #expect(profile.status == 69)
        #expect(profile.stderr.contains("--profile"))
        let missing = try CLIHarness.run(["cohort", "/nonexistent/stepwise-cohort"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("stepwise-cohort"))
    }
}
