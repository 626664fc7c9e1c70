// SPDX-License-Identifier: Apache-2.0

/// The shape of `conditions.json`.
public struct ConditionFile: Codable, Sendable {
    /// File version.
    public var version: String
    /// Sources cited by the file.
    public var sources: [SourceCitation]
    /// ICD-10-CM codes or category prefixes → categories.
    public var icd10: [CodeMapping]
    /// SNOMED CT concepts → categories.
    public var snomed: [CodeMapping]
    /// Laboratory tests.
    public var labs: [LabDefinition]
    /// How long a normal lab or a negative screen counts as evidence of absence.
    public var evidenceWindowMonths: Sourced<Int>
    /// Pseudo-resistance checks, in report order.
    public var checks: [CheckDefinition]
    /// ICD-10-CM code families read by their intent character (e.g. T36–T65 with `2`, intentional
    /// self-harm), checked before the prefixes.
    public var icd10IntentRules: [ICD10IntentRule]?
}

/// One diagnosis code (ICD-10-CM prefix or SNOMED CT concept) and the category it maps to.
public struct CodeMapping: Codable, Sendable, Equatable {
    /// The code or, for ICD-10-CM, the prefix (`F31`, `F43.1`).
    public var code: String
    /// Stepwise category (`bipolar`, `ptsd`, `mdd`, …).
    public var category: String
    /// `true` when the code itself records psychotic features (`F32.3`, `F33.3`).
    public var psychoticFeatures: Bool?
    /// Human-readable label.
    public var display: String?
    /// Source ids.
    public var sources: [String]
    /// `true` when a resolved condition with this code still counts (a past suicide attempt is a
    /// history of suicidal behaviour); otherwise only an active one does.
    public var countsWhenResolved: Bool?
}

/// An ICD-10-CM code family whose intent is recorded by one character, as in chapter 19's
/// poisoning (T36–T65) and asphyxiation (T71) codes: the 6th character, or the 5th where the 6th is
/// the placeholder `X` (`T43.012A`, `T58.02XA`).
public struct ICD10IntentRule: Codable, Sendable, Equatable {
    /// Stable id (`self-harm-poisoning`).
    public var id: String
    /// First and last three-character category of the family, inclusive (`T36`, `T65`).
    public var firstCategory: String
    public var lastCategory: String
    /// The intent character that matches (`2`: intentional self-harm).
    public var intentCharacter: String
    /// Stepwise category of a matching code (`suicide-risk`).
    public var category: String
    /// Whether a resolved condition with a matching code still counts.
    public var countsWhenResolved: Bool?
    /// Human-readable label.
    public var display: String?
    /// Source ids.
    public var sources: [String]

    /// The mapping a matching code gets.
    var mapping: CodeMapping {
        CodeMapping(
            code: firstCategory == lastCategory ? firstCategory : firstCategory + "–" + lastCategory,
            category: category, psychoticFeatures: nil, display: display, sources: sources,
            countsWhenResolved: countsWhenResolved)
    }

    /// The rule prepared for look-ups (categories and intent as integers), or `nil` when a category is
    /// not three characters or the intent is empty. ``ConditionCatalog`` prepares each rule once.
    var matcher: ICD10IntentMatcher? {
        guard let first = ICD10IntentMatcher.key(firstCategory), let last = ICD10IntentMatcher.key(lastCategory),
            let intent = intentCharacter.utf8.first
        else { return nil }
        return ICD10IntentMatcher(first: first, last: last, intent: intent, mapping: mapping)
    }
}

/// An ``ICD10IntentRule`` ready for matching: its categories as integers, its intent as a byte.
struct ICD10IntentMatcher: Sendable {
    let first: UInt32
    let last: UInt32
    let intent: UInt8
    /// The mapping a matching code gets.
    let mapping: CodeMapping

    /// Whether `bytes` (upper-case, without dots or spaces, as ``ConditionCatalog`` reads a code)
    /// belong to the family and carry the intent character. A code too short to have an intent
    /// character (`T43.02`, a heading) does not match.
    func matches(_ bytes: UnsafeRawBufferPointer, count: Int) -> Bool {
        guard count >= 6 else { return false }
        let code = Self.key(bytes[0], bytes[1], bytes[2])
        guard first <= code, code <= last else { return false }
        let sixth = bytes[5]
        return (sixth == UInt8(ascii: "X") ? bytes[4] : sixth) == intent
    }

    /// A three-character category as one integer, first character most significant.
    static func key(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt32 {
        UInt32(a) << 16 | UInt32(b) << 8 | UInt32(c)
    }

    static func key(_ category: String) -> UInt32? {
        let utf8 = Array(category.utf8)
        return utf8.count == 3 ? key(utf8[0], utf8[1], utf8[2]) : nil
    }
}

/// A laboratory test Stepwise interprets, with its codes, units and thresholds.
public struct LabDefinition: Codable, Sendable, Equatable {
    /// Stepwise id (`tsh`, `vitamin-d-25oh`, `lithium`).
    public var id: String
    /// Human-readable name.
    public var title: String
    /// LOINC codes that identify the test.
    public var loinc: [String]
    /// Other names accepted in records (lower-case).
    public var aliases: [String]
    /// The unit thresholds are written in.
    public var unit: String
    /// Accepted units and how to convert them to ``unit`` (value ÷ `divideBy`).
    public var units: [LabUnit]
    /// Whether a result without a unit is read in ``unit`` (only where every usual unit is
    /// numerically equal, as for TSH); otherwise it cannot be interpreted.
    public var unitAssumedWhenMissing: Bool
    /// A value strictly below this is abnormal (low).
    public var below: Sourced<Double>?
    /// A value strictly above this is abnormal (high).
    public var above: Sourced<Double>?
    /// The pseudo-resistance check this lab informs.
    public var check: String?
    /// The LOINC long name of the first code in ``loinc``, when Stepwise may suggest ordering the test
    /// (CDS Hooks patient-view); `nil` for a test it never suggests.
    public var orderDisplay: String?
    /// Source ids for the codes.
    public var sources: [String]

    /// Reads `result` in the canonical unit and compares it with the thresholds.
    public func read(_ result: LabResult) -> LabReading {
        var value = result.value
        var unitNote: String?
        if let given = result.unit.map(ConditionCatalog.lowercasedTrimmed), !given.isEmpty {
            guard let match = units.first(where: { $0.unit.lowercased() == given }), match.divideBy > 0 else {
                return LabReading(value: value, unit: result.unit ?? "", status: .unitUnknown, sources: sources, note: nil)
            }
            value = result.value / match.divideBy
            if match.divideBy != 1 { unitNote = "converted from " + (result.unit ?? "") }
        } else if unitAssumedWhenMissing {
            unitNote = "no unit given; read as " + unit
        } else {
            return LabReading(value: value, unit: "", status: .unitUnknown, sources: sources, note: nil)
        }
        guard value.isFinite else {
            return LabReading(value: value, unit: unit, status: .unitUnknown, sources: sources, note: nil)
        }
        if let below, value < below.value {
            return LabReading(value: value, unit: unit, status: .low, sources: below.sources, note: unitNote)
        }
        if let above, value > above.value {
            return LabReading(value: value, unit: unit, status: .high, sources: above.sources, note: unitNote)
        }
        let thresholdSources = (below?.sources ?? []) + (above?.sources ?? [])
        return LabReading(value: value, unit: unit, status: .normal, sources: thresholdSources, note: unitNote)
    }
}

/// An accepted unit and its conversion to the canonical unit.
public struct LabUnit: Codable, Sendable, Equatable {
    /// The unit as labs write it.
    public var unit: String
    /// Divide a value in this unit by this to get the canonical unit.
    public var divideBy: Double
    /// Source ids for the conversion.
    public var sources: [String]
}

/// A lab value read against its thresholds.
public struct LabReading: Sendable, Equatable {
    /// The value in the canonical unit.
    public var value: Double
    /// The canonical unit.
    public var unit: String
    /// Low, normal, high, or unreadable (unknown or missing unit).
    public var status: Status
    /// Sources of the threshold applied.
    public var sources: [String]
    /// How the unit was handled, when noteworthy.
    public var note: String?

    /// Whether the value is outside the range.
    public var isAbnormal: Bool { status == .low || status == .high }

    /// A lab value's status.
    public enum Status: String, Sendable, Equatable {
        case low, normal, high
        case unitUnknown = "unit-unknown"
    }
}

/// One pseudo-resistance check: which conditions, screens and labs inform it, and what to suggest.
public struct CheckDefinition: Codable, Sendable, Equatable {
    /// Stable id (`bipolar-spectrum`, `thyroid`, …).
    public var id: String
    /// Human-readable title.
    public var title: String
    /// Condition categories that make the check present when active.
    public var categories: [String]
    /// Screening instruments that inform the check.
    public var screens: [ScreenRule]
    /// How to assess it when nothing is recorded (e.g. "Screen with the MDQ").
    public var howToAssess: String
    /// What to do when it is present.
    public var action: String
    /// Source ids.
    public var sources: [String]
    /// `true` when including the check is a project decision.
    public var projectDecision: Bool?
    /// `true` when a resolved (not ruled-out) diagnosis in one of the check's categories still makes
    /// the check present, as a history: a lifelong disorder such as bipolar disorder, whose
    /// "resolved" or "in remission" diagnosis means the episode ended, not the disorder. Otherwise a
    /// resolved diagnosis counts as a clinician "absent" judgement.
    public var countsWhenResolved: Sourced<Bool>?
}

/// How a screening instrument's result counts for a check.
public struct ScreenRule: Codable, Sendable, Equatable {
    /// Instrument id (`mdq`, `pcl5`, `gad7`).
    public var instrument: String
    /// Display name used in evidence (`MDQ`); the id when absent.
    public var name: String?
    /// Flags that make the screen positive (`screen-positive`, `ptsd-provisional`).
    public var positiveFlags: [String]
    /// Flags that make it negative; when absent, a scored administration without a positive flag
    /// is negative.
    public var negativeFlags: [String]?
    /// A total at or above this is positive (used instead of flags, e.g. GAD-7 ≥ 10).
    public var positiveAtOrAbove: Sourced<Int>?
    /// Source ids.
    public var sources: [String]
}
