// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import Logging
import StepwiseCore
import StepwiseServer
import StepwiseStorage

extension StepwiseCommand {
    /// `stepwise user …`: accounts of the clinic server.
    struct UserGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "user", abstract: "Manage clinic-server accounts.",
            subcommands: [Add.self, List.self, SetRole.self, Disable.self, Enable.self])
    }
}

extension StepwiseCommand.UserGroup {
    /// `stepwise user add`: creates a user (and the organisation if it does not exist yet).
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user; creates the organisation when it does not exist (use this for the first admin).",
            discussion: """
                The password is read from standard input (one line) when it is not a terminal, otherwise \
                prompted for without echo. It is never taken as an argument. At least 12 characters.
                Example: printf '%s\\n' "$PASSWORD" | stepwise user add --organization "Main Street Clinic" \\
                  --email admin@clinic.example --role admin
                """
        )

        @OptionGroup var store: StoreOptions
        @Option(help: "Organisation (clinic) name.") var organization: String
        @Option(help: "E-mail address used to sign in.") var email: String
        @Option(help: "Name shown in the web app (default: the e-mail).") var name: String?
        @Option(help: "Role: clinician, care-manager, psychiatric-consultant or admin.") var role: String

        func validate() throws {
            guard UserRole(rawValue: role) != nil else {
                throw ValidationError("--role must be one of: \(UserRole.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            guard email.contains("@") else { throw ValidationError("--email must be an e-mail address.") }
            guard !organization.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--organization must not be empty.") }
        }

        func run() async throws {
            let password = try Self.readPassword()
            guard password.count >= 12 else {
                printError("error: the password must have at least 12 characters.")
                throw ExitCode(ExitStatus.dataError)
            }
            let userRole = UserRole(rawValue: role) ?? .clinician
            let hash = PasswordHashing.hash(password)
            let orgName = organization.trimmingCharacters(in: .whitespaces)
            let email = self.email
            let name = self.name ?? email
            let message: String = try await store.withStore(logger: Logger(label: "stepwise.user")) { store, description in
                let existing = try await store.organizations().first { $0.name == orgName }
                let org = existing ?? Organization(name: orgName)
                if existing == nil { try await store.createOrganization(org) }
                let user = User(
                    organizationID: org.id, email: email, displayName: name, role: userRole, passwordHash: hash, createdAt: Date())
                do {
                    try await store.createUser(user)
                } catch let error as StepwiseError where error.code == .conflict {
                    printError("error: a user with this e-mail already exists.")
                    throw ExitCode(ExitStatus.dataError)
                }
                try await store.appendAudit(
                    AuditEvent(at: Date(), organizationID: org.id, userID: "cli", action: .create, resourceType: "user", resourceID: user.id))
                return "Created \(userRole.rawValue) \(email.lowercased()) in \"\(orgName)\" (\(description))."
            }
            print(message)
        }

        /// One line from standard input, or a no-echo prompt on a terminal.
        static func readPassword() throws -> String {
            if isatty(STDIN_FILENO) == 1 {
                guard let pointer = getpass("Password (at least 12 characters): ") else { throw ExitCode(ExitStatus.noInput) }
                let first = String(cString: pointer)
                guard let again = getpass("Repeat the password: "), String(cString: again) == first else {
                    printError("error: the passwords do not match.")
                    throw ExitCode(ExitStatus.dataError)
                }
                return first
            }
            guard let line = readLine(strippingNewline: true) else {
                printError("error: no password on standard input.")
                throw ExitCode(ExitStatus.noInput)
            }
            return line
        }
    }
}

extension StepwiseCommand.UserGroup {
    /// `stepwise user list`: the accounts of every organisation (or one), without password hashes.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List accounts: organisation, e-mail, role, status.")

        @OptionGroup var store: StoreOptions
        @Option(help: "Only this organisation (clinic) name.") var organization: String?

        func run() async throws {
            let filter = organization?.trimmingCharacters(in: .whitespaces)
            let lines: [String] = try await store.withStore(logger: Logger(label: "stepwise.user")) { store, _ in
                var lines: [String] = []
                for org in try await store.organizations() where filter == nil || org.name == filter {
                    for user in try await store.users(organizationID: org.id) {
                        let status = user.disabledAt.map { "disabled since \($0.formatted(.iso8601))" } ?? "active"
                        lines.append("\(org.name)\t\(user.email)\t\(user.role.rawValue)\t\(status)")
                    }
                }
                return lines
            }
            if lines.isEmpty {
                printError(filter == nil ? "No accounts yet: create the first with `stepwise user add`." : "No organisation with this name, or no accounts in it.")
                throw ExitCode(ExitStatus.noInput)
            }
            print("organization\temail\trole\tstatus")
            lines.forEach { print($0) }
        }
    }

    /// `stepwise user set-role`: changes an account's role (the recovery path when no administrator is left).
    struct SetRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-role", abstract: "Change an account's role.")

        @OptionGroup var store: StoreOptions
        @Option(help: "E-mail address of the account.") var email: String
        @Option(help: "Role: clinician, care-manager, psychiatric-consultant or admin.") var role: String

        func validate() throws {
            guard UserRole(rawValue: role) != nil else {
                throw ValidationError("--role must be one of: \(UserRole.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }

        func run() async throws {
            try await AccountEdit(store: store, email: email).run(.role(UserRole(rawValue: role) ?? .clinician))
        }
    }

    /// `stepwise user disable`: the account can no longer sign in; its sessions end and its API tokens are refused.
    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable an account: it cannot sign in, its sessions end and its API tokens are refused.",
            discussion: "Nothing the account wrote is removed; `stepwise user enable` restores it (with its API tokens).")

        @OptionGroup var store: StoreOptions
        @Option(help: "E-mail address of the account.") var email: String

        func run() async throws {
            try await AccountEdit(store: store, email: email).run(.disable)
        }
    }

    /// `stepwise user enable`: re-enables a disabled account.
    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account again.")

        @OptionGroup var store: StoreOptions
        @Option(help: "E-mail address of the account.") var email: String

        func run() async throws {
            try await AccountEdit(store: store, email: email).run(.enable)
        }
    }
}

/// Reads one account by e-mail, applies the change through the store (the same rule the web app and
/// the API use) and records it in the audit log (user `cli`); exit status 66 (no input) when no account
/// has that e-mail. A change to what the account already is writes nothing.
struct AccountEdit {
    let store: StoreOptions
    let email: String

    func run(_ change: AccountChange) async throws {
        let email = self.email.lowercased()
        let message: String? = try await store.withStore(logger: Logger(label: "stepwise.user")) { store, description in
            guard let user = try await store.user(email: email) else { return nil }
            guard let changed = try await store.apply(change, to: user, at: Date()) else {
                return "\(user.email) already is so; nothing changed (\(description))."
            }
            try await store.appendAudit(
                AuditEvent(
                    at: Date(), organizationID: changed.organizationID, userID: "cli", action: .update, resourceType: "user",
                    resourceID: changed.id))
            switch change {
            case .role(let role): return "\(changed.email) is now \(role.rawValue). (\(description))"
            case .disable: return "\(changed.email) is disabled. (\(description))"
            case .enable: return "\(changed.email) is enabled. (\(description))"
            }
        }
        guard let message else {
            printError("error: no account has this e-mail address.")
            throw ExitCode(ExitStatus.noInput)
        }
        print(message)
    }
}
