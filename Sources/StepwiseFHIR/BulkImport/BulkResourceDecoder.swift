// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// Turns one validated JSON object into an `R4.Resource`.
///
/// Patient, Observation, Condition and the three medication resources are read directly from
/// the tape (the fast path); QuestionnaireResponse, Medication and Procedure (rarer) go through
/// Foundation's `JSONDecoder` with the `R4` types' `Codable` conformance; every other FHIR
/// resource type is not mapped by Stepwise and becomes `.other(type)` without being decoded.
enum BulkResourceDecoder {
    /// A decoding failure, before it is tied to a file and line.
    struct Failure: Error, Equatable {
        var reason: BulkRejectReason
        var message: String
    }

    /// Resource types the mapper reads, the most frequent first, with their names as static bytes
    /// (compared with a `resourceType` on the tape without building a String or hashing one).
    static let mappedTypeNames: [(bytes: StaticString, name: String)] = [
        ("Observation", "Observation"), ("Patient", "Patient"), ("MedicationRequest", "MedicationRequest"),
        ("Condition", "Condition"), ("MedicationStatement", "MedicationStatement"),
        ("MedicationDispense", "MedicationDispense"), ("QuestionnaireResponse", "QuestionnaireResponse"),
        ("Medication", "Medication"), ("Procedure", "Procedure"),
    ]

    /// Resource types the mapper reads; every other FHIR type is counted as not used.
    static let mappedTypes: Set<String> = Set(mappedTypeNames.map(\.name))

    /// Whether the mapper reads resources of `type` (a short list compared in place, not hashed).
    static func isMappedType(_ type: String) -> Bool {
        for entry in mappedTypeNames where entry.name == type { return true }
        return false
    }

    /// The mapped type whose name is the (unescaped) string at token `index`, or `nil` (then the
    /// caller reads the string and checks it against every FHIR type, as for any other type).
    static func mappedTypeName(_ tape: JSONTape, _ index: Int) -> String? {
        let token = tape.tokens[index]
        guard token.kind == .string, !token.escaped else { return nil }
        for entry in mappedTypeNames where tape.string(index, is: entry.bytes) { return entry.name }
        return nil
    }

    /// Checks that the object at token `root` is a FHIR resource and returns its type.
    /// `expectedType` is the type the file name declares (Bulk Data files hold one type each).
    static func resourceType(_ tape: JSONTape, root: Int, expectedType: String?) throws(Failure) -> String {
        guard tape.kind(root) == .object else {
            throw Failure(reason: .notAnObject, message: "expected a JSON object (one FHIR resource)")
        }
        var typeToken: Int?
        tape.forEachMember(root) { k, v in
            if tape.string(k, is: "resourceType") { typeToken = v }
        }
        guard let typeToken else {
            throw Failure(reason: .missingResourceType, message: "resourceType is missing or not a string")
        }
        let type: String
        if let mapped = mappedTypeName(tape, typeToken) {
            // A type the mapper reads (nearly every line): a FHIR R4 type, no String built or hashed.
            type = mapped
        } else {
            guard let text = tape.string(typeToken), !text.isEmpty else {
                throw Failure(reason: .missingResourceType, message: "resourceType is missing or not a string")
            }
            guard FHIRResourceTypes.all.contains(text) else {
                throw Failure(reason: .wrongResourceType, message: "resourceType is not a FHIR R4 resource type")
            }
            type = text
        }
        if let expectedType, type != expectedType {
            throw Failure(reason: .wrongResourceType, message: "resourceType \(type) in a file of \(expectedType) resources")
        }
        return type
    }

    /// The patient a resource belongs to, as raw bytes for partitioning: the id of a Patient,
    /// else the last segment of `subject.reference` (`Patient/123`, `urn:uuid:…`, a full URL).
    static func patientKey(_ tape: JSONTape, root: Int, type: String) -> UnsafeRawBufferPointer? {
        var key: UnsafeRawBufferPointer?
        tape.forEachMember(root) { k, v in
            if type == "Patient" {
                if tape.string(k, is: "id"), tape.kind(v) == .string { key = tape.rawBytes(v) }
            } else if tape.string(k, is: "subject"), tape.kind(v) == .object {
                tape.forEachMember(v) { k2, v2 in
                    if tape.string(k2, is: "reference"), tape.kind(v2) == .string { key = tape.rawBytes(v2) }
                }
            }
        }
        guard var bytes = key else { return nil }
        // Spaces around the reference are not part of it (the mapper trims them too): without this a
        // padded `" Patient/x "` would land in another partition than Patient `x`.
        while let first = bytes.first, first == UInt8(ascii: " ") { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropFirst()) }
        while let last = bytes.last, last == UInt8(ascii: " ") { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropLast()) }
        guard !bytes.isEmpty else { return nil }
        // Drop a `/_history/n` suffix, then keep what follows the last `/` or `:`.
        if let history = find(Array("/_history/".utf8), in: bytes) {
            bytes = UnsafeRawBufferPointer(rebasing: bytes[..<history])
        }
        if let last = bytes.lastIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ":") }) {
            bytes = UnsafeRawBufferPointer(rebasing: bytes[(last + 1)...])
        }
        return bytes
    }

    private static func find(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> Int? {
        guard haystack.count >= needle.count, let first = needle.first else { return nil }
        var i = 0
        while i <= haystack.count - needle.count {
            if haystack[i] == first, zip(needle.indices, needle).allSatisfy({ haystack[i + $0] == $1 }) { return i }
            i += 1
        }
        return nil
    }

    /// Reads the object at token `root` for the mapper: an Observation in the plain form straight
    /// from the tape (``TapeObservation``, no `R4` structs), anything else (or an Observation the tape
    /// reader leaves to the decoder) as ``decode(_:root:expectedType:)`` decodes it. Throws exactly
    /// what `decode` throws; mapped, the result gives the same records and issues.
    static func decodeMappable(_ tape: JSONTape, root: Int, expectedType: String?) throws(Failure) -> MappableResource {
        let type = try resourceType(tape, root: root, expectedType: expectedType)
        if type == "Observation", let observation = tape.readTapeObservation(root) { return .observation(observation) }
        return .resource(try decode(tape, root: root, type: type))
    }

    /// Decodes the object at token `root` into a resource (`.other(type)` for types not mapped).
    static func decode(_ tape: JSONTape, root: Int, expectedType: String?) throws(Failure) -> R4.Resource {
        try decode(tape, root: root, type: try resourceType(tape, root: root, expectedType: expectedType))
    }

    /// ``decode(_:root:expectedType:)`` once the resource's type has been checked.
    private static func decode(_ tape: JSONTape, root: Int, type: String) throws(Failure) -> R4.Resource {
        do {
            let resource: R4.Resource
            switch type {
            // The subject is checked on the struct before it is boxed: checking the boxed
            // resource copied the whole struct out of its box (a retain per field) for one field.
            case "Observation":
                let observation = try tape.readObservation(root)
                try requireSubject(observation.subject, type)
                return .observation(observation)
            case "Patient": return .patient(try tape.readPatient(root))
            case "Condition":
                let condition = try tape.readCondition(root)
                try requireSubject(condition.subject, type)
                return .condition(condition)
            case "MedicationRequest":
                let request = try tape.readMedicationRequest(root)
                try requireSubject(request.subject, type)
                return .medicationRequest(request)
            case "MedicationStatement":
                let statement = try tape.readMedicationStatement(root)
                try requireSubject(statement.subject, type)
                return .medicationStatement(statement)
            case "MedicationDispense":
                let dispense = try tape.readMedicationDispense(root)
                try requireSubject(dispense.subject, type)
                return .medicationDispense(dispense)
            case "QuestionnaireResponse", "Medication", "Procedure":
                resource = try decodeWithFoundation(tape, root: root)
            default:
                return .other(type)
            }
            try requireSubject(resource)
            return resource
        } catch let error as ResourceShapeError {
            let reason: BulkRejectReason = error.reason == "missing required element" ? .missingRequiredElement : .wrongElementType
            throw Failure(reason: reason, message: "\(error.path): \(error.reason)")
        } catch let error as Failure {
            throw error
        } catch {
            throw Failure(reason: .wrongElementType, message: "the resource could not be read")
        }
    }

    /// Clinical resources must name their patient, or there is no record to put them in.
    private static func requireSubject(_ resource: R4.Resource) throws {
        let subject: R4.Reference??
        switch resource {
        case .observation(let r): subject = .some(r.subject)
        case .condition(let r): subject = .some(r.subject)
        case .medicationRequest(let r): subject = .some(r.subject)
        case .medicationStatement(let r): subject = .some(r.subject)
        case .medicationDispense(let r): subject = .some(r.subject)
        case .procedure(let r): subject = .some(r.subject)
        case .questionnaireResponse(let r): subject = .some(r.subject)
        default: subject = nil
        }
        if case .some(let reference) = subject, reference?.reference?.isEmpty ?? true {
            throw ResourceShapeError(
                path: "\(resource.resourceType).subject.reference", reason: "missing required element")
        }
    }

    /// ``requireSubject(_:)`` for a resource read from the tape, before it is boxed (same error).
    private static func requireSubject(_ subject: R4.Reference?, _ type: String) throws {
        if subject?.reference?.isEmpty ?? true {
            throw ResourceShapeError(path: "\(type).subject.reference", reason: "missing required element")
        }
    }

    /// The `Codable` path for resource types without a tape reader.
    private static func decodeWithFoundation(_ tape: JSONTape, root: Int) throws -> R4.Resource {
        let token = tape.tokens[root]
        guard let base = tape.bytes.baseAddress else { throw Failure(reason: .malformedJSON, message: "empty input") }
        let data = Data(bytes: base + Int(token.start), count: Int(token.end - token.start))
        do {
            return try JSONDecoder().decode(R4.Resource.self, from: data)
        } catch let error as DecodingError {
            let description = DecodingErrorDescription(error)
            let reason: BulkRejectReason
            if case .keyNotFound = error { reason = .missingRequiredElement } else { reason = .wrongElementType }
            throw Failure(reason: reason, message: "\(description.path): \(description.message)")
        }
    }
}
