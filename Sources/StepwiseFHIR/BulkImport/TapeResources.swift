// SPDX-License-Identifier: Apache-2.0

/// The FHIR resources Stepwise maps, read straight from a `JSONTape` into the `R4` value types.
/// Elements the mapping does not use are skipped without being decoded.
extension JSONTape {
    func readPatient(_ root: Int) throws -> R4.Patient {
        var patient = R4.Patient()
        try forEachMember(root) { k, v in
            if string(k, is: "id") {
                patient.id = try readString(v, "Patient.id")
            } else if string(k, is: "gender") {
                patient.gender = try readString(v, "Patient.gender")
            } else if string(k, is: "birthDate") {
                patient.birthDate = try readString(v, "Patient.birthDate")
            } else if string(k, is: "active") {
                patient.active = try readBool(v, "Patient.active")
            } else if string(k, is: "deceasedBoolean") {
                patient.deceasedBoolean = try readBool(v, "Patient.deceasedBoolean")
            } else if string(k, is: "deceasedDateTime") {
                patient.deceasedDateTime = try readString(v, "Patient.deceasedDateTime")
            }
        }
        return patient
    }

    func readObservation(_ root: Int) throws -> R4.Observation {
        var status: String?
        var code: R4.CodeableConcept?
        var observation = R4.Observation(code: R4.CodeableConcept())
        try forEachMember(root) { k, v in
            if string(k, is: "id") {
                observation.id = try readString(v, "Observation.id")
            } else if string(k, is: "status") {
                status = try readString(v, "Observation.status")
            } else if string(k, is: "code") {
                code = try readConcept(v, "Observation.code")
            } else if string(k, is: "subject") {
                observation.subject = try readReference(v, "Observation.subject")
            } else if string(k, is: "effectiveDateTime") {
                observation.effectiveDateTime = try readString(v, "Observation.effectiveDateTime")
            } else if string(k, is: "valueQuantity") {
                observation.valueQuantity = try readQuantity(v, "Observation.valueQuantity")
            } else if string(k, is: "valueInteger") {
                observation.valueInteger = try readInt(v, "Observation.valueInteger")
            } else if string(k, is: "valueCodeableConcept") {
                observation.valueCodeableConcept = try readConcept(v, "Observation.valueCodeableConcept")
            } else if string(k, is: "category") {
                // Nothing reads an Observation's category (mapping or CDS Hooks): its shape is
                // checked as before (same errors), but no values are built.
                try checkConcepts(v, "Observation.category")
            } else if string(k, is: "component") {
                observation.component = try readArray(v, "Observation.component") { e, p in try readComponent(e, p) }
            } else if string(k, is: "effectivePeriod") {
                observation.effectivePeriod = try readPeriod(v, "Observation.effectivePeriod")
            } else if string(k, is: "effectiveInstant") {
                observation.effectiveInstant = try readString(v, "Observation.effectiveInstant")
            } else if string(k, is: "issued") {
                try checkString(v, "Observation.issued")  // not read either; checked, not kept
            } else if string(k, is: "valueString") {
                observation.valueString = try readString(v, "Observation.valueString")
            } else if string(k, is: "valueBoolean") {
                observation.valueBoolean = try readBool(v, "Observation.valueBoolean")
            } else if string(k, is: "valueDateTime") {
                observation.valueDateTime = try readString(v, "Observation.valueDateTime")
            } else if string(k, is: "dataAbsentReason") {
                observation.dataAbsentReason = try readConcept(v, "Observation.dataAbsentReason")
            } else if string(k, is: "hasMember") {
                observation.hasMember = try readReferences(v, "Observation.hasMember")
            } else if string(k, is: "derivedFrom") {
                observation.derivedFrom = try readReferences(v, "Observation.derivedFrom")
            }
        }
        guard let status else { throw ResourceShapeError(path: "Observation.status", reason: "missing required element") }
        guard let code else { throw ResourceShapeError(path: "Observation.code", reason: "missing required element") }
        observation.status = status
        observation.code = code
        return observation
    }

    private func readComponent(_ v: Int, _ path: () -> String) throws -> R4.Observation.Component? {
        guard try isObject(v, path()) else { return nil }
        var code: R4.CodeableConcept?
        var component = R4.Observation.Component(code: R4.CodeableConcept())
        try forEachMember(v) { k, value in
            if string(k, is: "code") {
                code = try readConcept(value, path() + ".code")
            } else if string(k, is: "valueQuantity") {
                component.valueQuantity = try readQuantity(value, path() + ".valueQuantity")
            } else if string(k, is: "valueInteger") {
                component.valueInteger = try readInt(value, path() + ".valueInteger")
            } else if string(k, is: "valueCodeableConcept") {
                component.valueCodeableConcept = try readConcept(value, path() + ".valueCodeableConcept")
            } else if string(k, is: "valueString") {
                component.valueString = try readString(value, path() + ".valueString")
            } else if string(k, is: "valueBoolean") {
                component.valueBoolean = try readBool(value, path() + ".valueBoolean")
            } else if string(k, is: "dataAbsentReason") {
                component.dataAbsentReason = try readConcept(value, path() + ".dataAbsentReason")
            }
        }
        guard let code else { throw ResourceShapeError(path: path() + ".code", reason: "missing required element") }
        component.code = code
        return component
    }

    func readCondition(_ root: Int) throws -> R4.Condition {
        var condition = R4.Condition()
        try forEachMember(root) { k, v in
            if string(k, is: "id") {
                condition.id = try readString(v, "Condition.id")
            } else if string(k, is: "code") {
                condition.code = try readConcept(v, "Condition.code", display: true)
            } else if string(k, is: "subject") {
                condition.subject = try readReference(v, "Condition.subject")
            } else if string(k, is: "clinicalStatus") {
                condition.clinicalStatus = try readConcept(v, "Condition.clinicalStatus")
            } else if string(k, is: "verificationStatus") {
                condition.verificationStatus = try readConcept(v, "Condition.verificationStatus")
            } else if string(k, is: "category") {
                condition.category = try readConcepts(v, "Condition.category")
            } else if string(k, is: "severity") {
                condition.severity = try readConcept(v, "Condition.severity", display: true)
            } else if string(k, is: "onsetDateTime") {
                condition.onsetDateTime = try readString(v, "Condition.onsetDateTime")
            } else if string(k, is: "onsetPeriod") {
                condition.onsetPeriod = try readPeriod(v, "Condition.onsetPeriod")
            } else if string(k, is: "onsetString") {
                condition.onsetString = try readString(v, "Condition.onsetString")
            } else if string(k, is: "abatementDateTime") {
                condition.abatementDateTime = try readString(v, "Condition.abatementDateTime")
            } else if string(k, is: "abatementPeriod") {
                condition.abatementPeriod = try readPeriod(v, "Condition.abatementPeriod")
            } else if string(k, is: "abatementString") {
                condition.abatementString = try readString(v, "Condition.abatementString")
            } else if string(k, is: "recordedDate") {
                condition.recordedDate = try readString(v, "Condition.recordedDate")
            }
        }
        return condition
    }
}
