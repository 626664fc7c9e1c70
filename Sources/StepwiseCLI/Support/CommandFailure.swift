// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import StepwiseCore

/// Exit statuses shared by every command (sysexits.h values).
enum ExitStatus {
    /// Input data was wrong (malformed record, out-of-range answer, failed validation).
    static let dataError: Int32 = 65
    /// An input file could not be found or read.
    static let noInput: Int32 = 66
    /// The named thing does not exist (unknown rule, instrument, profile).
    static let notFound: Int32 = 69
    /// Internal error, e.g. a broken bundled knowledge file.
    static let software: Int32 = 70
    /// Temporary failure (EX_TEMPFAIL): running the command again is expected to succeed, e.g. an
    /// import that left patients unwritten because clinicians kept editing them.
    static let tryAgain: Int32 = 75
}

/// Writes one line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Runs `body`; a ``StepwiseError`` becomes one clear line on stderr and a distinct exit status.
func withCommandErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as StepwiseError {
        printError("error: \(error.description)")
        if error.code == .notFound {
            throw ExitCode(error.location == "--profile" ? ExitStatus.notFound : ExitStatus.noInput)
        }
        if error.code == .knowledgeBase { throw ExitCode(ExitStatus.software) }
        throw ExitCode(ExitStatus.dataError)
    }
}

/// Whether standard output is a terminal (for colour and progress output).
func standardOutputIsTerminal() -> Bool { isatty(STDOUT_FILENO) == 1 }

/// Parses `--as-of` or returns `nil` for today.
func parseAsOf(_ text: String?) throws -> LocalDate {
    guard let text else { return today() }
    guard let date = LocalDate(text) else {
        throw ValidationError("--as-of must be a date written YYYY-MM-DD, got \"\(text)\"")
    }
    return date
}

/// Today's date in UTC — read at the edge (the CLI), never inside the engine.
func today() -> LocalDate {
    let days = Int((Date().timeIntervalSince1970 / 86_400).rounded(.down))
    return LocalDate(dayNumber: days)
}

/// Encodes `value` as pretty, key-sorted JSON text.
func prettyJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
