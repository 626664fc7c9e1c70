// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Strings that appear on almost every line of a FHIR export (code-system URIs, statuses,
/// units). Returning a shared constant for them avoids a heap allocation per value.
enum CommonStrings {
    private static let table: [String] = [
        "http://loinc.org", "http://snomed.info/sct", "http://www.nlm.nih.gov/research/umls/rxnorm",
        "http://unitsofmeasure.org", "http://hl7.org/fhir/sid/icd-10-cm", "http://hl7.org/fhir/sid/icd-10",
        "http://terminology.hl7.org/CodeSystem/observation-category",
        "http://terminology.hl7.org/CodeSystem/condition-clinical",
        "http://terminology.hl7.org/CodeSystem/condition-ver-status",
        "http://terminology.hl7.org/CodeSystem/condition-category", "http://www.ama-assn.org/go/cpt",
        "survey", "laboratory", "final", "amended", "corrected", "preliminary", "active", "completed",
        "stopped", "order", "{score}", "mg", "d", "wk", "mg/d", "active", "resolved", "confirmed",
        "male", "female",
    ]

    /// Table entries grouped by UTF-8 length for a quick first filter.
    private static let byLength: [Int: [(bytes: [UInt8], text: String)]] = {
        var groups: [Int: [(bytes: [UInt8], text: String)]] = [:]
        for text in table {
            groups[text.utf8.count, default: []].append((Array(text.utf8), text))
        }
        return groups
    }()

    /// The shared constant equal to these bytes, or `nil`.
    @inline(__always)
    static func match(_ start: UnsafeRawPointer, _ length: Int) -> String? {
        guard length > 15, let group = byLength[length] else { return nil }
        for entry in group where entry.bytes.withUnsafeBytes({ memcmp($0.baseAddress!, start, length) }) == 0 {
            return entry.text
        }
        return nil
    }
}
