// SPDX-License-Identifier: Apache-2.0

/// FHIR datatypes read from a `JSONTape`: only the elements Stepwise's mapping uses.
extension JSONTape {
    func readCoding(_ v: Int, _ path: @autoclosure () -> String, display: Bool) throws -> R4.Coding? {
        guard try isObject(v, path()) else { return nil }
        var coding = R4.Coding()
        try forEachMember(v) { k, value in
            if string(k, is: "system") {
                coding.system = try readString(value, path() + ".system")
            } else if string(k, is: "code") {
                coding.code = try readString(value, path() + ".code")
            } else if display, string(k, is: "display") {
                coding.display = try readString(value, path() + ".display")
            }
        }
        return coding
    }

    func readConcept(_ v: Int, _ path: @autoclosure () -> String, display: Bool = false) throws -> R4.CodeableConcept? {
        guard try isObject(v, path()) else { return nil }
        var concept = R4.CodeableConcept()
        try forEachMember(v) { k, value in
            if string(k, is: "coding") {
                concept.coding = try readArray(value, path() + ".coding") { e, p in
                    try readCoding(e, p(), display: display)
                }
            } else if display, string(k, is: "text") {
                concept.text = try readString(value, path() + ".text")
            }
        }
        return concept
    }

    func readConcepts(_ v: Int, _ path: @autoclosure () -> String, display: Bool = false) throws -> [R4.CodeableConcept]? {
        try readArray(v, path()) { e, p in try readConcept(e, p(), display: display) }
    }

    /// Checks what ``readConcepts(_:_:display:)`` (without display) would read and throws the
    /// same errors at the same paths, without building any value (for elements nothing reads).
    func checkConcepts(_ v: Int, _ path: @autoclosure () -> String) throws {
        _ = try readArray(v, path()) { e, p -> Bool? in
            try checkConcept(e, p())
            return nil
        }
    }

    /// Checks what ``readConcept(_:_:display:)`` (without display) would read, building nothing.
    func checkConcept(_ v: Int, _ path: @autoclosure () -> String) throws {
        guard try isObject(v, path()) else { return }
        try forEachMember(v) { k, value in
            if string(k, is: "coding") {
                _ = try readArray(value, path() + ".coding") { e, p -> Bool? in
                    try checkCoding(e, p())
                    return nil
                }
            }
        }
    }

    /// Checks what ``readCoding(_:_:display:)`` (without display) would read, building nothing.
    func checkCoding(_ v: Int, _ path: @autoclosure () -> String) throws {
        guard try isObject(v, path()) else { return }
        try forEachMember(v) { k, value in
            if string(k, is: "system") {
                try checkString(value, path() + ".system")
            } else if string(k, is: "code") {
                try checkString(value, path() + ".code")
            }
        }
    }

    func readQuantity(_ v: Int, _ path: @autoclosure () -> String) throws -> R4.Quantity? {
        guard try isObject(v, path()) else { return nil }
        var quantity = R4.Quantity()
        try forEachMember(v) { k, value in
            if string(k, is: "value") {
                quantity.value = try readDouble(value, path() + ".value")
            } else if string(k, is: "unit") {
                quantity.unit = try readString(value, path() + ".unit")
            } else if string(k, is: "system") {
                quantity.system = try readString(value, path() + ".system")
            } else if string(k, is: "code") {
                quantity.code = try readString(value, path() + ".code")
            } else if string(k, is: "comparator") {
                quantity.comparator = try readString(value, path() + ".comparator")
            }
        }
        return quantity
    }

    func readDuration(_ v: Int, _ path: @autoclosure () -> String) throws -> R4.Duration? {
        guard let quantity = try readQuantity(v, path()) else { return nil }
        return R4.Duration(value: quantity.value, unit: quantity.unit, system: quantity.system, code: quantity.code)
    }

    func readReference(_ v: Int, _ path: @autoclosure () -> String) throws -> R4.Reference? {
        guard try isObject(v, path()) else { return nil }
        var reference = R4.Reference()
        try forEachMember(v) { k, value in
            if string(k, is: "reference") {
                reference.reference = try readString(value, path() + ".reference")
            } else if string(k, is: "type") {
                reference.type = try readString(value, path() + ".type")
            }
        }
        return reference
    }

    func readReferences(_ v: Int, _ path: @autoclosure () -> String) throws -> [R4.Reference]? {
        try readArray(v, path()) { e, p in try readReference(e, p()) }
    }

    func readPeriod(_ v: Int, _ path: @autoclosure () -> String) throws -> R4.Period? {
        guard try isObject(v, path()) else { return nil }
        var period = R4.Period()
        try forEachMember(v) { k, value in
            if string(k, is: "start") {
                period.start = try readString(value, path() + ".start")
            } else if string(k, is: "end") {
                period.end = try readString(value, path() + ".end")
            }
        }
        return period
    }

    func readDosages(_ v: Int, _ path: @autoclosure () -> String) throws -> [R4.Dosage]? {
        try readArray(v, path()) { e, p in try readDosage(e, p()) }
    }

    func readDosage(_ v: Int, _ path: @autoclosure () -> String) throws -> R4.Dosage? {
        guard try isObject(v, path()) else { return nil }
        var dosage = R4.Dosage()
        try forEachMember(v) { k, value in
            if string(k, is: "doseAndRate") {
                dosage.doseAndRate = try readArray(value, path() + ".doseAndRate") { e, p in
                    guard try isObject(e, p()) else { return nil }
                    var dose = R4.Dosage.DoseAndRate()
                    try forEachMember(e) { k2, v2 in
                        if string(k2, is: "doseQuantity") { dose.doseQuantity = try readQuantity(v2, p() + ".doseQuantity") }
                    }
                    return dose
                }
            } else if string(k, is: "timing") {
                dosage.timing = try readTiming(value, path() + ".timing")
            } else if string(k, is: "sequence") {
                dosage.sequence = try readInt(value, path() + ".sequence")
            } else if string(k, is: "text") {
                dosage.text = try readString(value, path() + ".text")
            } else if string(k, is: "asNeededBoolean") {
                dosage.asNeededBoolean = try readBool(value, path() + ".asNeededBoolean")
            }
        }
        return dosage
    }

    func readTiming(_ v: Int, _ path: @autoclosure () -> String) throws -> R4.Timing? {
        guard try isObject(v, path()) else { return nil }
        var timing = R4.Timing()
        try forEachMember(v) { k, value in
            if string(k, is: "repeat") {
                guard try isObject(value, path() + ".repeat") else { return }
                var rule = R4.Timing.Repeat()
                let base = path() + ".repeat"
                try forEachMember(value) { k2, v2 in
                    if string(k2, is: "frequency") {
                        rule.frequency = try readInt(v2, base + ".frequency")
                    } else if string(k2, is: "frequencyMax") {
                        rule.frequencyMax = try readInt(v2, base + ".frequencyMax")
                    } else if string(k2, is: "period") {
                        rule.period = try readDouble(v2, base + ".period")
                    } else if string(k2, is: "periodMax") {
                        rule.periodMax = try readDouble(v2, base + ".periodMax")
                    } else if string(k2, is: "periodUnit") {
                        rule.periodUnit = try readString(v2, base + ".periodUnit")
                    } else if string(k2, is: "boundsPeriod") {
                        rule.boundsPeriod = try readPeriod(v2, base + ".boundsPeriod")
                    } else if string(k2, is: "boundsDuration") {
                        rule.boundsDuration = try readDuration(v2, base + ".boundsDuration")
                    }
                }
                timing.repeat = rule
            } else if string(k, is: "code") {
                timing.code = try readConcept(value, path() + ".code")
            }
        }
        return timing
    }
}
