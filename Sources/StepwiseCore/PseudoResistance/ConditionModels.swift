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
