// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Validates FHIR JSON with Python's `fhir.resources` (R4B models), an external validator.
///
/// Install with `pip install fhir.resources==7.1.0`. When `python3` or the module is missing,
/// ``isAvailable`` is false and the tests that need it are skipped with that message.
enum FHIRPythonValidator {
    static let pipLine = "pip install fhir.resources==7.1.0"

    /// Whether `python3 -c 'import fhir.resources.R4B'` succeeds.
    static let isAvailable: Bool = {
        (try? run(arguments: ["-c", "import fhir.resources.R4B.bundle"]).status) == 0
    }()

    /// Validates `json` as the R4B resource type it declares; returns the validator's complaints
    /// (empty when valid).
    static func problems(in json: Data) throws -> String? {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-fhir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("resource.json")
        try json.write(to: file)
        let script = """
            import json, sys, importlib
            data = json.load(open(sys.argv[1]))
            rt = data["resourceType"]
            module = importlib.import_module("fhir.resources.R4B." + rt.lower())
            cls = getattr(module, rt)
            try:
                cls.parse_obj(data)
            except Exception as error:
                print(str(error)[:4000])
                sys.exit(1)
            print("valid")
            """
        let result = try run(arguments: ["-c", script, file.path])
        return result.status == 0 ? nil : result.output
    }

    /// Validates several documents in one Python process; returns the complaints per index.
    static func problems(inAll documents: [Data]) throws -> [Int: String] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-fhir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String] = []
        for (index, document) in documents.enumerated() {
            let file = directory.appendingPathComponent("resource-\(index).json")
            try document.write(to: file)
            paths.append(file.path)
        }
        let script = """
            import json, sys, importlib
            failed = False
            for index, path in enumerate(sys.argv[1:]):
                data = json.load(open(path))
                rt = data["resourceType"]
                cls = getattr(importlib.import_module("fhir.resources.R4B." + rt.lower()), rt)
                try:
                    cls.parse_obj(data)
                except Exception as error:
                    failed = True
                    print(json.dumps({"index": index, "problem": str(error)[:2000]}))
            sys.exit(1 if failed else 0)
            """
        let result = try run(arguments: ["-c", script] + paths)
        guard result.status != 0 else { return [:] }
        var problems: [Int: String] = [:]
        for line in result.output.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let index = object["index"] as? Int
            else {
                problems[-1, default: ""] += String(line) + "\n"
                continue
            }
            problems[index] = object["problem"] as? String ?? "invalid"
        }
        return problems.isEmpty ? [-1: result.output] : problems
    }

    private static func run(arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
