// SPDX-License-Identifier: Apache-2.0

/// Medication resources read from a `JSONTape` (codes with display text, since clinical-drug
/// strength may be read from it).
extension JSONTape {
    func readMedicationRequest(_ root: Int) throws -> R4.MedicationRequest {
        var status: String?
        var intent: String?
        var request = R4.MedicationRequest(status: "")
        try forEachMember(root) { k, v in
            if string(k, is: "id") {
                request.id = try readString(v, "MedicationRequest.id")
            } else if string(k, is: "status") {
                status = try readString(v, "MedicationRequest.status")
            } else if string(k, is: "intent") {
                intent = try readString(v, "MedicationRequest.intent")
            } else if string(k, is: "statusReason") {
                request.statusReason = try readConcept(v, "MedicationRequest.statusReason", display: true)
            } else if string(k, is: "medicationCodeableConcept") {
                request.medicationCodeableConcept = try readConcept(
                    v, "MedicationRequest.medicationCodeableConcept", display: true)
            } else if string(k, is: "medicationReference") {
                request.medicationReference = try readReference(v, "MedicationRequest.medicationReference")
            } else if string(k, is: "subject") {
                request.subject = try readReference(v, "MedicationRequest.subject")
            } else if string(k, is: "authoredOn") {
                request.authoredOn = try readString(v, "MedicationRequest.authoredOn")
            } else if string(k, is: "dosageInstruction") {
                request.dosageInstruction = try readDosages(v, "MedicationRequest.dosageInstruction")
            } else if string(k, is: "reasonCode") {
                request.reasonCode = try readConcepts(v, "MedicationRequest.reasonCode")
            } else if string(k, is: "dispenseRequest") {
                request.dispenseRequest = try readDispenseRequest(v, "MedicationRequest.dispenseRequest")
            }
        }
        guard let status else { throw ResourceShapeError(path: "MedicationRequest.status", reason: "missing required element") }
        guard let intent else { throw ResourceShapeError(path: "MedicationRequest.intent", reason: "missing required element") }
        request.status = status
        request.intent = intent
        return request
    }

    private func readDispenseRequest(_ v: Int, _ path: String) throws -> R4.MedicationRequest.DispenseRequest? {
        guard try isObject(v, path) else { return nil }
        var dispense = R4.MedicationRequest.DispenseRequest()
        try forEachMember(v) { k, value in
            if string(k, is: "validityPeriod") {
                dispense.validityPeriod = try readPeriod(value, path + ".validityPeriod")
            } else if string(k, is: "numberOfRepeatsAllowed") {
                dispense.numberOfRepeatsAllowed = try readInt(value, path + ".numberOfRepeatsAllowed")
            } else if string(k, is: "quantity") {
                dispense.quantity = try readQuantity(value, path + ".quantity")
            } else if string(k, is: "expectedSupplyDuration") {
                dispense.expectedSupplyDuration = try readDuration(value, path + ".expectedSupplyDuration")
            }
        }
        return dispense
    }

    func readMedicationStatement(_ root: Int) throws -> R4.MedicationStatement {
        var status: String?
        var statement = R4.MedicationStatement(status: "")
        try forEachMember(root) { k, v in
            if string(k, is: "id") {
                statement.id = try readString(v, "MedicationStatement.id")
            } else if string(k, is: "status") {
                status = try readString(v, "MedicationStatement.status")
            } else if string(k, is: "statusReason") {
                statement.statusReason = try readConcepts(v, "MedicationStatement.statusReason", display: true)
            } else if string(k, is: "medicationCodeableConcept") {
                statement.medicationCodeableConcept = try readConcept(
                    v, "MedicationStatement.medicationCodeableConcept", display: true)
            } else if string(k, is: "medicationReference") {
                statement.medicationReference = try readReference(v, "MedicationStatement.medicationReference")
            } else if string(k, is: "subject") {
                statement.subject = try readReference(v, "MedicationStatement.subject")
            } else if string(k, is: "effectiveDateTime") {
                statement.effectiveDateTime = try readString(v, "MedicationStatement.effectiveDateTime")
            } else if string(k, is: "effectivePeriod") {
                statement.effectivePeriod = try readPeriod(v, "MedicationStatement.effectivePeriod")
            } else if string(k, is: "dateAsserted") {
                statement.dateAsserted = try readString(v, "MedicationStatement.dateAsserted")
            } else if string(k, is: "dosage") {
                statement.dosage = try readDosages(v, "MedicationStatement.dosage")
            } else if string(k, is: "reasonCode") {
                statement.reasonCode = try readConcepts(v, "MedicationStatement.reasonCode")
            }
        }
        guard let status else { throw ResourceShapeError(path: "MedicationStatement.status", reason: "missing required element") }
        statement.status = status
        return statement
    }

    func readMedicationDispense(_ root: Int) throws -> R4.MedicationDispense {
        var status: String?
        var dispense = R4.MedicationDispense()
        try forEachMember(root) { k, v in
            if string(k, is: "id") {
                dispense.id = try readString(v, "MedicationDispense.id")
            } else if string(k, is: "status") {
                status = try readString(v, "MedicationDispense.status")
            } else if string(k, is: "medicationCodeableConcept") {
                dispense.medicationCodeableConcept = try readConcept(
                    v, "MedicationDispense.medicationCodeableConcept", display: true)
            } else if string(k, is: "medicationReference") {
                dispense.medicationReference = try readReference(v, "MedicationDispense.medicationReference")
            } else if string(k, is: "subject") {
                dispense.subject = try readReference(v, "MedicationDispense.subject")
            } else if string(k, is: "authorizingPrescription") {
                dispense.authorizingPrescription = try readReferences(v, "MedicationDispense.authorizingPrescription")
            } else if string(k, is: "quantity") {
                dispense.quantity = try readQuantity(v, "MedicationDispense.quantity")
            } else if string(k, is: "daysSupply") {
                dispense.daysSupply = try readQuantity(v, "MedicationDispense.daysSupply")
            } else if string(k, is: "whenPrepared") {
                dispense.whenPrepared = try readString(v, "MedicationDispense.whenPrepared")
            } else if string(k, is: "whenHandedOver") {
                dispense.whenHandedOver = try readString(v, "MedicationDispense.whenHandedOver")
            } else if string(k, is: "dosageInstruction") {
                dispense.dosageInstruction = try readDosages(v, "MedicationDispense.dosageInstruction")
            }
        }
        guard let status else { throw ResourceShapeError(path: "MedicationDispense.status", reason: "missing required element") }
        dispense.status = status
        return dispense
    }
}
