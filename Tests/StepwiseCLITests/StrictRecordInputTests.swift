// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

/// Input the loader once read leniently or described vaguely (QA findings F2, F8, F17, F25, F28).
@Suite struct StrictRecordInputTests {
    /// A FHIR Bundle whose last entry is followed by a comma, with a positive PHQ-9 item 9 inside.
    static let bundleWithTrailingComma = """
        {"resourceType": "Bundle", "id": "bundle-1", "type": "collection", "entry": [
          {"resource": {"resourceType": "Patient", "id": "p1"}},
          {"resource": {"resourceType": "Observation", "id": "o1", "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "44260-8"}]},
            "subject": {"reference": "Patient/p1"}, "effectiveDateTime": "2026-11-01",
            "valueCodeableConcept": {"coding": [{"system": "http://loinc.org", "code": "LA6570-1"}]}}},
        ]}
        """

    @Test func aBundleWithATrailingCommaIsAnErrorNotARecordWithoutSignals() throws {
        let path = try CLIHarness.temporaryFile("bundle.json", Self.bundleWithTrailingComma)
        let assessed = try CLIHarness.run(["assess", path, "--as-of", "2026-11-21"])
        #expect(assessed.status == 65)
        #expect(assessed.stdout.isEmpty)
        #expect(assessed.stderr.contains("bundle.json:7"))
        #expect(assessed.stderr.contains("not valid JSON"))
        let validated = try CLIHarness.run(["validate", path])
        #expect(validated.status == 65)
        // Without the comma the same Bundle is read as FHIR and raises the signal.
        let fixed = try CLIHarness.temporaryFile(
            "bundle-fixed.json", Self.bundleWithTrailingComma.replacingOccurrences(of: "}}},\n]}", with: "}}}\n]}"))
        let good = try CLIHarness.run(["assess", fixed, "--as-of", "2026-11-21", "--format", "json"])
        #expect(good.status == 0)
        #expect(good.stdout.contains("suicide-risk"))
    }

    @Test func aFractionWhereAWholeNumberIsExpectedNamesThePathAndValue() throws {
        let record = #"{"id": "p1", "measurements": [{"instrument": "phq9", "date": "2026-11-01", "answers": [1.5, 1, 1, 1, 1, 1, 1, 1, 2]}]}"#
        let result = try CLIHarness.run(["validate", try CLIHarness.temporaryFile("fraction.json", record)])
        #expect(result.status == 65)
        #expect(result.stdout.contains("$.measurements[0].answers[0]: 1.5 is not a whole number; expected a whole number"))
        let huge = record.replacingOccurrences(of: "1.5", with: "99999999999999999999999")
        let big = try CLIHarness.run(["validate", try CLIHarness.temporaryFile("huge.json", huge)])
        #expect(big.stdout.contains("$.measurements[0].answers[0]: 1e+23 is too large"))
        // A fraction where decimals are allowed is not an error.
        let dose = #"{"id": "p1", "trials": [{"agent": "sertraline", "start": "2026-01-01", "doses": [{"from": "2026-01-01", "mgPerDay": 37.5}]}]}"#
        #expect(try CLIHarness.run(["validate", try CLIHarness.temporaryFile("dose.json", dose)]).status == 0)
    }

    @Test func anEmptyFileSaysItIsEmpty() throws {
        let json = try CLIHarness.run(["validate", try CLIHarness.temporaryFile("empty.json", "")])
        #expect(json.status == 65)
        #expect(json.stdout.contains("the input is empty"))
        let yaml = try CLIHarness.run(["validate", try CLIHarness.temporaryFile("empty.yaml", "  \n")])
        #expect(yaml.status == 65)
        #expect(yaml.stdout.contains("the file is empty"))
    }

    @Test func aDuplicateYAMLKeyIsNamedWithItsLine() throws {
        let result = try CLIHarness.run(["validate", try CLIHarness.temporaryFile("dup.yaml", "id: x\nsex: female\nid: y\n")])
        #expect(result.status == 65)
        #expect(result.stdout.contains("a key appears twice in one mapping (id)"))
    }

    @Test func aYAMLAliasBombIsRefusedQuickly() throws {
        var text = "id: bomb\na: &a [x, x, x, x, x, x, x, x, x]\n"
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"]
        var previous = "a"
        for name in names {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
            previous = name
        }
        let result = try CLIHarness.run(["assess", try CLIHarness.temporaryFile("bomb.yaml", text), "--as-of", "2026-11-21"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("anchors and aliases"))
    }

    @Test func anUnknownEnumValueListsTheAllowedValues() throws {
        let record = #"{"id": "p1", "trials": [{"agent": "sertraline", "start": "2026-01-01", "stopReason": "adverse-event"}]}"#
        let result = try CLIHarness.run(["validate", try CLIHarness.temporaryFile("enum.json", record)])
        #expect(result.status == 65)
        #expect(result.stdout.contains(#"$.trials[0].stopReason: "adverse-event" is not one of: non-response, partial-response, side-effects, patient-choice, remission, other"#))
        #expect(!result.stdout.contains("Cannot initialize"))
    }

    @Test func filesWithTheSameNameInDifferentFoldersAreNamedByTheirPath() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-cli-tests-\(UUID().uuidString)")
        for (folder, text) in [("a", #"{"id": "p-a", "measurements": [{"instrument": "phq9", "date": "2026-02-30", "total": 3}]}"#),
            ("b", #"{"id": "p-b", "measurements": [{"instrument": "phq9", "total": 3}]}"#)]
        {
            let directory = root.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: directory.appendingPathComponent("p.json"))
        }
        let cohort = try CLIHarness.run(["cohort", root.path, "--as-of", "2026-11-21"])
        #expect(cohort.stderr.contains(root.appendingPathComponent("a/p.json").path + " $.measurements[0].date"))
        #expect(cohort.stderr.contains(root.appendingPathComponent("b/p.json").path + " $.measurements[0].date"))
        let validated = try CLIHarness.run(["validate", root.appendingPathComponent("a/p.json").path])
        #expect(validated.stdout.contains(root.appendingPathComponent("a/p.json").path))
    }
}
