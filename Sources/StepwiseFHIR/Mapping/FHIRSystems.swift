// SPDX-License-Identifier: Apache-2.0

/// Code-system and extension URIs Stepwise reads and writes.
public enum FHIRSystem {
    /// LOINC.
    public static let loinc = "http://loinc.org"
    /// SNOMED CT.
    public static let snomed = "http://snomed.info/sct"
    /// ICD-10-CM.
    public static let icd10cm = "http://hl7.org/fhir/sid/icd-10-cm"
    /// ICD-10 (WHO); read like ICD-10-CM for the F32/F33 families.
    public static let icd10 = "http://hl7.org/fhir/sid/icd-10"
    /// RxNorm.
    public static let rxnorm = "http://www.nlm.nih.gov/research/umls/rxnorm"
    /// CPT.
    public static let cpt = "http://www.ama-assn.org/go/cpt"
    /// UCUM units.
    public static let ucum = "http://unitsofmeasure.org"
    /// Stepwise's own code system for staging, verdicts and findings (see `docs/fhir.md`).
    public static let stepwise = "http://stepwise.example.org/fhir/CodeSystem/stepwise"
    /// The `ordinalValue` extension (an answer's score).
    public static let ordinalValue = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
    /// The older `iso21090-CO-value` extension, read like `ordinalValue`.
    public static let iso21090COValue = "http://hl7.org/fhir/StructureDefinition/iso21090-CO-value"
    /// Observation categories.
    public static let observationCategory = "http://terminology.hl7.org/CodeSystem/observation-category"
    /// Condition clinical status.
    public static let conditionClinical = "http://terminology.hl7.org/CodeSystem/condition-clinical"
    /// Condition verification status.
    public static let conditionVerification = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
}
