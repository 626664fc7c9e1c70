// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

/// The store commands end to end: import a FHIR Bundle, export it, back it up, restore it, and
/// read back exactly what was acknowledged.
@Suite struct StoreRoundTripTests {
    static let bundle = CLIHarness.packageRoot.appendingPathComponent("Tests/StepwiseFHIRTests/Fixtures/synthea-bundle.json").path

    func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    @Test func importExportBackupAndRestoreKeepEveryRecord() throws {
        let directory = try temporaryDirectory()
        let database = "\(directory)/clinic.sqlite"
        let imported = try CLIHarness.run(["import", Self.bundle, "--database", database])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("patients written    1"))

        let exported = try CLIHarness.run(["export", "--all", "--database", database, "--format", "records", "--output", "-"])
        #expect(exported.status == 0, "\(exported.stderr)")
        let lines = exported.stdout.split(separator: "\n")
        #expect(lines.count == 1)

        let backup = "\(directory)/backup.sqlite"
        #expect(try CLIHarness.run(["backup", "--database", database, "--output", backup]).status == 0)
        let restored = "\(directory)/restored.sqlite"
        #expect(try CLIHarness.run(["restore", "--input", backup, "--database", restored]).status == 0)
        let again = try CLIHarness.run(["export", "--all", "--database", restored, "--format", "records", "--output", "-"])
        #expect(again.stdout == exported.stdout)

        // Importing the same file again changes nothing.
        let reimported = try CLIHarness.run(["import", Self.bundle, "--database", database])
        #expect(reimported.status == 0)
        #expect(reimported.stderr.contains("unchanged 1"))
    }

    @Test func restoreRefusesToOverwriteWithoutForce() throws {
        let directory = try temporaryDirectory()
        let database = "\(directory)/clinic.sqlite"
        #expect(try CLIHarness.run(["import", Self.bundle, "--database", database]).status == 0)
        let backup = "\(directory)/backup.sqlite"
        #expect(try CLIHarness.run(["backup", "--database", database, "--output", backup]).status == 0)
        let refused = try CLIHarness.run(["restore", "--input", backup, "--database", database])
        #expect(refused.status == 65)
        #expect(try CLIHarness.run(["restore", "--input", backup, "--database", database, "--force"]).status == 0)
    }

    @Test func restoringSomethingThatIsNotABackupIsRejected() throws {
        let directory = try temporaryDirectory()
        let notABackup = try CLIHarness.temporaryFile("notes.txt", "not a database")
        let result = try CLIHarness.run(["restore", "--input", notABackup, "--database", "\(directory)/x.sqlite"])
        #expect(result.status == 65)
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/x.sqlite"))
    }

    @Test func anAssessedExportIsAFHIRBundle() throws {
        let directory = try temporaryDirectory()
        let database = "\(directory)/clinic.sqlite"
        #expect(try CLIHarness.run(["import", Self.bundle, "--database", database]).status == 0)
        let result = try CLIHarness.run([
            "export", "--all", "--database", database, "--format", "bundle", "--output", "-", "--as-of", "2026-11-21",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["resourceType"] as? String == "Bundle")
        #expect(object?["type"] as? String == "collection")
    }
}
