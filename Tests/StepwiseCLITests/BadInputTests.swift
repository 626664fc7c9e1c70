// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

/// Malformed input gets one clear line naming where and what, a distinct exit status, and no crash.
@Suite struct BadInputTests {
    @Test func malformedJSONNamesTheFileAndLine() throws {
        let path = try CLIHarness.temporaryFile("broken.json", "{\n  \"id\": \"p1\",\n  \"trials\": [\n")
        let result = try CLIHarness.run(["assess", path, "--as-of", "2026-11-21"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("broken.json"))
        #expect(result.stderr.contains("not valid JSON"))
        #expect(result.stdout.isEmpty)
    }

    @Test func aWrongTypeNamesTheJSONPathAndTheExpectation() throws {
        let record = #"{"id": "p1", "trials": [{"agent": "sertraline", "start": "2026-01-01", "doses": [{"from": "2026-01-01", "mgPerDay": "fifty"}]}]}"#
        let path = try CLIHarness.temporaryFile("typed.json", record)
        let result = try CLIHarness.run(["assess", path, "--as-of", "2026-11-21"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("$.trials[0].doses[0].mgPerDay"))
        #expect(result.stderr.contains("expected a number"))
    }

    @Test func anImpossibleDateIsRejectedWithItsPath() throws {
        let record = #"{"id": "p1", "measurements": [{"instrument": "phq9", "date": "2026-02-30", "total": 12}]}"#
        let path = try CLIHarness.temporaryFile("date.json", record)
        let result = try CLIHarness.run(["validate", path])
        #expect(result.status == 65)
        #expect(result.stdout.contains("$.measurements[0].date"))
        #expect(result.stdout.contains("YYYY-MM-DD"))
    }

    @Test func aMissingRequiredFieldIsNamed() throws {
        let path = try CLIHarness.temporaryFile("missing.json", #"{"measurements": []}"#)
        let result = try CLIHarness.run(["assess", path, "--as-of", "2026-11-21"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("$.id"))
        #expect(result.stderr.contains("required field \"id\" is missing"))
    }

    @Test func datesInTheWrongOrderFailValidationWithThePath() throws {
        let record = #"{"id": "p1", "trials": [{"agent": "sertraline", "start": "2026-05-01", "end": "2026-03-01", "doses": [{"from": "2026-05-01", "mgPerDay": 50}]}]}"#
        let path = try CLIHarness.temporaryFile("order.json", record)
        let result = try CLIHarness.run(["validate", path])
        #expect(result.status == 65)
        #expect(result.stdout.contains("$.trials[0].end"))
        #expect(result.stdout.contains("before start"))
    }

    @Test func malformedYAMLNamesTheLine() throws {
        let path = try CLIHarness.temporaryFile("broken.yaml", "id: p1\nmeasurements:\n  - {instrument: phq9, date: [\n")
        let result = try CLIHarness.run(["assess", path, "--as-of", "2026-11-21"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("broken.yaml:"))
        #expect(result.stderr.contains("YAML"))
    }

    @Test func aMissingFileExitsWithNoInput() throws {
        let result = try CLIHarness.run(["assess", "/nonexistent/record.json", "--as-of", "2026-11-21"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("record.json"))
    }

    @Test func aBadAsOfDateIsAUsageError() throws {
        let path = CLIHarness.examples.appendingPathComponent("06-remission.json").path
        let result = try CLIHarness.run(["assess", path, "--as-of", "21/11/2026"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("YYYY-MM-DD"))
    }

    @Test func anUnknownProfileListsTheKnownOnes() throws {
        let path = CLIHarness.examples.appendingPathComponent("06-remission.json").path
        let result = try CLIHarness.run(["assess", path, "--as-of", "2026-11-21", "--profile", "nope"])
        #expect(result.status == 69)
        #expect(result.stderr.contains("mgh-atrq"))
    }

    @Test func anUnknownRuleIdIsReported() throws {
        let result = try CLIHarness.run(["explain", "no-such-rule"])
        #expect(result.status == 69)
        #expect(result.stderr.contains("no-such-rule"))
    }

    @Test func binaryGarbageDoesNotCrash() throws {
        var bytes: [UInt8] = []
        var state: UInt32 = 12345
        for _ in 0..<4096 {
            state = state &* 1_103_515_245 &+ 12345
            bytes.append(UInt8(truncatingIfNeeded: state >> 16))
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-garbage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("garbage.json")
        try Data(bytes).write(to: url)
        let result = try CLIHarness.run(["assess", url.path, "--as-of", "2026-11-21"])
        #expect(result.status == 65)
        #expect(!result.stderr.isEmpty)
    }

    @Test func aMisspelledFieldIsReportedNotSilentlyIgnored() throws {
        let record = #"{"id": "p1", "trials": [{"agent": "sertraline", "start": "2026-01-01", "stopreason": "side-effects", "doses": [{"from": "2026-01-01", "mgPerDay": 50}]}]}"#
        let path = try CLIHarness.temporaryFile("typo.json", record)
        let result = try CLIHarness.run(["validate", path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("warning"))
        #expect(result.stdout.contains("$.trials[0].stopreason"))
        #expect(result.stdout.contains("stopReason"))
    }

    @Test func theExamplesMatchThePublishedJSONSchema() throws {
        let script = """
            import json, glob, sys, datetime
            try:
                import jsonschema, yaml
            except ImportError as error:
                print("missing python module:", error); sys.exit(3)
            schema = json.load(open("schema/patient-record.schema.json"))
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema)
            def fix(x):
                if isinstance(x, dict): return {k: fix(v) for k, v in x.items()}
                if isinstance(x, list): return [fix(i) for i in x]
                if isinstance(x, datetime.date): return x.isoformat()
                return x
            bad = 0
            for f in sorted(glob.glob("Examples/*")):
                doc = yaml.safe_load(open(f)) if f.endswith(".yaml") else json.load(open(f))
                for e in validator.iter_errors(fix(doc)):
                    bad += 1; print(f, e.message)
            sys.exit(1 if bad else 0)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        process.currentDirectoryURL = CLIHarness.packageRoot
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
    }
}
