// SPDX-License-Identifier: Apache-2.0
import Foundation

/// `stepwise-bench <benchmark> [options]` — run in release mode:
///
///     swift run -c release stepwise-bench assess --patients 100000
///
/// Every benchmark prints its figures beside a baseline measured in the same run.
@main
enum Bench {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let name = arguments.isEmpty ? "assess" : arguments.removeFirst()
        switch name {
        case "assess":
            let patients = option("--patients", in: arguments) ?? 100_000
            let threads = option("--threads", in: arguments) ?? ProcessInfo.processInfo.activeProcessorCount
            try AssessBenchmark.run(patients: patients, threads: max(1, threads))
        case "stages":
            try StageBenchmark.run(
                patients: option("--patients", in: arguments) ?? 5_000, ehrItems: arguments.contains("--ehr-items"))
        case "reports":
            try ReportDump.run(patients: option("--patients", in: arguments) ?? 1_000)
        default:
            FileHandle.standardError.write(Data("usage: stepwise-bench assess [--patients N] [--threads N] | stages [--patients N] [--ehr-items] | reports [--patients N]\n".utf8))
            exit(64)
        }
    }

    static func option(_ name: String, in arguments: [String]) -> Int? {
        guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
        return Int(arguments[index + 1])
    }
}
