// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore

/// Conditions: every coded condition becomes a record condition (its category is derived from the
/// code by the knowledge base); major depressive disorder codes also give the episode's diagnosis
/// with severity, psychotic features and single/recurrent course.
extension MappingRun {
    mutating func mapCondition(_ condition: R4.Condition, _ input: MappingInput) {
        let verification = condition.verificationStatus?.coding(system: FHIRSystem.conditionVerification)?.code
            ?? condition.verificationStatus?.coding?.first?.code
        if verification == "entered-in-error" {
            issue(input, "verificationStatus", "verification status is entered-in-error; not used")
            return
        }
        guard let index = draft(for: condition.subject, input) else { return }
        let icd = condition.code?.coding?.first { ($0.system == FHIRSystem.icd10cm || $0.system == FHIRSystem.icd10) && $0.code != nil }
        let snomed = condition.code?.coding(system: FHIRSystem.snomed)
        guard let coding = icd ?? snomed, let code = coding.code?.trimmingWhitespace, !code.isEmpty else {
            issue(
                input, "code",
                "no ICD-10-CM or SNOMED CT code; a condition is recognised only by code; not used", patient: drafts[index].id)
            return
        }
        let system: CodeSystem = icd != nil ? .icd10 : .snomed
        let clinical = condition.clinicalStatus?.coding(system: FHIRSystem.conditionClinical)?.code
            ?? condition.clinicalStatus?.coding?.first?.code
        let status: Condition.Status
        if verification == "refuted" {
            status = .ruledOut
        } else {
            switch clinical {
            case "inactive", "remission", "resolved": status = .resolved
            default: status = .active
            }
        }
        var onset: LocalDate?
        if let text = condition.onsetDateTime ?? condition.onsetPeriod?.start {
            onset = day(text, input, condition.onsetDateTime != nil ? "onsetDateTime" : "onsetPeriod.start")
        }
        var recorded: LocalDate?
        if let text = condition.recordedDate { recorded = day(text, input, "recordedDate") }
        let display = coding.display ?? condition.code?.text
        drafts[index].conditions.append(
            Condition(
                code: code, system: system, category: knowledge.conditions.category(forCode: code, system: system),
                display: display, status: status, date: onset ?? recorded))
        if status == .active, let parsed = DepressionCode.read(code: code, system: system) {
            var diagnosis = parsed.diagnosis
            diagnosis.display = display
            drafts[index].depression.append(
                DepressionDiagnosis(diagnosis: diagnosis, course: parsed.course, onset: onset, recorded: recorded, source: input.label))
        }
    }
}

/// Major depressive disorder codes → diagnosis severity, psychotic features and course.
///
/// ICD-10-CM (CDC tabular list FY2026, reference C.1): F32.x single episode, F33.x recurrent;
/// .0 mild, .1 moderate, .2 severe without and .3 severe with psychotic features; F32.4/F32.5 and
/// F33.4x in remission, F32.9/F33.9/F32.A/F32.89/F33.8 unspecified or other (severity unknown).
/// F32.81 is premenstrual dysphoric disorder, not a major depressive episode: it sets no episode diagnosis.
/// SNOMED CT concepts from the VSAC "Major Depression Including Remission" value set (C.2).
enum DepressionCode {
    static func read(code: String, system: CodeSystem) -> (diagnosis: Diagnosis, course: Episode.Course?)? {
        switch system {
        case .icd10: return icd10(code)
        case .snomed: return snomed[code].map { (Diagnosis(code: code, system: .snomed, severity: $0.severity, psychoticFeatures: $0.psychotic), $0.course) }
        default: return nil
        }
    }

    private static func icd10(_ raw: String) -> (Diagnosis, Episode.Course?)? {
        let code = normalizedICD10(raw)
        let course: Episode.Course
        if code == "F3281" {
            return nil
        } else if code.hasPrefix("F32") {
            course = .single
        } else if code.hasPrefix("F33") {
            course = .recurrent
        } else {
            return nil
        }
        let rest = code.dropFirst(3)
        var severity: EpisodeSeverity?
        var psychotic: Bool?
        switch rest {
        case "0": severity = .mild
        case "1": severity = .moderate
        case "2":
            severity = .severe
            psychotic = false
        case "3":
            severity = .severe
            psychotic = true
        default: break
        }
        let display = raw.trimmingWhitespace
        return (Diagnosis(code: display, system: .icd10, severity: severity, psychoticFeatures: psychotic), course)
    }

    /// `raw` upper-cased with its dots removed: the same string as
    /// `raw.uppercased().replacingOccurrences(of: ".", with: "")`, by a byte loop when `raw` is
    /// ASCII (every real code) instead of through Foundation's string bridge.
    static func normalizedICD10(_ raw: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.utf8.count)
        for byte in raw.utf8 {
            guard byte < 0x80 else { return raw.uppercased().replacingOccurrences(of: ".", with: "") }
            if byte == UInt8(ascii: ".") { continue }
            bytes.append(byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 0x20 : byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private struct Entry {
        var severity: EpisodeSeverity?
        var psychotic: Bool?
        var course: Episode.Course?
    }

    private static let snomed: [String: Entry] = [
        "370143000": Entry(severity: nil, psychotic: nil, course: nil),
        "36923009": Entry(severity: nil, psychotic: nil, course: .single),
        "79298009": Entry(severity: .mild, psychotic: nil, course: .single),
        "15639000": Entry(severity: .moderate, psychotic: nil, course: .single),
        "76441001": Entry(severity: .severe, psychotic: false, course: .single),
        "191604000": Entry(severity: .severe, psychotic: true, course: .single),
        "20250007": Entry(severity: .severe, psychotic: true, course: .single),
        "70747007": Entry(severity: nil, psychotic: nil, course: .single),
        "66344007": Entry(severity: nil, psychotic: nil, course: .recurrent),
        "40379007": Entry(severity: .mild, psychotic: nil, course: .recurrent),
        "18818009": Entry(severity: .moderate, psychotic: nil, course: .recurrent),
        "36474008": Entry(severity: .severe, psychotic: false, course: .recurrent),
        "28475009": Entry(severity: .severe, psychotic: true, course: .recurrent),
        "268621008": Entry(severity: nil, psychotic: nil, course: .recurrent),
        "2618002": Entry(severity: nil, psychotic: nil, course: .recurrent),
    ]
}
