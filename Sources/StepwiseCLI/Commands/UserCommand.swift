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
            commandName: "user", abstract: "Manage clinic-server accounts.", subcommands: [Add.self])
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
                do {
                    try await store.createUser(
                        User(organizationID: org.id, email: email, displayName: name, role: userRole, passwordHash: hash, createdAt: Date()))
                } catch let error as StepwiseError where error.code == .conflict {
                    printError("error: a user with this e-mail already exists.")
                    throw ExitCode(ExitStatus.dataError)
                }
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
