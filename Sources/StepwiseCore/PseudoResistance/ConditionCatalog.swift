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
    public var version: String { tables.version }
    /// Sources cited by the file.
    public var sources: [SourceCitation] { tables.sources }
    /// The pseudo-resistance checks, in report order.
    public var checks: [CheckDefinition] { tables.checks }
    /// Laboratory tests Stepwise interprets.
    public var labs: [LabDefinition] { tables.labs }
    /// A normal lab or negative screen older than this many months no longer counts as "absent".
    public var evidenceWindowMonths: Sourced<Int> { tables.evidenceWindowMonths }

    /// Everything the catalogue holds, in one immutable object: handing the catalogue to an engine
    /// step (several times per patient) is one retain instead of a copy of every field.
    private let tables: Tables
    private var icd10: [UInt64: CodeMapping] { tables.icd10 }
    private var longestICD10Prefix: Int { tables.longestICD10Prefix }
    private var snomed: [UInt64: CodeMapping] { tables.snomed }
    private var intentRules: [ICD10IntentMatcher] { tables.intentRules }
    private var intentFirstBytes: Set<UInt8> { tables.intentFirstBytes }
    private var labIndex: [String: Int] { tables.labIndex }
    private var checkIndex: [String: Int] { tables.checkIndex }
    private var checkSourceTexts: [String] { tables.checkSourceTexts }
    var checkKinds: [CheckKind] { tables.checkKinds }
    var categoryChecks: [String: UInt64] { tables.categoryChecks }

    /// `categoryChecks[category] ?? 0`, read through an FNV table (no `Hasher` for the catalogue's
    /// own spellings; the dictionary answers whatever the table cannot rule out).
    func checks(ofCategory category: String) -> UInt64 {
        switch tables.categoryTable.lookup(category) {
        case .found(let checks): checks
        case .absent: 0
        case .unknown: tables.categoryChecks[category] ?? 0
        }
    }
    var screenInstruments: [String] { tables.screenInstruments }
    var screenSlots: [[Int]] { tables.screenSlots }
    var labCheckPositions: [Int?] { tables.labCheckPositions }
    var labUnitsLowercased: [[String]] { tables.labUnitsLowercased }
    var sourceVariants: [[(specific: String, text: String)]] { tables.sourceVariants }
    var itemTemplates: [ChecklistItem] { tables.itemTemplates }
    var plannerChecks: [Int8] { tables.plannerChecks }

    /// What a check reads besides codes, findings, screens and labs.
    enum CheckKind: Sendable {
        case dose, duration, adherence, psychotherapy, psychoticFeatures, plain
    }

    /// The look-up tables prepared when the catalogue loads, shared by every copy of the catalogue
    /// (the engine copies it per assessment: one retain instead of one per table).
    final class Tables: Sendable {
        let version: String
        let sources: [SourceCitation]
        let checks: [CheckDefinition]
        let labs: [LabDefinition]
        let evidenceWindowMonths: Sourced<Int>
        /// ICD-10-CM prefixes packed into integers (see ``packICD10``): look-ups allocate nothing.
        let icd10: [UInt64: CodeMapping]
        let longestICD10Prefix: Int
        /// SNOMED CT concept ids as integers.
        let snomed: [UInt64: CodeMapping]
        /// ``icd10`` and ``snomed`` again as open-addressed tables of positions into these arrays of
        /// their mappings (a multiplicative hash per probe instead of a `Hasher` per dictionary look-up).
        let icd10Table: PackedKeyTable
        let icd10Mappings: [CodeMapping]
        /// Bit `n` set: some ICD-10-CM prefix has `n` significant characters (other lengths are skipped).
        let icd10Lengths: UInt16
        let snomedTable: PackedKeyTable
        let snomedMappings: [CodeMapping]
        /// ``intentFirstBytes`` as a 256-bit mask (bit `byte & 63` of word `byte >> 6`).
        let intentFirstMask: SIMD4<UInt64>
        /// ICD-10-CM families read by their intent character, prepared for matching.
        let intentRules: [ICD10IntentMatcher]
        /// The first letters the intent rules start with (checked before building anything).
        let intentFirstBytes: Set<UInt8>
        let labIndex: [String: Int]
        let checkIndex: [String: Int]
        let checkSourceTexts: [String]
        /// Per check position: what kind of evidence it reads besides codes, findings, screens and labs.
        let checkKinds: [CheckKind]
        /// Per category named by a check: the checks listing it (bit `1 << position`, positions < 64).
        let categoryChecks: [String: UInt64]
        /// The same, as a ``NameTable``.
        let categoryTable: NameTable<UInt64>
        /// The distinct screening instruments the checks read, and per check the slot of each screen rule.
        let screenInstruments: [String]
        let screenSlots: [[Int]]
        /// Per lab definition: the position of the check it informs, and its accepted units lower-cased.
        let labCheckPositions: [Int?]
        let labUnitsLowercased: [[String]]
        /// Per check position: the source text with each specific source (screen or lab threshold) appended.
        let sourceVariants: [[(specific: String, text: String)]]
        /// Per check position: its item with the constant parts (id, title, rule, source) filled in;
        /// the assessment copies it and sets status, suggestion, source and evidence.
        let itemTemplates: [ChecklistItem]
        /// Per check position: the planner's ``PlanFacts/Check`` for its id (raw value), or -1.
        let plannerChecks: [Int8]

        init(file: ConditionFile) {
            version = file.version
            sources = file.sources
            checks = file.checks
            labs = file.labs
            evidenceWindowMonths = file.evidenceWindowMonths
            var icd: [UInt64: CodeMapping] = [:]
            var longest = 0
            for mapping in file.icd10 {
                let bytes = ConditionCatalog.icd10Bytes(mapping.code)
                guard !bytes.isEmpty, bytes.count <= 8 else { continue }
                let key = ConditionCatalog.pack(bytes[...])
                if icd[key] == nil { icd[key] = mapping }
                longest = max(longest, bytes.count)
            }
            icd10 = icd
            longestICD10Prefix = longest
            var sct: [UInt64: CodeMapping] = [:]
            for mapping in file.snomed {
                guard let key = ConditionCatalog.snomedKey(mapping.code), sct[key] == nil else { continue }
                sct[key] = mapping
            }
            snomed = sct
            var lengths: UInt16 = 0
            for mapping in file.icd10 {
                let count = ConditionCatalog.icd10Bytes(mapping.code).count
                if count > 0, count <= 8 { lengths |= 1 << UInt16(count) }
            }
            icd10Lengths = lengths
            let icdEntries = Array(icd)
            icd10Table = PackedKeyTable(icdEntries.map(\.key))
            icd10Mappings = icdEntries.map(\.value)
            let sctEntries = Array(sct)
            snomedTable = PackedKeyTable(sctEntries.map(\.key))
            snomedMappings = sctEntries.map(\.value)
            let matchers = (file.icd10IntentRules ?? []).compactMap(\.matcher)
            intentRules = matchers
            intentFirstBytes = Set(matchers.map { UInt8(truncatingIfNeeded: $0.first >> 16) })
            var firstMask = SIMD4<UInt64>(repeating: 0)
            for byte in intentFirstBytes { firstMask[Int(byte >> 6)] |= 1 << UInt64(byte & 63) }
            intentFirstMask = firstMask
            var labKeys: [String: Int] = [:]
            for (position, lab) in file.labs.enumerated() {
                for key in [lab.id] + lab.loinc + lab.aliases {
                    let normalised = ConditionCatalog.lowercasedTrimmed(key)
                    if labKeys[normalised] == nil { labKeys[normalised] = position }
                }
            }
            labIndex = labKeys
            var checkKeys: [String: Int] = [:]
            for (position, check) in file.checks.enumerated() where checkKeys[check.id] == nil {
                checkKeys[check.id] = position
            }
            checkIndex = checkKeys
            checkSourceTexts = file.checks.map { $0.sources.joined(separator: " ") }
            checkKinds = file.checks.map { check in
                switch check.id {
                case "inadequate-dose": .dose
                case "inadequate-duration": .duration
                case "non-adherence": .adherence
                case "psychotherapy-not-tried": .psychotherapy
                case "psychotic-features": .psychoticFeatures
                default: .plain
                }
            }
            var categoryMasks: [String: UInt64] = [:]
            var instruments: [String] = []
            var slots: [[Int]] = []
            for (position, check) in file.checks.enumerated() {
                if position < 64 {
                    for category in check.categories { categoryMasks[category, default: 0] |= 1 << UInt64(position) }
                }
                slots.append(
                    check.screens.map { rule in
                        if let slot = instruments.firstIndex(of: rule.instrument) { return slot }
                        instruments.append(rule.instrument)
                        return instruments.count - 1
                    })
            }
            categoryChecks = categoryMasks
            categoryTable = NameTable(categoryMasks.keys.sorted()) { categoryMasks[$0] ?? 0 }
            screenInstruments = instruments
            screenSlots = slots
            labCheckPositions = file.labs.map { lab in lab.check.flatMap { checkKeys[$0] } }
            labUnitsLowercased = file.labs.map { lab in lab.units.map { $0.unit.lowercased() } }
            var variants: [[(specific: String, text: String)]] = []
            for (position, check) in file.checks.enumerated() {
                var specifics: [String] = []
                for rule in check.screens {
                    if let first = rule.positiveAtOrAbove?.sources.first ?? rule.sources.first { specifics.append(first) }
                }
                for lab in file.labs where lab.check == check.id {
                    if let first = lab.below?.sources.first { specifics.append(first) }
                    if let first = lab.above?.sources.first { specifics.append(first) }
                }
                var list: [(specific: String, text: String)] = []
                for specific in specifics where !check.sources.contains(specific) && !list.contains(where: { $0.specific == specific }) {
                    list.append((specific, checkSourceTexts[position] + " " + specific))
                }
                variants.append(list)
            }
            sourceVariants = variants
            var templates: [ChecklistItem] = []
            for check in file.checks {
                templates.append(
                    ChecklistItem(
                        id: check.id, title: check.title, status: "", evidence: [], suggestion: nil,
                        source: check.sources.joined(separator: " "), rule: check.id))
            }
            itemTemplates = templates
            plannerChecks = templates.map { Int8(truncatingIfNeeded: PlanFacts.Check.matching($0.id)?.rawValue ?? -1) }
        }
    }

    /// Creates a catalogue from a decoded file (tests use this to substitute values).
    public init(file: ConditionFile) {
        tables = Tables(file: file)
    }

    /// The source text of the check at `position` with `specific` appended unless the check already
    /// cites it.
    func sourceText(of position: Int, specific: String?) -> String {
        let base = sourceText(of: position)
        guard let specific, position < checks.count else { return base }
        if position < sourceVariants.count {
            for variant in sourceVariants[position] where variant.specific == specific { return variant.text }
        }
        if checks[position].sources.contains(specific) { return base }
        return base + " " + specific
    }

    /// The position in ``labs`` of the definition for a LOINC code, id or alias.
    func labPosition(forCode code: String) -> Int? {
        if let position = labIndex[code] { return position }
        return labIndex[Self.lowercasedTrimmed(code)]
    }

    /// The status of a lab result and the first source of the threshold applied — what
    /// ``LabDefinition/read(_:)`` decides, without building notes.
    func classify(_ result: LabResult, lab position: Int) -> (status: LabReading.Status, source: String?) {
        // The definition is read in place (a copy retained and released each of its fields), and an
        // ASCII unit is trimmed and lower-cased on the stack.
        let labs = labs
        var value = result.value
        if let given = result.unit.map({ Self.asciiLowercasedTrimmed($0) ?? Self.lowercasedTrimmed($0) }), !given.isEmpty {
            guard let index = labUnitsLowercased[position].firstIndex(of: given), labs[position].units[index].divideBy > 0
            else { return (.unitUnknown, labs[position].sources.first) }
            value = result.value / labs[position].units[index].divideBy
        } else if !labs[position].unitAssumedWhenMissing {
            return (.unitUnknown, labs[position].sources.first)
        }
        guard value.isFinite else { return (.unitUnknown, labs[position].sources.first) }
        if let below = labs[position].below, value < below.value { return (.low, below.sources.first) }
        if let above = labs[position].above, value > above.value { return (.high, above.sources.first) }
        return (.normal, labs[position].below?.sources.first ?? labs[position].above?.sources.first)
    }

    /// ``lowercasedTrimmed(_:)`` for an ASCII text of at most 64 bytes, built on the stack (no
    /// substring, scalar view or intermediate string); `nil` for any other text.
    static func asciiLowercasedTrimmed(_ text: String) -> String? {
        let utf8 = text.utf8
        guard utf8.count <= 64 else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer -> String? in
            var length = 0
            var kept = 0
            for byte in utf8 {
                guard byte < 0x80 else { return nil }
                if length == 0 && (byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")) { continue }
                buffer[length] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
                length += 1
                if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") { kept = length }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<kept]), as: UTF8.self)
        }
    }

    /// The space-separated source ids of the check at `position` in ``checks``.
    func sourceText(of position: Int) -> String {
        position < checkSourceTexts.count ? checkSourceTexts[position] : ""
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

    /// `system`, or when it is `nil` the system the code's first non-blank character implies (a digit:
    /// SNOMED CT, otherwise ICD-10-CM); `nil` for a blank code.
    @inline(__always)
    static func resolvedSystem(code: String, system: CodeSystem?) -> CodeSystem? {
        var first: UInt8?
        for byte in code.utf8 where byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") {
            first = byte
            break
        }
        guard let first else { return nil }
        return system ?? ((first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) ? .snomed : .icd10)
    }

    /// The full mapping of a code (category, psychotic features, sources), or `nil`.
    public func mapping(forCode code: String, system: CodeSystem?) -> CodeMapping? {
        guard let resolved = Self.resolvedSystem(code: code, system: system) else { return nil }
        let tables = tables
        switch resolved {
        case .icd10:
            // Up to 8 significant characters (upper-cased, without dots or spaces) on the stack.
            var bytes: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0)
            var count = 0
            for byte in code.utf8 where byte != UInt8(ascii: ".") && byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") {
                guard count < 8 else { break }
                let upper = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) ? byte - 32 : byte
                withUnsafeMutableBytes(of: &bytes) { $0[count] = upper }
                count += 1
            }
            if count >= 6, tables.intentFirstMask[Int(bytes.0 >> 6)] & (1 << UInt64(bytes.0 & 63)) != 0,
                !tables.intentRules.isEmpty
            {
                let hit = withUnsafeBytes(of: bytes) { raw in
                    tables.intentRules.first { $0.matches(raw, count: count) }?.mapping
                }
                if let hit { return hit }
            }
            // The longest catalogued prefix first; lengths no prefix has are skipped.
            let lengths = tables.icd10Lengths
            var length = min(count, tables.longestICD10Prefix)
            while length > 0 {
                if lengths & (1 << UInt16(length)) != 0 {
                    var key: UInt64 = 0
                    withUnsafeBytes(of: bytes) { raw in
                        for index in 0..<length { key = key << 8 | UInt64(raw[index]) }
                    }
                    if let position = tables.icd10Table.position(of: key) { return tables.icd10Mappings[position] }
                }
                length -= 1
            }
            return nil
        case .snomed:
            guard let key = Self.snomedKey(code), let position = tables.snomedTable.position(of: key) else { return nil }
            return tables.snomedMappings[position]
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

    /// ``mapping(forCode:system:)`` as it was read before the packed tables: the intent rules behind
    /// the set of first letters, then every prefix length in the dictionaries (kept to test the
    /// tables against).
    func mappingByDictionary(forCode code: String, system: CodeSystem?) -> CodeMapping? {
        guard let resolved = Self.resolvedSystem(code: code, system: system) else { return nil }
        switch resolved {
        case .icd10:
            let bytes = Self.icd10Bytes(code)
            let count = min(bytes.count, 8)
            if !intentRules.isEmpty, count >= 6, intentFirstBytes.contains(bytes[0]) {
                var packed: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0)
                withUnsafeMutableBytes(of: &packed) { raw in for index in 0..<count { raw[index] = bytes[index] } }
                let hit = withUnsafeBytes(of: packed) { raw in intentRules.first { $0.matches(raw, count: count) }?.mapping }
                if let hit { return hit }
            }
            var length = min(count, longestICD10Prefix)
            while length > 0 {
                if let hit = icd10[Self.pack(bytes[0..<length])] { return hit }
                length -= 1
            }
            return nil
        case .snomed:
            return Self.snomedKey(code).flatMap { snomed[$0] }
        default:
            return nil
        }
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

    /// Upper-case bytes without dots or spaces: `f31.81` → `F3181`.
    static func icd10Bytes(_ code: String) -> [UInt8] {
        var result: [UInt8] = []
        for byte in code.utf8 where byte != UInt8(ascii: ".") && byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") {
            result.append((byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) ? byte - 32 : byte)
        }
        return result
    }

    /// Packs up to 8 bytes into an integer, first byte most significant.
    static func pack(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var key: UInt64 = 0
        for byte in bytes { key = key << 8 | UInt64(byte) }
        return key
    }

    /// A SNOMED CT concept id (digits only, at most 18, surrounding spaces ignored) as an integer.
    static func snomedKey(_ code: String) -> UInt64? {
        var value: UInt64 = 0
        var digits = 0
        var ended = false
        for byte in code.utf8 {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                if digits > 0 { ended = true }
                continue
            }
            guard !ended, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 18 else { return nil }
            value = value * 10 + UInt64(byte - UInt8(ascii: "0"))
            digits += 1
        }
        return digits > 0 ? value : nil
    }
}

