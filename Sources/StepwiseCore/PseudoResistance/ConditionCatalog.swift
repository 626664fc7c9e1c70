// SPDX-License-Identifier: Apache-2.0

/// Condition codes → Stepwise categories, lab tests and thresholds, and the pseudo-resistance
/// check definitions (`conditions.json`).
///
/// Look-ups are dictionary reads prepared when the catalogue loads, so they are cheap on the
/// assessment path.
///
/// ```swift
/// let conditions = try ConditionCatalog.bundled()
/// conditions.category(forCode: "F31.81", system: .icd10)   // "bipolar"
/// conditions.labTest(forCode: "11580-8")                   // "tsh"
/// ```
public struct ConditionCatalog: Sendable {
    /// File version.
    public let version: String
    /// Sources cited by the file.
    public let sources: [SourceCitation]
    /// The pseudo-resistance checks, in report order.
    public let checks: [CheckDefinition]
    /// Laboratory tests Stepwise interprets.
    public let labs: [LabDefinition]
    /// A normal lab or negative screen older than this many months no longer counts as "absent".
    public let evidenceWindowMonths: Sourced<Int>

    private let icd10: [String: CodeMapping]
    private let longestICD10Prefix: Int
    private let snomed: [String: CodeMapping]
    private let labIndex: [String: Int]
    private let checkIndex: [String: Int]

    /// Creates a catalogue from a decoded file (tests use this to substitute values).
    public init(file: ConditionFile) {
        version = file.version
        sources = file.sources
        checks = file.checks
        labs = file.labs
        evidenceWindowMonths = file.evidenceWindowMonths
        var icd: [String: CodeMapping] = [:]
        var longest = 0
        for mapping in file.icd10 {
            let key = Self.normaliseICD10(mapping.code)
            if icd[key] == nil { icd[key] = mapping }
            longest = max(longest, key.utf8.count)
        }
        icd10 = icd
        longestICD10Prefix = longest
        var sct: [String: CodeMapping] = [:]
        for mapping in file.snomed where sct[mapping.code] == nil { sct[mapping.code] = mapping }
        snomed = sct
        var labKeys: [String: Int] = [:]
        for (position, lab) in file.labs.enumerated() {
            for key in [lab.id] + lab.loinc + lab.aliases {
                let normalised = Self.lowercasedTrimmed(key)
                if labKeys[normalised] == nil { labKeys[normalised] = position }
            }
        }
        labIndex = labKeys
        var checkKeys: [String: Int] = [:]
        for (position, check) in file.checks.enumerated() where checkKeys[check.id] == nil {
            checkKeys[check.id] = position
        }
        checkIndex = checkKeys
    }

    /// Loads the bundled catalogue.
    ///
    /// - Throws: ``StepwiseError`` (``StepwiseError/Code/knowledgeBase``) when `conditions.json` is
    ///   missing or malformed.
    public static func bundled() throws -> ConditionCatalog {
        ConditionCatalog(file: try KnowledgeResource.load("conditions", as: ConditionFile.self))
    }

    /// The Stepwise category (`bipolar`, `adhd`, `hypothyroidism`, …) of a diagnosis code, or `nil`.
    ///
    /// ICD-10-CM codes match by their longest catalogued prefix (`F31.81` → `F31` → `bipolar`), with
    /// or without the dot and in any case. SNOMED CT concepts match exactly. When `system` is `nil`
    /// the system is inferred: a code starting with a letter is ICD-10-CM, an all-digit code SNOMED CT.
    public func category(forCode code: String, system: CodeSystem?) -> String? {
        mapping(forCode: code, system: system)?.category
    }

    /// Whether the code itself records psychotic features (e.g. ICD-10-CM `F32.3`, `F33.3`).
    public func indicatesPsychoticFeatures(code: String, system: CodeSystem?) -> Bool {
        mapping(forCode: code, system: system)?.psychoticFeatures ?? false
    }

    /// The full mapping of a code (category, psychotic features, sources), or `nil`.
    public func mapping(forCode code: String, system: CodeSystem?) -> CodeMapping? {
        let trimmed = Self.trimmed(code)
        guard let first = trimmed.unicodeScalars.first else { return nil }
        let resolved: CodeSystem
        if let system {
            resolved = system
        } else {
            resolved = (first >= "0" && first <= "9") ? .snomed : .icd10
        }
        switch resolved {
        case .icd10:
            let key = Self.normaliseICD10(trimmed)
            var length = min(key.utf8.count, longestICD10Prefix)
            while length > 0 {
                if let hit = icd10[String(key.prefix(length))] { return hit }
                length -= 1
            }
            return nil
        case .snomed:
            return snomed[trimmed]
        default:
            return nil
        }
    }

    /// The category of a recorded condition: its explicit `category`, otherwise the one its code maps to.
    public func category(of condition: Condition) -> String? {
        if let category = condition.category, !category.isEmpty { return category }
        guard let code = condition.code else { return nil }
        return self.category(forCode: code, system: condition.system)
    }

    /// The Stepwise lab test id (`tsh`, `vitamin-d-25oh`, `lithium`) for a LOINC code, a Stepwise
    /// id or a common name (`TSH`, `thyrotropin`), or `nil` when the test is not catalogued.
    public func labTest(forCode code: String) -> String? {
        lab(forCode: code)?.id
    }

    /// The lab definition for a LOINC code, id or alias.
    public func lab(forCode code: String) -> LabDefinition? {
        if let position = labIndex[code] { return labs[position] }
        return labIndex[Self.lowercasedTrimmed(code)].map { labs[$0] }
    }

    /// The check definition with `id`.
    public func check(_ id: String) -> CheckDefinition? {
        checkIndex[id].map { checks[$0] }
    }

    /// Reads a lab result against the catalogue's thresholds: the value in the canonical unit and
    /// whether it is outside the range. `nil` when the test is not catalogued.
    public func interpret(_ result: LabResult) -> LabReading? {
        guard let definition = lab(forCode: result.test) else { return nil }
        return definition.read(result)
    }

    static func trimmed(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }

    static func lowercasedTrimmed(_ text: String) -> String { trimmed(text).lowercased() }

    /// Upper-case, without dots or spaces: `f31.81` → `F3181`.
    static func normaliseICD10(_ code: String) -> String {
        var result = ""
        result.reserveCapacity(code.utf8.count)
        for scalar in code.unicodeScalars where scalar != "." && scalar != " " && scalar != "\t" {
            if scalar >= "a" && scalar <= "z" {
                result.unicodeScalars.append(Unicode.Scalar(scalar.value - 32) ?? scalar)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
