// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore

/// One mapping pass: resolves subjects to patients, maps each resource into that patient's
/// draft, then assembles records (measurements merged by instrument and day, medication orders
/// joined into trials, sessions into courses).
struct MappingRun {
    let mapper: FHIRRecordMapper
    var issues: [FHIRMappingIssue] = []
    /// Drafts in first-seen order.
    var drafts: [PatientDraft] = []
    private var draftIndex: [String: Int] = [:]
    /// Reference keys (`Patient/x`, full URLs) → record id.
    private var patientKeys: [String: String] = [:]
    /// Patient input (its ordinal) → record id.
    private var patientPositions: [Int: String] = [:]
    /// Reference text already found in `patientKeys` → its draft's index: a patient's further
    /// resources (most of them) cost one look-up instead of two (an entry of `patientKeys` is never
    /// replaced once mapping starts, and drafts are only appended, so the index stays right).
    private var referenceDrafts: [String: Int] = [:]
    /// Medication resources by reference key, for `medicationReference`.
    var medications: [String: R4.Medication] = [:]
    /// Resources that were not used for lack of a mapping, counted per kind, reported once each.
    var unused: [String: (first: String, count: Int, reason: String)] = [:]
    private var unusedOrder: [String] = []

    /// The mapper's vocabulary and knowledge, stored (not read through `mapper` on each use: a
    /// computed property returned a copy of the whole struct, a retain and a release of each of
    /// its fields, for every code looked up).
    let vocabulary: MappingVocabulary
    let knowledge: KnowledgeBase

    init(mapper: FHIRRecordMapper) {
        self.mapper = mapper
        vocabulary = mapper.vocabulary
        knowledge = mapper.knowledge
    }

    mutating func map(_ inputs: [MappingInput]) -> FHIRMappingResult {
        indexPatientsAndMedications(inputs)
        for input in inputs {
            let resource: R4.Resource
            switch input.resource {
            case .observation(let observation):
                mapObservation(observation, input)
                continue
            case .resource(let decoded):
                resource = decoded
            }
            switch resource {
            case .patient(let patient): mapPatient(patient, input)
            case .observation(let observation): mapObservation(observation, input)
            case .questionnaireResponse(let response): mapQuestionnaireResponse(response, input)
            case .medicationStatement(let statement): mapMedicationStatement(statement, input)
            case .medicationRequest(let request): mapMedicationRequest(request, input)
            case .medicationDispense(let dispense): mapMedicationDispense(dispense, input)
            case .condition(let condition): mapCondition(condition, input)
            case .procedure(let procedure): mapProcedure(procedure, input)
            case .medication, .bundle:
                break
            case .questionnaire, .encounter, .carePlan, .detectedIssue, .operationOutcome, .other:
                noteUnused(
                    kind: resource.resourceType, label: input.label,
                    reason: "\(resource.resourceType) resources are not used by Stepwise")
            }
        }
        var records: [PatientRecord] = []
        for draft in drafts {
            records.append(assemble(draft))
        }
        for key in unusedOrder {
            guard let entry = unused[key] else { continue }
            let more = entry.count > 1 ? " (and \(entry.count - 1) more)" : ""
            issues.append(
                FHIRMappingIssue(
                    resource: entry.first + more, path: "$",
                    reason: entry.count > 1 ? "\(entry.reason) (\(entry.count) resources)" : entry.reason))
        }
        return FHIRMappingResult(records: records, issues: issues)
    }

    // MARK: - Issues

    mutating func issue(_ input: MappingInput, _ path: String, _ reason: String, patient: String? = nil) {
        issues.append(FHIRMappingIssue(resource: input.label, path: path, reason: reason, patient: patient))
    }

    /// Records a resource not used for a reason shared by many (e.g. vital signs), reported once.
    /// The reason is built only the first time a kind is seen (bulk imports meet many vital signs).
    mutating func noteUnused(kind: String, label: @autoclosure () -> String, reason: @autoclosure () -> String) {
        if let existing = unused.index(forKey: kind) {
            unused.values[existing].count += 1
        } else {
            unused[kind] = (label(), 1, reason())
            unusedOrder.append(kind)
        }
    }

    // MARK: - Patients

    private mutating func indexPatientsAndMedications(_ inputs: [MappingInput]) {
        var counter = 0
        for input in inputs {
            guard case .resource(let resource) = input.resource else { continue }
            switch resource {
            case .patient(let patient):
                counter += 1
                let recordID: String
                if let id = patient.id, !id.isEmpty {
                    recordID = id
                } else if let fullUrl = input.fullUrl, let last = Self.lastSegment(fullUrl), !last.isEmpty {
                    recordID = last
                } else {
                    recordID = "patient-\(counter)"
                }
                if let id = patient.id { patientKeys["Patient/\(id)"] = recordID }
                if let fullUrl = input.fullUrl { patientKeys[fullUrl] = recordID }
                patientPositions[input.ordinal] = recordID
                _ = draftIndex(for: recordID)
            case .medication(let medication):
                if let id = medication.id { medications["Medication/\(id)"] = medication }
                if let fullUrl = input.fullUrl { medications[fullUrl] = medication }
            default:
                break
            }
        }
    }

    private mutating func draftIndex(for recordID: String) -> Int {
        if let index = draftIndex[recordID] { return index }
        drafts.append(PatientDraft(id: recordID))
        draftIndex[recordID] = drafts.count - 1
        return drafts.count - 1
    }

    /// The draft the resource's subject points at, or `nil` with an issue.
    mutating func draft(for subject: R4.Reference?, _ input: MappingInput, element: String = "subject") -> Int? {
        draft(forReference: subject?.reference, input, element: element)
    }

    /// ``draft(for:_:element:)`` given the reference's text.
    mutating func draft(forReference text: String?, _ input: MappingInput, element: String = "subject") -> Int? {
        guard let reference = text?.trimmingWhitespace, !reference.isEmpty else {
            issue(input, element, "no subject reference to a Patient; the resource was not used")
            return nil
        }
        if let index = referenceDrafts[reference] { return index }
        if let recordID = patientKeys[reference] {
            let index = draftIndex(for: recordID)
            referenceDrafts[reference] = index
            return index
        }
        let trimmed = Self.withoutHistory(reference)
        if let recordID = patientKeys[trimmed] { return draftIndex(for: recordID) }
        // Relative or absolute `…/Patient/<id>` not present as a resource in this input.
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: true)
        if parts.count >= 2, parts[parts.count - 2] == "Patient" {
            let id = String(parts[parts.count - 1])
            if let recordID = patientKeys["Patient/\(id)"] { return draftIndex(for: recordID) }
            patientKeys["Patient/\(id)"] = id
            return draftIndex(for: id)
        }
        if reference.hasPrefix("urn:uuid:") {
            let id = String(reference.dropFirst("urn:uuid:".count))
            guard !id.isEmpty else {
                issue(input, "\(element).reference", "the subject reference is empty; the resource was not used")
                return nil
            }
            patientKeys[reference] = id
            return draftIndex(for: id)
        }
        issue(
            input, "\(element).reference",
            "the subject does not refer to a Patient (expected Patient/<id> or a Patient entry's fullUrl); the resource was not used")
        return nil
    }

    private static func lastSegment(_ url: String) -> String? {
        if url.hasPrefix("urn:uuid:") { return String(url.dropFirst("urn:uuid:".count)) }
        return withoutHistory(url).split(separator: "/").last.map(String.init)
    }

    private static func withoutHistory(_ reference: String) -> String {
        guard let range = reference.range(of: "/_history/") else { return reference }
        return String(reference[..<range.lowerBound])
    }

    private mutating func mapPatient(_ patient: R4.Patient, _ input: MappingInput) {
        guard let recordID = patientPositions[input.ordinal] else { return }
        let index = draftIndex(for: recordID)
        if let gender = patient.gender {
            if let sex = Sex(rawValue: gender) {
                drafts[index].sex = sex
            } else {
                issue(input, "gender", "gender \"\(gender.prefix(20))\" is not male, female, other or unknown; not used")
            }
        }
        if let birthDate = patient.birthDate {
            switch FHIRDate.read(birthDate) {
            case .day(let day): drafts[index].birthDate = day
            case .partial: issue(input, "birthDate", "the birth date gives only a year or month; age-dependent cautions will not use it")
            case .invalid: issue(input, "birthDate", "the birth date is not a real calendar date (expected YYYY-MM-DD); not used")
            }
        }
    }

    // MARK: - Dates

    /// Reads a date element, reporting a partial or impossible one.
    mutating func day(_ text: String?, _ input: MappingInput, _ path: String) -> LocalDate? {
        guard let text else { return nil }
        return day(FHIRDate.read(text), input, path)
    }

    /// ``day(_:_:_:)`` for a date already read.
    mutating func day(_ reading: FHIRDate.Reading, _ input: MappingInput, _ path: String) -> LocalDate? {
        switch reading {
        case .day(let day): return day
        case .partial:
            issue(input, path, "the date gives only a year or month; a day is needed")
            return nil
        case .invalid:
            issue(input, path, "the date is not a real calendar date (expected YYYY-MM-DD or a FHIR dateTime)")
            return nil
        }
    }
}

extension String {
    var trimmingWhitespace: String {
        // Fast path (almost every reference): plain ASCII, non-blank characters at both ends.
        if let first = utf8.first, let last = utf8.last, Self.isASCIIVisible(first), Self.isASCIIVisible(last) {
            return self
        }
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    private static func isASCIIVisible(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
}
