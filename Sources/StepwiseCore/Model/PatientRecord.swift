// SPDX-License-Identifier: Apache-2.0

/// Everything Stepwise knows about one patient: the input of every assessment.
///
/// This is also Stepwise's native record format (JSON or YAML; see `docs/record-format.md`
/// and `schema/patient-record.schema.json`). FHIR R4 Bundles are mapped into this type.
public struct PatientRecord: Codable, Sendable, Equatable {
    /// A pseudonymous identifier. Never a name or a medical-record number in examples.
    public var id: String
    /// Date of birth, when known (used for age-dependent cautions).
    public var birthDate: LocalDate?
    /// Sex as recorded, used by sex-specific cut-offs (AUDIT-C, STOP-Bang).
    public var sex: Sex?
    /// The current depressive episode.
    public var episode: Episode?
    /// Rating-scale administrations over time.
    public var measurements: [Measurement]
    /// Treatment trials of the current episode (and earlier ones, marked by `episode`).
    public var trials: [TreatmentTrial]
    /// Diagnoses, comorbidities and conditions ruled out.
    public var conditions: [Condition]
    /// Laboratory results.
    public var labs: [LabResult]
    /// Clinician-recorded findings for pseudo-resistance checks (e.g. sleep study negative).
    public var findings: [ClinicalFinding]
    /// Functional goals agreed with the patient.
    public var goals: [FunctionalGoal]

    /// Creates a record.
    public init(
        id: String, birthDate: LocalDate? = nil, sex: Sex? = nil, episode: Episode? = nil,
        measurements: [Measurement] = [], trials: [TreatmentTrial] = [], conditions: [Condition] = [],
        labs: [LabResult] = [], findings: [ClinicalFinding] = [], goals: [FunctionalGoal] = []
    ) {
        self.id = id
        self.birthDate = birthDate
        self.sex = sex
        self.episode = episode
        self.measurements = measurements
        self.trials = trials
        self.conditions = conditions
        self.labs = labs
        self.findings = findings
        self.goals = goals
    }

    enum CodingKeys: String, CodingKey {
        case id, birthDate, sex, episode, measurements, trials, conditions, labs, findings, goals
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        birthDate = try c.decodeIfPresent(LocalDate.self, forKey: .birthDate)
        sex = try c.decodeIfPresent(Sex.self, forKey: .sex)
        episode = try c.decodeIfPresent(Episode.self, forKey: .episode)
        measurements = try c.decodeIfPresent([Measurement].self, forKey: .measurements) ?? []
        trials = try c.decodeIfPresent([TreatmentTrial].self, forKey: .trials) ?? []
        conditions = try c.decodeIfPresent([Condition].self, forKey: .conditions) ?? []
        labs = try c.decodeIfPresent([LabResult].self, forKey: .labs) ?? []
        findings = try c.decodeIfPresent([ClinicalFinding].self, forKey: .findings) ?? []
        goals = try c.decodeIfPresent([FunctionalGoal].self, forKey: .goals) ?? []
    }
}

/// Sex as recorded for sex-specific cut-offs.
public enum Sex: String, Codable, Sendable, CaseIterable {
    case female, male, other, unknown
}
