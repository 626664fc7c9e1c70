// SPDX-License-Identifier: Apache-2.0

/// A diagnosis, comorbidity or medical condition, or one that was ruled out.
public struct Condition: Codable, Sendable, Equatable {
    /// A code (ICD-10-CM such as `F31.81`, or SNOMED CT), when known.
    public var code: String?
    /// The code system, when a code is given.
    public var system: CodeSystem?
    /// A Stepwise category such as `bipolar`, `adhd`, `ptsd`, `anxiety`, `substance-use`,
    /// `personality-disorder`, `hypothyroidism`, `sleep-apnea`, `vitamin-d-deficiency`.
    /// When absent it is derived from the code through the knowledge base.
    public var category: String?
    /// Human-readable label.
    public var display: String?
    /// Active, resolved, or ruled out after assessment.
    public var status: Status?
    /// When it was recorded or ruled out.
    public var date: LocalDate?

    /// Creates a condition.
    public init(
        code: String? = nil, system: CodeSystem? = nil, category: String? = nil, display: String? = nil,
        status: Status? = nil, date: LocalDate? = nil
    ) {
        self.code = code
        self.system = system
        self.category = category
        self.display = display
        self.status = status
        self.date = date
    }

    /// Clinical status.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case active, resolved
        case ruledOut = "ruled-out"
    }

    /// The status, defaulting to active.
    public var effectiveStatus: Status { status ?? .active }
}

/// A laboratory result.
public struct LabResult: Codable, Sendable, Equatable {
    /// Stepwise test id: `tsh`, `free-t4`, `vitamin-d-25oh`, `lithium`, `sodium`, … or a LOINC code.
    public var test: String
    /// The numeric value.
    public var value: Double
    /// The unit as reported (`mIU/L`, `ng/mL`, `nmol/L`, `mmol/L`).
    public var unit: String?
    /// The sample date.
    public var date: LocalDate

    /// Creates a lab result.
    public init(test: String, value: Double, unit: String? = nil, date: LocalDate) {
        self.test = test
        self.value = value
        self.unit = unit
        self.date = date
    }
}

/// A clinician's finding for one pseudo-resistance check, when no code or scale records it
/// (e.g. "sleep study negative", "adherence discussed: taking as prescribed").
public struct ClinicalFinding: Codable, Sendable, Equatable {
    /// The pseudo-resistance check id (see `stepwise explain`), e.g. `sleep-apnea`.
    public var check: String
    /// `present` or `absent`.
    public var status: FindingStatus
    /// When it was assessed.
    public var date: LocalDate?
    /// How it was assessed (e.g. `polysomnography`, `structured interview`).
    public var method: String?

    /// Creates a finding.
    public init(check: String, status: FindingStatus, date: LocalDate? = nil, method: String? = nil) {
        self.check = check
        self.status = status
        self.date = date
        self.method = method
    }

    /// A finding's status.
    public enum FindingStatus: String, Codable, Sendable, CaseIterable {
        case present, absent
    }
}

/// A functional goal agreed with the patient (e.g. "back to work part-time").
public struct FunctionalGoal: Codable, Sendable, Equatable {
    /// The goal in the patient's words.
    public var description: String
    /// When it was set.
    public var set: LocalDate?
    /// Target date, when agreed.
    public var target: LocalDate?
    /// `active`, `met` or `dropped`.
    public var status: String?

    /// Creates a goal.
    public init(description: String, set: LocalDate? = nil, target: LocalDate? = nil, status: String? = nil) {
        self.description = description
        self.set = set
        self.target = target
        self.status = status
    }
}
