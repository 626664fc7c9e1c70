// SPDX-License-Identifier: Apache-2.0

/// The current depressive episode.
public struct Episode: Codable, Sendable, Equatable {
    /// When the episode began, when known.
    public var onset: LocalDate?
    /// The working diagnosis of the episode.
    public var diagnosis: Diagnosis?
    /// Single episode or recurrent disorder, when known.
    public var course: Course?

    /// Creates an episode.
    public init(onset: LocalDate? = nil, diagnosis: Diagnosis? = nil, course: Course? = nil) {
        self.onset = onset
        self.diagnosis = diagnosis
        self.course = course
    }

    /// Single or recurrent course.
    public enum Course: String, Codable, Sendable, CaseIterable {
        case single, recurrent
    }
}

/// The diagnosis of the episode, with severity and psychotic features where known.
public struct Diagnosis: Codable, Sendable, Equatable {
    /// A code, e.g. ICD-10-CM `F33.2` or SNOMED CT `36474008`.
    public var code: String?
    /// The code system: `icd10`, `snomed` (default `icd10` when a code looks like one).
    public var system: CodeSystem?
    /// Human-readable label.
    public var display: String?
    /// Severity as the clinician coded it; when absent Stepwise derives it from the code or a scale.
    public var severity: EpisodeSeverity?
    /// Psychotic features: `true`, `false`, or absent when not assessed.
    public var psychoticFeatures: Bool?

    /// Creates a diagnosis.
    public init(
        code: String? = nil, system: CodeSystem? = nil, display: String? = nil,
        severity: EpisodeSeverity? = nil, psychoticFeatures: Bool? = nil
    ) {
        self.code = code
        self.system = system
        self.display = display
        self.severity = severity
        self.psychoticFeatures = psychoticFeatures
    }
}

/// Episode severity categories (the Maudsley Staging Method's severity dimension uses these).
public enum EpisodeSeverity: String, Codable, Sendable, CaseIterable, Comparable {
    case subsyndromal, mild, moderate, severe

    private var rank: Int {
        switch self {
        case .subsyndromal: 0
        case .mild: 1
        case .moderate: 2
        case .severe: 3
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// Code systems Stepwise reads.
public enum CodeSystem: String, Codable, Sendable, CaseIterable {
    case icd10, snomed, loinc, rxnorm, cpt, stepwise
}
