// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

extension ImportRun {
    /// A Bundle (or single resource) `.json` file: one JSON document, read whole up to the size
    /// limit, its entries mapped as one batch.
    mutating func importDocument(_ index: Int) async throws {
        let name = names[index]
        let first = ResourceLocation(file: Int32(index), line: 1, entry: -1)
        let size = Self.fileSize(files[index])
        guard size <= options.maxBundleBytes else {
            summary.resourcesRead += 1
            reject(first, .lineTooLong, "the file is \(size) bytes, over the Bundle limit of \(options.maxBundleBytes) bytes")
            return
        }
        guard let data = FileManager.default.contents(atPath: files[index]) else {
            throw StepwiseError(.notFound, "The file cannot be read.", at: name)
        }
        summary.bytesRead += data.count
        bytesBeforeFile += data.count
        // Resources of a Bundle are mapped on their own, apart from any NDJSON batch.
        let waiting = (pending, locations)
        pending = []
        locations = []
        var tape = JSONTape()
        let failure: JSONSyntaxError? = data.withUnsafeBytes { bytes in
            do throws(JSONSyntaxError) {
                try tape.parse(bytes)
                acceptDocument(tape, file: index)
                return nil
            } catch {
                return error
            }
        }
        if let failure {
            summary.resourcesRead += 1
            let line = data.prefix(failure.offset).reduce(1) { $1 == 10 ? $0 + 1 : $0 }
            reject(
                ResourceLocation(file: Int32(index), line: Int32(clamping: line), entry: -1), .malformedJSON,
                "malformed JSON at byte \(failure.offset + 1): \(failure.reason)")
        }
        try await flush()
        (pending, locations) = waiting
    }

    /// Accepts the entries of a Bundle (each a resource), or the document when it is one resource.
    private mutating func acceptDocument(_ tape: JSONTape, file: Int) {
        var entries: Int?
        var isBundle = false
        if tape.kind(0) == .object {
            tape.forEachMember(0) { k, v in
                if tape.string(k, is: "resourceType"), tape.string(v, is: "Bundle") { isBundle = true }
                if tape.string(k, is: "entry"), tape.kind(v) == .array { entries = v }
            }
        }
        guard isBundle else {
            summary.resourcesRead += 1
            accept(root: 0, ResourceLocation(file: Int32(file), line: 1, entry: -1), expectedType: nil, tape: tape)
            return
        }
        guard let entries else { return }
        var line = 1
        var scanned = 0
        let bytes = tape.bytes
        tape.forEachElement(entries) { element, position in
            summary.resourcesRead += 1
            let start = Int(tape.tokens[element].start)
            while scanned < start {
                if bytes[scanned] == 10 { line += 1 }
                scanned += 1
            }
            let location = ResourceLocation(file: Int32(file), line: Int32(clamping: line), entry: Int32(clamping: position))
            var resource: Int?
            if tape.kind(element) == .object {
                tape.forEachMember(element) { k, v in if tape.string(k, is: "resource") { resource = v } }
            }
            guard let resource else {
                reject(location, .missingRequiredElement, "Bundle.entry.resource: missing required element")
                return
            }
            accept(root: resource, location, expectedType: nil, tape: tape)
        }
    }
}
