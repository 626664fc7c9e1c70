// SPDX-License-Identifier: Apache-2.0

/// An Observation read straight from a JSON tape for mapping (a class: passing it around the
/// mapping is one retain, not a copy of every field): only what the mapping reads (codes,
/// subject, the day, the values, the components), without building `R4.Observation` and its
/// codings, and with the day read from the tape's bytes.
///
/// ``JSONTape/readTapeObservation(_:)`` reads it only when the resource is one the bulk decoder
/// would read without complaint and its values are in the plain forms (no `effectivePeriod`,
/// `effectiveInstant`, `valueString`, `valueBoolean` or `valueDateTime`, and no component with
/// `valueString` or `valueBoolean`); for anything else it gives `nil` and the
/// caller decodes the resource as before (``BulkResourceDecoder/decode(_:root:expectedType:)``),
/// which reads or refuses it with the same errors. Mapped, it gives the same records and issues as
/// the `R4.Observation` the bulk decoder builds (`TapeObservationMappingTests`).
final class TapeObservation: Sendable, ObservationFacts {
    /// `Observation/<id>` when the id is present and not empty (the mapping's label and source),
    /// built once from the tape's bytes.
    let label: String?
    /// Whether `id` is present but empty.
    let emptyID: Bool
    let status: String
    let loinc: String?
    let snomed: String?
    let subjectReference: String?
    /// The day read from `effectiveDateTime` (`nil` when absent).
    let effective: FHIRDate.Reading?
    let quantity: R4.Quantity?
    let integer: Int?
    let concept: TapeConcept?
    let componentFacts: [TapeComponent]

    init(
        label: String?, emptyID: Bool, status: String, loinc: String?, snomed: String?, subjectReference: String?,
        effective: FHIRDate.Reading?, quantity: R4.Quantity?, integer: Int?, concept: TapeConcept?,
        componentFacts: [TapeComponent]
    ) {
        self.label = label
        self.emptyID = emptyID
        self.status = status
        self.loinc = loinc
        self.snomed = snomed
        self.subjectReference = subjectReference
        self.effective = effective
        self.quantity = quantity
        self.integer = integer
        self.concept = concept
        self.componentFacts = componentFacts
    }

    static let labelPrefix: StaticString = "Observation/"

    /// The resource's `id` (built from the label: only issues that name a resource need it).
    var id: String? {
        if let label { return String(decoding: label.utf8.dropFirst(Self.labelPrefix.utf8CodeUnitCount), as: UTF8.self) }
        return emptyID ? "" : nil
    }

    /// Never read: the bulk decoder does not keep displays or a code's text.
    var codeDisplay: String? { nil }
    var effectiveDay: (reading: FHIRDate.Reading, path: String)? { effective.map { ($0, "effectiveDateTime") } }
    var hasValue: Bool { quantity != nil || integer != nil || concept != nil }
    /// Never set: an Observation with `valueString`, `valueBoolean` or `valueDateTime` is decoded instead.
    var valueText: String? { nil }
    var unreadValueType: String? { nil }
}

/// An Observation component read from a tape (see ``TapeObservation``).
struct TapeComponent: Sendable, ObservationComponentFacts {
    var loinc: String?
    var snomed: String?
    var quantity: R4.Quantity?
    var integer: Int?
    var concept: TapeConcept?
    /// Never set: a component with `valueString` or `valueBoolean` makes its Observation decoded instead.
    var valueText: String? { nil }
    var unreadValueType: String? { nil }
}

/// A `valueCodeableConcept` read from a tape: its codes, in order (displays, text and extensions are
/// not read by the bulk decoder either).
struct TapeConcept: Sendable, ConceptFacts {
    var loincCode: String?
    var firstCode: String?
    /// The codings' codes in order, codings without a code left out (the first kept apart: most
    /// answers have one coding, and an empty array costs nothing).
    var code0: String?
    var moreCodes: [String] = []

    func answerValue(candidates: [MappingVocabulary.ItemRef], vocabulary: MappingVocabulary) -> Int? {
        if let code0 {
            for candidate in candidates {
                if let value = vocabulary.answerValue(code0, for: candidate) { return value }
            }
        }
        for code in moreCodes {
            for candidate in candidates {
                if let value = vocabulary.answerValue(code, for: candidate) { return value }
            }
        }
        return nil
    }
}

extension JSONTape {
    /// Reads the Observation at `root` for mapping, or `nil` when it is not in the plain form
    /// ``TapeObservation`` covers or anything the bulk decoder checks is wrong (then decode it with
    /// ``BulkResourceDecoder``, which reads it or says why not). Members are read as
    /// `readObservation(_:)` reads them: the last of duplicated members counts, `null` is absent.
    func readTapeObservation(_ root: Int) -> TapeObservation? {
        var id: Int?
        var status: Int?
        var code: CodeFacts?
        var subject: Int?
        var effective: Int?
        var quantity: R4.Quantity?
        var integer: Int?
        var concept: TapeConcept?
        var components: [TapeComponent] = []
        var plain = true
        forEachMember(root) { k, v in
            guard plain else { return }
            if string(k, is: "id") {
                guard let token = expect(.string, v) else { return plain = false }
                id = token
            } else if string(k, is: "status") {
                guard let token = expect(.string, v) else { return plain = false }
                status = token
            } else if string(k, is: "code") {
                guard let read = optionalCodeFacts(v) else { return plain = false }
                code = read
            } else if string(k, is: "subject") {
                guard let object = expect(.object, v), let read = object.map({ referenceFacts($0) }) ?? .some(nil) else {
                    return plain = false
                }
                subject = read
            } else if string(k, is: "effectiveDateTime") {
                guard let token = expect(.string, v) else { return plain = false }
                effective = token
            } else if string(k, is: "valueQuantity") {
                guard let read = quantityFacts(v) else { return plain = false }
                quantity = read
            } else if string(k, is: "valueInteger") {
                guard let read = integerFacts(v) else { return plain = false }
                integer = read
            } else if string(k, is: "valueCodeableConcept") {
                guard let read = conceptFacts(v) else { return plain = false }
                concept = read
            } else if string(k, is: "category") {
                plain = everyElement(v) { codings($0) { _, _ in } }
            } else if string(k, is: "component") {
                guard let read = componentFacts(v) else { return plain = false }
                components = read
            } else if string(k, is: "issued") {
                plain = expect(.string, v) != nil
            } else if string(k, is: "dataAbsentReason") {
                plain = conceptIsReadable(v)
            } else if string(k, is: "hasMember") || string(k, is: "derivedFrom") {
                plain = everyElement(v) { referenceFacts($0) != nil }
            } else if string(k, is: "effectivePeriod") || string(k, is: "effectiveInstant") || string(k, is: "valueString")
                || string(k, is: "valueBoolean") || string(k, is: "valueDateTime")
            {
                plain = false  // read by the decoded path (rare in exports)
            }
        }
        // What the bulk decoder requires: a status, a code and a subject reference that is not empty.
        guard plain, let status, let code, let subject, tokens[subject].end > tokens[subject].start,
            let statusText = string(status), let reference = string(subject)
        else { return nil }
        let emptyID = id.map { tokens[$0].end == tokens[$0].start } ?? false
        return TapeObservation(
            label: emptyID ? nil : id.map { prefixed(TapeObservation.labelPrefix, $0) }, emptyID: emptyID, status: statusText,
            loinc: code.loinc, snomed: code.snomed, subjectReference: reference, effective: effective.map { dayReading($0) },
            quantity: quantity, integer: integer, concept: concept, componentFacts: components)
    }

    /// How the decoder takes the value at `v` where it expects a value of `kind`: `.some(v)` for
    /// one, `.some(nil)` for `null` (absent), `nil` for anything else (refused).
    private func expect(_ kind: JSONKind, _ v: Int) -> Int?? {
        switch tokens[v].kind {
        case kind: return .some(v)
        case .null: return .some(nil)
        default: return nil
        }
    }

    /// Whether the decoder reads the list at `v` without complaint: `null` or a list whose elements
    /// are `null` (skipped, as the decoder skips them) or objects passing `object`.
    private func everyElement(_ v: Int, objects object: (Int) -> Bool) -> Bool {
        guard let list = expect(.array, v) else { return false }
        guard let list else { return true }
        var readable = true
        forEachElement(list) { e, _ in
            guard readable else { return }
            guard let element = expect(.object, e) else { return readable = false }
            if let element { readable = object(element) }
        }
        return readable
    }

    /// `prefix` followed by the text of the string token `v`, built in one allocation.
    private func prefixed(_ prefix: StaticString, _ v: Int) -> String {
        let token = tokens[v]
        guard !token.escaped, let base = bytes.baseAddress else { return "\(prefix)\(string(v) ?? "")" }
        let head = prefix.utf8CodeUnitCount
        let tail = Int(token.end - token.start)
        return String(unsafeUninitializedCapacity: head + tail) { buffer in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            raw.copyMemory(from: UnsafeRawBufferPointer(start: prefix.utf8Start, count: head))
            UnsafeMutableRawBufferPointer(rebasing: raw[head...]).copyMemory(
                from: UnsafeRawBufferPointer(start: base + Int(token.start), count: tail))
            return head + tail
        }
    }

    /// The day in the string token `v`, read from its bytes (unescaped first when it has escapes).
    private func dayReading(_ v: Int) -> FHIRDate.Reading {
        let token = tokens[v]
        if token.escaped { return FHIRDate.read(string(v) ?? "") }
        guard let base = bytes.baseAddress else { return .invalid }
        return FHIRDate.read(
            utf8: UnsafeBufferPointer(
                start: (base + Int(token.start)).assumingMemoryBound(to: UInt8.self), count: Int(token.end - token.start)))
    }

    /// A code's LOINC and SNOMED CT codes.
    private struct CodeFacts {
        var loinc: String?
        var snomed: String?
    }

    /// The codings of the concept object at `v` as `readConcept(_:_:)` (without displays) reads
    /// them: (system token, code token) per coding, `nil` tokens for absent or `null`; `false` when
    /// something would be refused (then `each` has not been called).
    private func codings(_ v: Int, _ each: (Int?, Int?) -> Void) -> Bool {
        var codingArray: Int?
        var readable = true
        forEachMember(v) { k, value in
            guard readable, string(k, is: "coding") else { return }
            // Each `coding` member is checked; only the last one's codings count.
            guard let array = expect(.array, value) else { return readable = false }
            codingArray = array
            readable = everyElement(value) { codingTokens($0) != nil }
        }
        guard readable else { return false }
        if let array = codingArray {
            forEachElement(array) { e, _ in
                guard tokens[e].kind == .object, let (system, code) = codingTokens(e) else { return }
                each(system, code)
            }
        }
        return true
    }

    /// The last `system` and `code` string tokens of the coding object at `e` (`nil` for absent or
    /// `null`), or `nil` when one of them is neither a string nor `null`.
    private func codingTokens(_ e: Int) -> (system: Int?, code: Int?)? {
        var system: Int?
        var code: Int?
        var readable = true
        forEachMember(e) { k, value in
            guard readable else { return }
            if string(k, is: "system") {
                guard let token = expect(.string, value) else { return readable = false }
                system = token
            } else if string(k, is: "code") {
                guard let token = expect(.string, value) else { return readable = false }
                code = token
            }
        }
        return readable ? (system, code) : nil
    }

    /// The code at `v` (`.some(nil)` for `null`), or `nil` when it would be refused.
    private func optionalCodeFacts(_ v: Int) -> CodeFacts?? {
        guard let object = expect(.object, v) else { return nil }
        guard let object else { return .some(nil) }
        var facts = CodeFacts()
        let readable = codings(object) { system, code in
            guard let system, let code else { return }
            if facts.loinc == nil, string(system, is: "http://loinc.org") {
                facts.loinc = string(code)
            } else if facts.snomed == nil, string(system, is: "http://snomed.info/sct") {
                facts.snomed = string(code)
            }
        }
        return readable ? .some(facts) : nil
    }

    /// The concept at `v` (`.some(nil)` for `null`), or `nil` when it would be refused.
    private func conceptFacts(_ v: Int) -> TapeConcept?? {
        guard let object = expect(.object, v) else { return nil }
        guard let object else { return .some(nil) }
        var concept = TapeConcept()
        var first = true
        let readable = codings(object) { system, code in
            let text = code.flatMap { string($0) }
            if first {
                concept.firstCode = text
                first = false
            }
            guard let text else { return }
            if concept.loincCode == nil, let system, string(system, is: "http://loinc.org") { concept.loincCode = text }
            if concept.code0 == nil { concept.code0 = text } else { concept.moreCodes.append(text) }
        }
        return readable ? .some(concept) : nil
    }

    /// Whether `readConcept` would read the value at `v` without complaint (nothing is built).
    private func conceptIsReadable(_ v: Int) -> Bool {
        guard let object = expect(.object, v) else { return false }
        guard let object else { return true }
        return codings(object) { _, _ in }
    }

    /// The reference object at `v`: its last `reference` string token (`.some(nil)` when absent or
    /// `null`); `nil` when it would be refused.
    private func referenceFacts(_ v: Int) -> Int?? {
        var reference: Int?
        var readable = true
        forEachMember(v) { k, value in
            guard readable else { return }
            if string(k, is: "reference") {
                guard let token = expect(.string, value) else { return readable = false }
                reference = token
            } else if string(k, is: "type") {
                readable = expect(.string, value) != nil
            }
        }
        return readable ? .some(reference) : nil
    }

    /// The quantity at `v` (`.some(nil)` for `null`), or `nil` when it would be refused.
    private func quantityFacts(_ v: Int) -> R4.Quantity?? {
        guard let object = expect(.object, v) else { return nil }
        guard let object else { return .some(nil) }
        var quantity = R4.Quantity()
        var readable = true
        forEachMember(object) { k, value in
            guard readable else { return }
            if string(k, is: "value") {
                guard let token = expect(.number, value) else { return readable = false }
                guard let token else { return quantity.value = nil }
                guard let number = double(token) else { return readable = false }
                quantity.value = number
                return
            }
            let field: WritableKeyPath<R4.Quantity, String?>
            if string(k, is: "unit") {
                field = \.unit
            } else if string(k, is: "system") {
                field = \.system
            } else if string(k, is: "code") {
                field = \.code
            } else if string(k, is: "comparator") {
                field = \.comparator
            } else {
                return
            }
            guard let token = expect(.string, value) else { return readable = false }
            quantity[keyPath: field] = token.flatMap { string($0) }
        }
        return readable ? .some(quantity) : nil
    }

    /// The whole number at `v` (`.some(nil)` for `null`), or `nil` when it would be refused.
    private func integerFacts(_ v: Int) -> Int?? {
        guard let token = expect(.number, v) else { return nil }
        guard let token else { return .some(nil) }
        guard let value = integer(token) else { return nil }
        return .some(value)
    }

    /// The components in the list at `v` (none for `null`), or `nil` when one would be refused or
    /// is not plain.
    private func componentFacts(_ v: Int) -> [TapeComponent]? {
        var components: [TapeComponent] = []
        let readable = everyElement(v) { e in
            var code: CodeFacts?
            var component = TapeComponent()
            var readable = true
            forEachMember(e) { k, value in
                guard readable else { return }
                if string(k, is: "code") {
                    guard let read = optionalCodeFacts(value) else { return readable = false }
                    code = read
                } else if string(k, is: "valueQuantity") {
                    guard let read = quantityFacts(value) else { return readable = false }
                    component.quantity = read
                } else if string(k, is: "valueInteger") {
                    guard let read = integerFacts(value) else { return readable = false }
                    component.integer = read
                } else if string(k, is: "valueCodeableConcept") {
                    guard let read = conceptFacts(value) else { return readable = false }
                    component.concept = read
                } else if string(k, is: "valueString") || string(k, is: "valueBoolean") {
                    // Read by the decoded path, which reports a value a score is not read from.
                    readable = false
                } else if string(k, is: "dataAbsentReason") {
                    readable = conceptIsReadable(value)
                }
            }
            guard readable, let code else { return false }
            component.loinc = code.loinc
            component.snomed = code.snomed
            components.append(component)
            return true
        }
        return readable ? components : nil
    }
}
