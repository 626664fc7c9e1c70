// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import StepwiseCore
import Testing

@testable import StepwiseFHIR
@testable import StepwiseServer

/// The prefetch mapped straight from the body's JSON tape (`CDSHookRequestDecoder.decodeMapped`) must
/// give the records, issues and problem count of the path it replaces: the prefetch flattened while
/// decoded, the keys' resources joined in key order (as the resolver joins them), mapped with
/// `FHIRRecordMapper.map(resources:)`.
@Suite struct CDSHooksMappedPrefetchTests {
    static let keys = CDSServiceCatalog.prefetchKeys
    static let mapper = FHIRRecordMapper(knowledge: CDSFixtures.knowledge, asOf: CDSFixtures.today)

    /// The keys' resources of a flattened prefetch joined in key order and mapped (what the resolver and
    /// the mapping did); `nil` when a key is missing (the resolver would fetch it).
    static func joinedAndMapped(_ prefetch: [String: CDSFlatPrefetch?]?) -> CDSMappedPrefetch? {
        var resources: [R4.Resource] = []
        var problems = 0
        for key in keys {
            guard let value = prefetch?[key], let value else { return nil }
            resources += value.resources
            problems += value.problems
        }
        return CDSMappedPrefetch(
            result: mapper.map(resources: resources), problems: problems,
            activeMedicationNames: CDSPrefetchMedications.activeNames(in: resources))
    }

    /// The path before: flattened, then joined and mapped.
    static func before(
        _ data: Data
    ) throws -> (request: CDSHookRequest<R4.Resource>, flattened: [String: CDSFlatPrefetch?]?, mapped: CDSMappedPrefetch?) {
        let (request, prefetch) = try data.withUnsafeBytes { try CDSHookRequestDecoder.decodeFlattened(bytes: $0) }
        return (request, prefetch, joinedAndMapped(prefetch))
    }

    static func after(_ data: Data) throws -> CDSHookRequestDecoder.MappedRequest {
        try data.withUnsafeBytes { try CDSHookRequestDecoder.decodeMapped(bytes: $0, keys: keys, mapper: mapper) }
    }

    /// Both paths on `data`: the same request, records, issues and problems (mapped while decoding, or
    /// flattened as before and then joined and mapped), or the same error. `mapped`: whether the body
    /// must be mapped while decoding (`nil`: either).
    static func expectSame(_ data: Data, mapped expectMapped: Bool? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        let old: (request: CDSHookRequest<R4.Resource>, flattened: [String: CDSFlatPrefetch?]?, mapped: CDSMappedPrefetch?)
        do {
            old = try before(data)
        } catch {
            #expect(throws: (any Error).self, sourceLocation: sourceLocation) { try after(data) }
            if let expectMapped { #expect(!expectMapped, sourceLocation: sourceLocation) }
            return
        }
        guard let new = try? after(data) else {
            Issue.record("the mapped path refused a body the flattened path reads", sourceLocation: sourceLocation)
            return
        }
        #expect(new.request.hook == old.request.hook, sourceLocation: sourceLocation)
        #expect(new.request.context.patientId == old.request.context.patientId, sourceLocation: sourceLocation)
        #expect(new.request.context.draftOrders == old.request.context.draftOrders, sourceLocation: sourceLocation)
        #expect(new.request.fhirServer == old.request.fhirServer, sourceLocation: sourceLocation)
        if let mapped = new.mapped {
            #expect(mapped == old.mapped, sourceLocation: sourceLocation)
        } else {
            #expect(new.flattened == old.flattened, sourceLocation: sourceLocation)
        }
        if let expectMapped { #expect((new.mapped != nil) == expectMapped, sourceLocation: sourceLocation) }
    }

    static func data(_ prefetch: [String: Any]?) -> Data {
        Data(CDSFixtures.hookBody(prefetch: prefetch).readableBytesView)
    }

    static var medications: [[String: Any]] {
        [
            CDSFixtures.medicationRequest(
                rxnorm: "36437", name: "sertraline", mg: 150, start: "2026-01-10", end: "2026-04-20", id: "m1"),
            CDSFixtures.medicationRequest(
                rxnorm: "39786", name: "venlafaxine", mg: 225, start: "2026-05-01", end: "2026-08-20", id: "m2"),
            CDSFixtures.medicationRequest(rxnorm: "2597", name: "mirtazapine", mg: 30, start: "2026-09-01", id: "m3"),
        ]
    }

    static var conditions: [[String: Any]] {
        [
            CDSFixtures.condition(icd10: "F33.2", display: "MDD, recurrent, severe", id: "c1"),
            CDSFixtures.condition(icd10: "E03.9", display: "Hypothyroidism, unspecified", id: "c2"),
        ]
    }

    @Test func patientsAreMappedAsBefore() {
        let prefetches: [[String: Any]] = [
            CDSFixtures.prefetch(observations: CDSFixtures.observations(item9: 0)),
            CDSFixtures.prefetch(observations: CDSFixtures.observations(item9: 3)),
            CDSFixtures.prefetch(
                observations: CDSFixtures.observations(item9: 1), medications: Self.medications, conditions: Self.conditions),
            CDSFixtures.prefetch(observations: []),
            CDSFixtures.prefetch(observations: CDSFixtures.observations(count: 6, item9: 2)),
        ]
        for prefetch in prefetches { Self.expectSame(Self.data(prefetch), mapped: true) }
    }

    @Test func aMissingKeyLeavesThePrefetchFlattenedForTheResolver() {
        for key in Self.keys {
            Self.expectSame(Self.data(CDSFixtures.prefetch(omit: [key])), mapped: false)
            var prefetch = CDSFixtures.prefetch()
            prefetch[key] = NSNull()
            Self.expectSame(Self.data(prefetch), mapped: false)
        }
        Self.expectSame(Self.data(nil), mapped: false)
        Self.expectSame(Self.data([:]), mapped: false)
    }

    /// Every awkward prefetch value of the decoder tests, in each key's place, the other keys as usual.
    @Test(arguments: CDSHooksRequestDecoderTests.awkwardPrefetch)
    func awkwardValuesAreMappedAsBefore(value: String) throws {
        for key in ["observations", "patient", "procedures"] {
            var prefetch = CDSFixtures.prefetch(observations: CDSFixtures.observations(count: 4, item9: 1))
            prefetch[key] = try JSONSerialization.jsonObject(with: Data(value.utf8))
            Self.expectSame(Self.data(prefetch))
            // The same value under a key nobody asks for: read and dropped as before.
            prefetch = CDSFixtures.prefetch(observations: CDSFixtures.observations(count: 4, item9: 1))
            prefetch["extra"] = try JSONSerialization.jsonObject(with: Data(value.utf8))
            Self.expectSame(Self.data(prefetch), mapped: nil)
        }
    }

    /// Repeated keys (the last counts), written by hand.
    @Test func aRepeatedKeyCountsItsLastValue() {
        let patient = #"{"resourceType":"Patient","id":"pt-synthetic-1"}"#
        let empty = #"{"resourceType":"Bundle","type":"searchset","entry":[]}"#
        let observation = String(
            decoding: try! JSONSerialization.data(
                withJSONObject: CDSFixtures.searchset(CDSFixtures.observations(count: 4, item9: 2))), as: UTF8.self)
        func body(_ members: [(String, String)]) -> Data {
            let prefetch = members.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",")
            return Data(
                (#"{"hook":"patient-view","hookInstance":"x","context":{"patientId":"pt-synthetic-1"},"prefetch":{"#
                    + prefetch + "}}").utf8)
        }
        let rest = ["questionnaireResponses", "medicationRequests", "medicationStatements", "conditions", "procedures"]
            .map { ($0, empty) }
        Self.expectSame(body([("patient", patient), ("observations", empty), ("observations", observation)] + rest), mapped: true)
        Self.expectSame(body([("patient", patient), ("observations", observation), ("observations", empty)] + rest), mapped: true)
        Self.expectSame(body([("patient", patient), ("observations", observation), ("observations", "null")] + rest), mapped: false)
        Self.expectSame(body([("patient", patient), ("observations", "7"), ("observations", observation)] + rest))
        Self.expectSame(body([("patient", patient), ("observations", observation), ("observations", "7")] + rest))
    }

    /// One Observation changed in one way at a time: members removed, `null`, of the wrong type, odd values.
    @Test func changedObservationsAreMappedAsBefore() throws {
        let replacements: [Any?] = [nil, NSNull(), 7, "x", [Any](), [String: Any](), true, "2026-13-45", ""]
        let members = [
            "resourceType", "id", "status", "code", "subject", "effectiveDateTime", "valueQuantity", "valueInteger",
            "valueCodeableConcept", "category", "component", "issued", "effectivePeriod", "valueString",
            "dataAbsentReason", "hasMember",
        ]
        var bodies = 0
        for (position, builder) in [
            (3, { CDSFixtures.phq9Total(14, on: "2026-10-01", id: "t") }),
            (2, { CDSFixtures.phq9Item9(2, on: "2026-10-01", id: "i") }),
        ] as [(Int, () -> [String: Any])] {
            for member in members {
                for replacement in replacements {
                    var observations = CDSFixtures.observations(count: 6, item9: 1)
                    var changed = builder()
                    changed[member] = replacement
                    observations[position] = changed
                    Self.expectSame(
                        Self.data(
                            CDSFixtures.prefetch(
                                observations: observations, medications: Self.medications, conditions: Self.conditions)))
                    bodies += 1
                }
            }
        }
        // Inside the members: codings, references, quantities, components.
        let inner: [(String, Any?)] = [
            ("code", ["coding": NSNull()]), ("code", ["coding": [[String: Any]()]]), ("code", ["coding": [["system": 7]]]),
            ("code", ["coding": [["system": "http://loinc.org", "code": "44261-6"], ["system": "http://snomed.info/sct", "code": "1"]]]),
            ("code", ["text": "PHQ-9"]), ("subject", ["reference": ""]), ("subject", ["reference": 7]),
            ("subject", ["reference": "Patient/someone-else"]), ("subject", ["display": "no reference"]),
            ("valueQuantity", ["value": "14"]), ("valueQuantity", ["value": 14.5, "unit": "score"]),
            ("valueQuantity", ["unit": "{score}"]), ("valueQuantity", ["value": 1e300]),
            ("component", [["code": ["coding": [["system": "http://loinc.org", "code": "44260-8"]]], "valueInteger": 2]]),
            ("component", [7]), ("category", [["coding": [["code": "survey"]]]]), ("category", [7]),
            ("effectiveDateTime", "2026-10-01T10:00:00+02:00"), ("effectiveDateTime", "2026"), ("effectiveDateTime", "2026-1\u{0}0"),
            ("effectivePeriod", ["start": "2026-10-01"]), ("valueInteger", 14), ("valueInteger", 1.5),
            ("id", "with \"quotes\" and \\ escapes é"), ("status", "entered-in-error"), ("status", "preliminary"),
        ]
        for (member, value) in inner {
            var observations = CDSFixtures.observations(count: 6, item9: 1)
            var changed = CDSFixtures.phq9Total(14, on: "2026-10-01", id: "t")
            changed[member] = value
            observations[3] = changed
            Self.expectSame(Self.data(CDSFixtures.prefetch(observations: observations)))
            bodies += 1
        }
        #expect(bodies > 300)
    }

    /// The same for the other resources the prefetch carries.
    @Test func changedOtherResourcesAreMappedAsBefore() {
        let replacements: [Any?] = [nil, NSNull(), 7, "x", [Any](), [String: Any]()]
        for member in ["resourceType", "id", "status", "subject", "medicationCodeableConcept", "dosageInstruction", "authoredOn"] {
            for replacement in replacements {
                var medications = Self.medications
                medications[1][member] = replacement
                Self.expectSame(Self.data(CDSFixtures.prefetch(medications: medications, conditions: Self.conditions)))
            }
        }
        for member in ["resourceType", "id", "subject", "code", "clinicalStatus"] {
            for replacement in replacements {
                var conditions = Self.conditions
                conditions[0][member] = replacement
                Self.expectSame(Self.data(CDSFixtures.prefetch(medications: Self.medications, conditions: conditions)))
            }
        }
        for member in ["resourceType", "id", "birthDate", "gender"] {
            for replacement in replacements {
                var prefetch = CDSFixtures.prefetch()
                var patient = CDSFixtures.patient()
                patient[member] = replacement
                prefetch["patient"] = patient
                Self.expectSame(Self.data(prefetch))
            }
        }
    }

    /// Entries that are not objects, with no or several resources, nested Bundles, OperationOutcomes.
    @Test func awkwardEntriesAreMappedAsBefore() throws {
        let observation = CDSFixtures.phq9Total(12, on: "2026-10-01", id: "x")
        let entries: [Any] = [
            7, NSNull(), ["fullUrl": "u"], ["resource": NSNull()], ["resource": 7], ["resource": observation],
            ["resource": ["resourceType": "OperationOutcome", "issue": [["severity": "warning", "code": "processing"]]]],
            ["resource": CDSFixtures.searchset([observation, CDSFixtures.phq9Item9(3, on: "2026-10-02", id: "y")])],
            ["resource": ["resourceType": "Bundle", "type": "collection"]], ["resource": ["resourceType": "Bundle"]],
            ["resource": ["resourceType": "Basic", "id": "b"]], ["resource": ["resourceType": "NoSuchType"]],
            ["resource": ["resourceType": "Observation", "status": "final", "code": ["coding": [["system": "http://loinc.org", "code": "44261-6"]]], "valueInteger": 12]],
        ]
        for entry in entries {
            var prefetch = CDSFixtures.prefetch(observations: CDSFixtures.observations(count: 4, item9: 0))
            var bundle = CDSFixtures.searchset(CDSFixtures.observations(count: 4, item9: 2))
            var list = bundle["entry"] as? [Any] ?? []
            list.insert(entry, at: 1)
            bundle["entry"] = list
            prefetch["observations"] = bundle
            Self.expectSame(Self.data(prefetch), mapped: true)
        }
    }

    @Test func patientViewLeavesOutOnlyTheActiveMedicationNames() throws {
        // patient-view shows no order checks: it asks for no active medication names, and everything else
        // read from the body is what the order-check hooks get.
        let data = Self.data(
            CDSFixtures.prefetch(
                observations: CDSFixtures.observations(item9: 1), medications: Self.medications, conditions: Self.conditions))
        let withNames = try data.withUnsafeBytes {
            try CDSHookRequestDecoder.decodeMapped(bytes: $0, keys: Self.keys, mapper: Self.mapper)
        }
        let withoutNames = try data.withUnsafeBytes {
            try CDSHookRequestDecoder.decodeMapped(bytes: $0, keys: Self.keys, mapper: Self.mapper, activeMedications: false)
        }
        let named = try #require(withNames.mapped)
        let unnamed = try #require(withoutNames.mapped)
        #expect(!named.activeMedicationNames.isEmpty)
        #expect(unnamed.activeMedicationNames.isEmpty)
        #expect(unnamed.result == named.result)
        #expect(unnamed.problems == named.problems)
        #expect(withoutNames.request.hook == withNames.request.hook)
        #expect(withoutNames.request.context.patientId == withNames.request.context.patientId)
        #expect(withoutNames.flattened == nil && withNames.flattened == nil)
    }

    @Test func theBenchBodiesAreMapped() throws {
        // The bench's patients are made by scripts/bench/make-cds-body.py; the fixtures' 50-observation
        // patient has the same shape (PHQ-9 totals with separate item-9 answers, one key per template).
        let data = Self.data(
            CDSFixtures.prefetch(
                observations: CDSFixtures.observations(item9: 1), medications: Self.medications, conditions: Self.conditions))
        let new = try Self.after(data)
        let mapped = try #require(new.mapped)
        #expect(mapped.result.records.first?.measurements.isEmpty == false)
        #expect(mapped.problems == 0)
    }
}
