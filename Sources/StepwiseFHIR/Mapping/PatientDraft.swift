// SPDX-License-Identifier: Apache-2.0

import StepwiseCore

/// What has been mapped for one patient so far, before measurements are merged and medication
/// orders are joined into trials.
struct PatientDraft {
    var id: String
    var birthDate: LocalDate?
    var sex: Sex?
    var scoreParts: [ScorePart] = []
    var medicationSegments: [MedicationSegment] = []
    var dispenses: [DispenseFill] = []
    var conditions: [Condition] = []
    var depression: [DepressionDiagnosis] = []
    var labs: [LabResult] = []
    var sessions: [TreatmentSession] = []

    init(id: String) { self.id = id }
}

/// A score, or part of one, from an Observation, an Observation component or a
/// QuestionnaireResponse.
struct ScorePart {
    enum Value {
        /// A total score of a known instrument.
        case total(instrument: String, value: Int)
        /// An item answer; the instrument may be ambiguous (PHQ-2 and PHQ-9 share items 1–2).
        case item(candidates: [MappingVocabulary.ItemRef], value: Int)
    }

    var value: Value
    var date: LocalDate
    /// `Observation/abc` or `QuestionnaireResponse/xyz`.
    var source: String
    /// Whether it came from a QuestionnaireResponse (its id becomes the measurement's id).
    var fromQuestionnaireResponse: Bool

    /// Whether it is a total score (not an item answer).
    var isTotal: Bool {
        if case .total = value { true } else { false }
    }
}

/// One medication statement, order or fill, normalised.
struct MedicationSegment {
    var drug: String
    var start: LocalDate
    var end: LocalDate?
    /// Total daily dose; `nil` when unknown.
    var mgPerDay: Double?
    /// FHIR status (`active`, `completed`, `stopped`, …).
    var status: String
    var stopReason: StopReason?
    var source: String
    /// Whether this segment was built from a dispense (used only when no order exists).
    var fromDispense: Bool = false
}

/// One pharmacy fill.
struct DispenseFill {
    var drug: String
    var date: LocalDate
    var daysSupply: Int
    var source: String
}

/// A depression diagnosis read from a Condition.
struct DepressionDiagnosis {
    var diagnosis: Diagnosis
    var course: Episode.Course?
    var onset: LocalDate?
    var recorded: LocalDate?
    var source: String
}

/// One psychotherapy, ECT, rTMS or iTBS session.
struct TreatmentSession {
    var kind: TreatmentTrial.Kind
    var modality: String
    var date: LocalDate
    var laterality: ECTLaterality?
    var source: String
}
