// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

/// `stepwise user add | list | set-role | disable | enable` against a SQLite file, as an operator on
/// the server would run them (e.g. to recover when no administrator can sign in).
@Suite struct UserCommandTests {
    func database() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-users-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.appendingPathComponent("clinic.sqlite").path
    }

    @Test func anOperatorAddsListsChangesDisablesAndEnablesAccounts() throws {
        let db = try database()
        let added = try CLIHarness.run(
            ["user", "add", "--database", db, "--organization", "Main Street Clinic", "--email", "Lead@Clinic.example", "--role", "admin"],
            stdin: "a long enough password\n")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try CLIHarness.run(
            ["user", "add", "--database", db, "--organization", "Main Street Clinic", "--email", "nurse@clinic.example", "--role", "care-manager"],
            stdin: "another long password\n").status == 0)

        let listed = try CLIHarness.run(["user", "list", "--database", db])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("Main Street Clinic\tlead@clinic.example\tadmin\tactive"))
        #expect(listed.stdout.contains("Main Street Clinic\tnurse@clinic.example\tcare-manager\tactive"))
        #expect(!listed.stdout.contains("$2"), "no password hashes")

        let role = try CLIHarness.run(["user", "set-role", "--database", db, "--email", "NURSE@clinic.example", "--role", "clinician"])
        #expect(role.status == 0, "\(role.stderr)")
        #expect(role.stdout.contains("nurse@clinic.example is now clinician"))

        let disabled = try CLIHarness.run(["user", "disable", "--database", db, "--email", "nurse@clinic.example"])
        #expect(disabled.status == 0, "\(disabled.stderr)")
        let afterDisable = try CLIHarness.run(["user", "list", "--database", db, "--organization", "Main Street Clinic"])
        #expect(afterDisable.stdout.contains("nurse@clinic.example\tclinician\tdisabled since "))

        #expect(try CLIHarness.run(["user", "enable", "--database", db, "--email", "nurse@clinic.example"]).status == 0)
        #expect(try CLIHarness.run(["user", "list", "--database", db]).stdout.contains("nurse@clinic.example\tclinician\tactive"))

        // Every account change is in the audit log, by `cli` (read straight from the file).
        let count = try auditCount(db, resourceType: "user")
        #expect(count == 5, "2 created, role, disable, enable")
    }

    /// Audit rows of a resource type, read straight from the SQLite file with the system's sqlite3 module (Python).
    func auditCount(_ db: String, resourceType: String) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(\"select count(*) from audit_events where resource_type=? and user_id='cli'\", (sys.argv[2],)).fetchone()[0])",
            db, resourceType,
        ]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test func unknownAccountsAndRolesAreClearErrors() throws {
        let db = try database()
        #expect(try CLIHarness.run(
            ["user", "add", "--database", db, "--organization", "Clinic", "--email", "a@clinic.example", "--role", "admin"],
            stdin: "a long enough password\n").status == 0)
        let missing = try CLIHarness.run(["user", "disable", "--database", db, "--email", "ghost@clinic.example"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("no account has this e-mail address"))
        let badRole = try CLIHarness.run(["user", "set-role", "--database", db, "--email", "a@clinic.example", "--role", "root"])
        #expect(badRole.status == 64)
        #expect(badRole.stderr.contains("--role must be one of"))
        let noOrganisation = try CLIHarness.run(["user", "list", "--database", db, "--organization", "Elsewhere"])
        #expect(noOrganisation.status == 66)
    }
}
