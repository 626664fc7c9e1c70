// SPDX-License-Identifier: Apache-2.0

/// The staging and trial-counting tables (`staging.json`): outcome-instrument preference,
/// Thase–Rush class rules, Maudsley Staging Method points, MGH-s points, severity codes and
/// the thresholds of the TRD definitions. Every value carries its sources.
public struct TreatmentTables: Codable, Sendable, Equatable {
    /// File version.
    public var version: String {
        get { box.fields.version }
        set { box.mutate { $0.version = newValue } }
    }
    /// Sources cited by the file.
    public var sources: [SourceCitation] {
        get { box.fields.sources }
        set { box.mutate { $0.sources = newValue } }
    }
    /// Depression instruments in order of preference for measuring a trial's outcome.
    public var outcomeInstruments: Sourced<[String]> {
        get { box.fields.outcomeInstruments }
        set { box.mutate { $0.outcomeInstruments = newValue } }
    }
    /// How many days before a trial's start its baseline score may lie (a labelled project decision);
    /// `nil` when the file sets none (then any earlier score is a baseline, as before).
    public var outcomeBaselineMaxDays: Sourced<Int>? {
        get { box.fields.outcomeBaselineMaxDays }
        set { box.mutate { $0.outcomeBaselineMaxDays = newValue } }
    }
    /// Thase–Rush class rules.
    public var thaseRush: ThaseRushTable {
        get { box.fields.thaseRush }
        set { box.mutate { $0.thaseRush = newValue } }
    }
    /// Maudsley Staging Method points.
    public var maudsley: MaudsleyTable {
        get { box.fields.maudsley }
        set { box.mutate { $0.maudsley = newValue } }
    }
    /// Diagnosis codes that carry severity and psychotic features.
    public var severityCodes: [SeverityCode] {
        get { box.fields.severityCodes }
        set { box.mutate { $0.severityCodes = newValue } }
    }
    /// Mapping from a baseline depression score to an MSM severity (project decision).
    public var scaleSeverity: [ScaleSeverity] {
        get { box.fields.scaleSeverity }
        set { box.mutate { $0.scaleSeverity = newValue } }
    }
    /// MGH staging points.
    public var mgh: MGHTable {
        get { box.fields.mgh }
        set { box.mutate { $0.mgh = newValue } }
    }
    /// Weeks at the minimum dose after which an augmentation/combination trial is adequate.
    public var augmentationAdequateWeeks: Sourced<Double> {
        get { box.fields.augmentationAdequateWeeks }
        set { box.mutate { $0.augmentationAdequateWeeks = newValue } }
    }
    /// Karolinska model: minimum days for a trial to count (more than 28).
    public var karolinskaMinimumDays: Sourced<Int> {
        get { box.fields.karolinskaMinimumDays }
        set { box.mutate { $0.karolinskaMinimumDays = newValue } }
    }
    /// EU-PEARL: weeks at adequate dose before a trial can count as a failure.
    public var euPearlMinimumWeeks: Sourced<Double> {
        get { box.fields.euPearlMinimumWeeks }
        set { box.mutate { $0.euPearlMinimumWeeks = newValue } }
    }
    /// EU-PEARL: improvement below this percent is a failure.
    public var euPearlFailureImprovementBelow: Sourced<Double> {
        get { box.fields.euPearlFailureImprovementBelow }
        set { box.mutate { $0.euPearlFailureImprovementBelow = newValue } }
    }
    /// Canadian consensus: weeks at adequate dose.
    public var canadianMinimumWeeks: Sourced<Double> {
        get { box.fields.canadianMinimumWeeks }
        set { box.mutate { $0.canadianMinimumWeeks = newValue } }
    }
    /// Canadian consensus: improvement below this percent is non-response.
    public var canadianNonResponseBelow: Sourced<Double> {
        get { box.fields.canadianNonResponseBelow }
        set { box.mutate { $0.canadianNonResponseBelow = newValue } }
    }
    /// Failures needed for TRD under the count-based definitions.
    public var trdMinimumFailures: Sourced<Int> {
        get { box.fields.trdMinimumFailures }
        set { box.mutate { $0.trdMinimumFailures = newValue } }
    }

    /// The stored values, shared by every copy (one retain per copy; a setter copies first).
    private var box: SharedFields<Fields>

    /// Decodes `staging.json`.
    public init(from decoder: any Decoder) throws { box = SharedFields(try Fields(from: decoder)) }

    /// Encodes the tables as `staging.json` writes them.
    public func encode(to encoder: any Encoder) throws { try box.fields.encode(to: encoder) }

    public static func == (lhs: TreatmentTables, rhs: TreatmentTables) -> Bool {
        lhs.box.isIdentical(to: rhs.box) || lhs.box.fields == rhs.box.fields
    }

    struct Fields: Codable, Sendable, Equatable {
        /// File version.
        var version: String
        /// Sources cited by the file.
        var sources: [SourceCitation]
        /// Depression instruments in order of preference for measuring a trial's outcome.
        var outcomeInstruments: Sourced<[String]>
        /// Days before a trial's start a baseline score may lie.
        var outcomeBaselineMaxDays: Sourced<Int>?
        /// Thase–Rush class rules.
        var thaseRush: ThaseRushTable
        /// Maudsley Staging Method points.
        var maudsley: MaudsleyTable
        /// Diagnosis codes that carry severity and psychotic features.
        var severityCodes: [SeverityCode]
        /// Mapping from a baseline depression score to an MSM severity (project decision).
        var scaleSeverity: [ScaleSeverity]
        /// MGH staging points.
        var mgh: MGHTable
        /// Weeks at the minimum dose after which an augmentation/combination trial is adequate.
        var augmentationAdequateWeeks: Sourced<Double>
        /// Karolinska model: minimum days for a trial to count (more than 28).
        var karolinskaMinimumDays: Sourced<Int>
        /// EU-PEARL: weeks at adequate dose before a trial can count as a failure.
        var euPearlMinimumWeeks: Sourced<Double>
        /// EU-PEARL: improvement below this percent is a failure.
        var euPearlFailureImprovementBelow: Sourced<Double>
        /// Canadian consensus: weeks at adequate dose.
        var canadianMinimumWeeks: Sourced<Double>
        /// Canadian consensus: improvement below this percent is non-response.
        var canadianNonResponseBelow: Sourced<Double>
        /// Failures needed for TRD under the count-based definitions.
        var trdMinimumFailures: Sourced<Int>
        /// `severityCodes` keyed by system and normalised code, built when the tables load.
        var severityIndex: [String: Int] = [:]
        /// The ICD-10-CM entries of `severityIndex` whose normalised code packs into 8 bytes
        /// (``packedICD10(_:)``), as a table of positions into `severityICD10Positions`.
        var severityICD10 = PackedKeyTable([])
        var severityICD10Positions: [Int] = []

        enum CodingKeys: String, CodingKey {
            case version, sources, outcomeInstruments, outcomeBaselineMaxDays, thaseRush, maudsley, severityCodes, scaleSeverity, mgh
            case augmentationAdequateWeeks, karolinskaMinimumDays, euPearlMinimumWeeks, euPearlFailureImprovementBelow
            case canadianMinimumWeeks, canadianNonResponseBelow, trdMinimumFailures
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            version = try c.decode(String.self, forKey: .version)
            sources = try c.decode([SourceCitation].self, forKey: .sources)
            outcomeInstruments = try c.decode(Sourced<[String]>.self, forKey: .outcomeInstruments)
            outcomeBaselineMaxDays = try c.decodeIfPresent(Sourced<Int>.self, forKey: .outcomeBaselineMaxDays)
            thaseRush = try c.decode(ThaseRushTable.self, forKey: .thaseRush)
            maudsley = try c.decode(MaudsleyTable.self, forKey: .maudsley)
            severityCodes = try c.decode([SeverityCode].self, forKey: .severityCodes)
            scaleSeverity = try c.decode([ScaleSeverity].self, forKey: .scaleSeverity)
            mgh = try c.decode(MGHTable.self, forKey: .mgh)
            augmentationAdequateWeeks = try c.decode(Sourced<Double>.self, forKey: .augmentationAdequateWeeks)
            karolinskaMinimumDays = try c.decode(Sourced<Int>.self, forKey: .karolinskaMinimumDays)
            euPearlMinimumWeeks = try c.decode(Sourced<Double>.self, forKey: .euPearlMinimumWeeks)
            euPearlFailureImprovementBelow = try c.decode(Sourced<Double>.self, forKey: .euPearlFailureImprovementBelow)
            canadianMinimumWeeks = try c.decode(Sourced<Double>.self, forKey: .canadianMinimumWeeks)
            canadianNonResponseBelow = try c.decode(Sourced<Double>.self, forKey: .canadianNonResponseBelow)
            trdMinimumFailures = try c.decode(Sourced<Int>.self, forKey: .trdMinimumFailures)
            var packedKeys: [UInt64] = []
            for (position, entry) in severityCodes.enumerated() {
                let key = Self.key(entry.code, system: entry.system)
                if severityIndex[key] == nil {
                    severityIndex[key] = position
                    // Packing is one-to-one on the normalised codes it accepts: no two entries share a key.
                    if entry.system == .icd10, let packed = Self.packedICD10(entry.code) {
                        packedKeys.append(packed)
                        severityICD10Positions.append(position)
                    }
                }
            }
            severityICD10 = PackedKeyTable(packedKeys)
        }

        /// The ICD-10-CM code as ``key(_:system:)`` normalises it (spaces and dots dropped, ASCII
        /// upper-cased), packed into an integer first byte most significant; `nil` unless it is 1 to 8
        /// ASCII bytes other than NUL (those codes use the string key).
        static func packedICD10(_ code: String) -> UInt64? {
            var packed: UInt64 = 0
            var length = 0
            for byte in code.utf8 {
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: ".") { continue }
                guard byte != 0, byte < 0x80, length < 8 else { return nil }
                packed = packed << 8 | UInt64(byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte)
                length += 1
            }
            return length > 0 ? packed : nil
        }

        static func key(_ code: String, system: CodeSystem) -> String {
            let prefix = system.rawValue.utf8
            let utf8 = code.utf8
            let capacity = prefix.count + 1 + utf8.count
            if capacity <= 64 {
                // ASCII (every real code): upper-cased byte by byte on the stack, no intermediate strings.
                let skipDot = system == .icd10
                let fast: String? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
                    var length = 0
                    for byte in prefix {
                        buffer[length] = byte
                        length += 1
                    }
                    buffer[length] = UInt8(ascii: "|")
                    length += 1
                    for byte in utf8 {
                        if byte >= 0x80 { return nil }
                        if byte == UInt8(ascii: " ") || (skipDot && byte == UInt8(ascii: ".")) { continue }
                        buffer[length] = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte
                        length += 1
                    }
                    return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<length]), as: UTF8.self)
                }
                if let fast { return fast }
            }
            var normalised = ""
            for character in code.uppercased() where character != " " && !(system == .icd10 && character == ".") {
                normalised.append(character)
            }
            return "\(system.rawValue)|\(normalised)"
        }
    }

    /// Loads the bundled `staging.json`.
    ///
    /// - Throws: ``StepwiseError`` (``StepwiseError/Code/knowledgeBase``) when it is missing or malformed.
    public static func bundled() throws -> TreatmentTables {
        try KnowledgeResource.load("staging", as: TreatmentTables.self)
    }

    /// The bundled tables loaded once per process, or `nil` when the file is broken (used only by
    /// catalogues built in tests without explicit tables).
    static let cached: TreatmentTables? = try? bundled()

    /// The severity and psychotic features a diagnosis code carries, when catalogued.
    ///
    /// ICD-10-CM codes match with or without the dot and in any case (`F33.2`, `f332`). Without a
    /// system, a code starting with a digit is read as SNOMED CT, otherwise as ICD-10-CM.
    public func severity(code: String, system: CodeSystem?) -> SeverityCode? {
        let resolved = system ?? (code.utf8.first.map { $0 >= 48 && $0 <= 57 } == true ? .snomed : .icd10)
        // An ICD-10-CM code of up to 8 characters is found without building its string key.
        if resolved == .icd10, let packed = Fields.packedICD10(code) {
            let fields = box.fields
            guard let slot = fields.severityICD10.position(of: packed) else { return nil }
            return fields.severityCodes[fields.severityICD10Positions[slot]]
        }
        guard let position = box.fields.severityIndex[Fields.key(code, system: resolved)] else { return nil }
        return box.fields.severityCodes[position]
    }

    /// ``severity(code:system:)`` through the string key alone (kept to test the packed table against).
    func severityByKey(code: String, system: CodeSystem?) -> SeverityCode? {
        let resolved = system ?? (code.utf8.first.map { $0 >= 48 && $0 <= 57 } == true ? .snomed : .icd10)
        guard let position = box.fields.severityIndex[Fields.key(code, system: resolved)] else { return nil }
        return box.fields.severityCodes[position]
    }
}

/// Thase–Rush rules.
public struct ThaseRushTable: Codable, Sendable, Equatable {
    /// Drug classes that count as tricyclic for stage III.
    public var tcaClasses: Sourced<[String]>
    /// Drug classes that count as MAOI for stage IV.
    public var maoiClasses: Sourced<[String]>
    /// ECT placements that count as bilateral for stage V.
    public var bilateralECT: Sourced<[String]>
    /// Source ids for the model.
    public var sources: [String]
}

/// Maudsley Staging Method table.
public struct MaudsleyTable: Codable, Sendable, Equatable {
    /// Duration bands (completed months; the last band has no maximum).
    public var duration: [DurationBand]
    /// Severity points.
    public var severity: [SeverityPoints]
    /// Antidepressant failure levels (the last has no maximum).
    public var antidepressants: [FailureLevel]
    /// Points when no antidepressant failed (project decision).
    public var noFailurePoints: Sourced<Int>
    /// Points when augmentation was used and failed.
    public var augmentationPoints: Sourced<Int>
    /// Points when ECT was used and failed.
    public var ectPoints: Sourced<Int>
    /// Total bands.
    public var bands: [TotalBand]
    /// Source ids for the model.
    public var sources: [String]

    /// A duration band.
    public struct DurationBand: Codable, Sendable, Equatable {
        /// Highest completed month in the band; `nil` for the open last band.
        public var maxMonths: Int?
        /// Points.
        public var points: Int
        /// `acute`, `sub-acute` or `chronic`.
        public var label: String
        /// Source ids.
        public var sources: [String]
    }

    /// Points for a severity category.
    public struct SeverityPoints: Codable, Sendable, Equatable {
        /// `subsyndromal`, `mild`, `moderate`, `severe`, `severe-psychotic`.
        public var severity: String
        /// Points.
        public var points: Int
        /// Source ids.
        public var sources: [String]
    }

    /// Points for a number of failed antidepressants.
    public struct FailureLevel: Codable, Sendable, Equatable {
        /// Highest failure count in the level; `nil` for the open last level.
        public var maxFailures: Int?
        /// Points.
        public var points: Int
        /// Source ids.
        public var sources: [String]
    }

    /// A band of totals.
    public struct TotalBand: Codable, Sendable, Equatable {
        /// Highest total in the band.
        public var maxTotal: Int
        /// `mild`, `moderate` or `severe`.
        public var band: String
        /// Source ids.
        public var sources: [String]
    }
}

/// A diagnosis code with the severity it carries.
public struct SeverityCode: Codable, Sendable, Equatable {
    /// Code system.
    public var system: CodeSystem
    /// The code (`F33.2`, `36474008`).
    public var code: String
    /// Severity.
    public var severity: EpisodeSeverity
    /// Whether the code means psychotic features.
    public var psychotic: Bool
    /// Source ids.
    public var sources: [String]
}

/// Score bands of one instrument mapped to MSM severity categories.
public struct ScaleSeverity: Codable, Sendable, Equatable {
    /// Instrument id.
    public var instrument: String
    /// Bands in ascending order.
    public var bands: [Band]
    /// Source ids.
    public var sources: [String]
    /// Note.
    public var note: String?

    /// Totals up to `max` map to `severity`.
    public struct Band: Codable, Sendable, Equatable {
        /// Highest total in the band.
        public var max: Int
        /// Severity.
        public var severity: EpisodeSeverity
    }

    /// The severity for `total`, or `nil` when above every band.
    public func severity(for total: Int) -> EpisodeSeverity? {
        bands.first { total <= $0.max }?.severity
    }
}

/// MGH staging points.
public struct MGHTable: Codable, Sendable, Equatable {
    /// Per failed adequate antidepressant trial.
    public var perFailedTrial: Sourced<Double>
    /// Per trial with dose optimisation.
    public var perOptimisation: Sourced<Double>
    /// Per failed augmentation or combination trial.
    public var perAugmentation: Sourced<Double>
    /// For failed ECT.
    public var failedECT: Sourced<Double>
    /// Source ids.
    public var sources: [String]
}
