// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

/// Every bundled example's report, in JSON, text and Markdown, as of 2026-11-21, must equal its snapshot in
/// `Snapshots/` byte for byte: a change of any rule, threshold, wording or ordering shows up here as the
/// lines it changed. An intended change is taken by running `scripts/update-snapshots.sh` and reading
/// `git diff Tests/StepwiseCLITests/Snapshots` before committing.
@Suite struct ExampleSnapshotTests {
    static let snapshots = CLIHarness.packageRoot.appendingPathComponent("Tests/StepwiseCLITests/Snapshots")
    static let formats = ["json", "text", "markdown"]

    @Test func everyExampleHasASnapshotInEveryFormat() throws {
        #expect(ExamplesEndToEndTests.exampleFiles.count >= 10)
        for file in ExamplesEndToEndTests.exampleFiles {
            for format in Self.formats {
                let path = Self.snapshots.appendingPathComponent("\(file).\(format)").path
                #expect(FileManager.default.fileExists(atPath: path), "no snapshot \(file).\(format): run scripts/update-snapshots.sh")
            }
        }
    }

    @Test(arguments: ExamplesEndToEndTests.exampleFiles)
    func theReportEqualsItsSnapshot(file: String) throws {
        for format in Self.formats {
            let snapshot = Self.snapshots.appendingPathComponent("\(file).\(format)")
            guard let expected = try? String(contentsOf: snapshot, encoding: .utf8) else { continue }
            let result = try CLIHarness.run([
                "assess", CLIHarness.examples.appendingPathComponent(file).path, "--as-of", ExamplesEndToEndTests.asOf,
                "--format", format,
            ])
            #expect(result.status == 0, "\(file) --format \(format): \(result.stderr)")
            if result.stdout != expected {
                let new = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
                let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
                let line = (0..<min(new.count, old.count)).first { new[$0] != old[$0] } ?? min(new.count, old.count)
                let was = line < old.count ? String(old[line]) : "(end of snapshot)"
                let now = line < new.count ? String(new[line]) : "(end of output)"
                Issue.record(
                    """
                    \(file) --format \(format) differs from its snapshot at line \(line + 1):
                      snapshot: \(was)
                      now:      \(now)
                    If the change is intended, run scripts/update-snapshots.sh and review the diff.
                    """)
            }
        }
    }
}
