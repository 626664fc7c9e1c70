// SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import Foundation
import NIOCore
import StepwiseCore
import Testing

@testable import StepwiseFHIR
@testable import StepwiseServer

@Suite struct CDSHooksRequestDecoderTests {
    static func body(_ prefetch: [String: Any]?, drafts: [[String: Any]]? = nil) -> Data {
        Data(CDSFixtures.hookBody(hook: drafts == nil ? "patient-view" : "order-sign", prefetch: prefetch, draftOrders: drafts, fhirServer: "https://fhir.example.test/r4", accessToken: "t").readableBytesView)
    }

    @Test func fastPathReadsTheSameRequestAsJSONDecoder() throws {
        let prefetch = CDSFixtures.prefetch(
            observations: CDSFixtures.observations(item9: 2),
            medications: [
                CDSFixtures.medicationRequest(
                    rxnorm: "36437", name: "sertraline", mg: 100, start: "2026-05-01", end: "2026-11-14", id: "h1")
            ],
            conditions: [CDSFixtures.condition(icd10: "F31.81", display: "Bipolar II", id: "c1")])
        let data = Self.body(prefetch, drafts: [CDSOrderHookDrafts.sertraline])
        let fast = try #require(CDSHookRequestDecoder.fastDecode(data))
        let slow = try JSONDecoder().decode(CDSHookRequest<R4.Resource>.self, from: data)
        #expect(fast.hook == slow.hook)
        #expect(fast.hookInstance == slow.hookInstance)
        #expect(fast.fhirServer == slow.fhirServer)
        #expect(fast.fhirAuthorization == slow.fhirAuthorization)
        #expect(fast.context.patientId == slow.context.patientId)
        #expect(Set(fast.prefetch?.keys ?? [:].keys) == Set(slow.prefetch?.keys ?? [:].keys))
        // What matters clinically: both decode to the same patient record.
        func record(_ request: CDSHookRequest<R4.Resource>) -> PatientRecord {
            var resources: [R4.Resource] = []
            for key in (request.prefetch ?? [:]).keys.sorted() {
                if let value = request.prefetch?[key], let value { _ = CDSPrefetchResolver.flatten(value, into: &resources) }
            }
            return CDSRecordMapping(knowledge: CDSFixtures.knowledge).record(
                from: resources, patientID: CDSFixtures.patientID, asOf: CDSFixtures.today).record
        }
        #expect(record(fast) == record(slow))
        #expect(record(fast).measurements.count == 25)  // totals and item 9 of one day form one PHQ-9
        #expect(record(fast).measurements.contains { $0.answer(item: 9) == 2 })
        let knowledge = CDSFixtures.knowledge
        #expect(
            CDSDraftOrder.orders(in: fast.context.draftOrders, drugs: knowledge.drugs).map(\.mgPerDay)
                == CDSDraftOrder.orders(in: slow.context.draftOrders, drugs: knowledge.drugs).map(\.mgPerDay))
    }

    @Test func decodingFromTheBodyBufferReadsWhatDecodingFromDataReads() throws {
        let prefetch = CDSFixtures.prefetch(
            observations: CDSFixtures.observations(item9: 2),
            conditions: [CDSFixtures.condition(icd10: "F33.2", display: "Recurrent severe", id: "c1")])
        let data = Self.body(prefetch)
        let fromData = try CDSHookRequestDecoder.decode(data)
        let fromBytes = try data.withUnsafeBytes { try CDSHookRequestDecoder.decode(bytes: $0) }
        #expect(fromBytes.hook == fromData.hook)
        #expect(fromBytes.hookInstance == fromData.hookInstance)
        #expect(fromBytes.fhirServer == fromData.fhirServer)
        #expect(fromBytes.fhirAuthorization == fromData.fhirAuthorization)
        #expect(fromBytes.context.patientId == fromData.context.patientId)
        #expect(fromBytes.prefetch == fromData.prefetch)
        #expect(fromBytes.prefetch?["observations"] != nil)
    }

    @Test(arguments: [
        #"{"hook":1,"hookInstance":"x","context":{}}"#, #"{"hook":"patient-view","context":{}}"#, "[1]", "{", "",
    ])
    func badBodiesInABufferGetTheSameErrorsAsFromData(body: String) {
        let data = Data(body.utf8)
        let fromData = Self.errorText { try CDSHookRequestDecoder.decode(data) }
        let fromBytes = Self.errorText { try data.withUnsafeBytes { try CDSHookRequestDecoder.decode(bytes: $0) } }
        #expect(fromData != nil)
        #expect(fromBytes == fromData)
    }

    static func errorText(_ body: () throws -> CDSHookRequest<R4.Resource>) -> String? {
        do {
            _ = try body()
            return nil
        } catch let error as DecodingError {
            let description = DecodingErrorDescription(error)
            return "\(description.path): \(description.message)"
        } catch let error as CDSHookRequestDecoder.SyntaxError {
            return error.description
        } catch {
            return "\(type(of: error))"
        }
    }

    @Test(arguments: [#""Bundle""#, #""Bun\u0064le""#])
    func aBundleIsRecognisedHoweverItsTypeIsSpelt(type: String) throws {
        let body = #"{"hook":"patient-view","hookInstance":"x","context":{"patientId":"p1"},"prefetch":{"p":{"resourceType":"#
            + type + #","type":"searchset","entry":[{"resource":{"resourceType":"Patient","id":"p1"}}]}}}"#
        let fast = try #require(CDSHookRequestDecoder.fastDecode(Data(body.utf8)))
        let slow = try JSONDecoder().decode(CDSHookRequest<R4.Resource>.self, from: Data(body.utf8))
        guard case .some(.some(.bundle(let bundle))) = fast.prefetch?["p"] else {
            Issue.record("not read as a Bundle")
            return
        }
        #expect(bundle.entry?.count == 1)
        #expect(fast.prefetch == slow.prefetch)
    }

    @Test func nullPrefetchKeysStayMissing() throws {
        var prefetch = CDSFixtures.prefetch()
        prefetch["observations"] = NSNull()
        let fast = try #require(CDSHookRequestDecoder.fastDecode(Self.body(prefetch)))
        #expect(fast.prefetch?["observations"] == .some(nil))
        #expect(fast.prefetch?["patient"] != nil)
    }

    @Test(arguments: [
        #"{"hook":1,"hookInstance":"x","context":{}}"#, #"{"hook":"patient-view","context":{}}"#, "[1]", "{", "",
        #"{"hook":"patient-view","hookInstance":"x","context":{},"prefetch":{"p":{"resourceType":"Bundle"}}}"#,
    ])
    func badBodiesFallBackToJSONDecoderErrors(body: String) {
        #expect(CDSHookRequestDecoder.fastDecode(Data(body.utf8)) == nil)
        #expect(throws: (any Error).self) { try CDSHookRequestDecoder.decode(Data(body.utf8)) }
    }

    @Test func anEntryTheTapeRefusesIsStillReadByCodable() throws {
        // An Observation without subject is refused by the bulk reader but decodes with Codable.
        let observation: [String: Any] = [
            "resourceType": "Observation", "status": "final",
            "code": ["coding": [["system": "http://loinc.org", "code": "44261-6"]]], "valueInteger": 12,
        ]
        let prefetch: [String: Any] = ["observations": CDSFixtures.searchset([observation])]
        let fast = try #require(CDSHookRequestDecoder.fastDecode(Self.body(prefetch)))
        guard case .some(.some(.bundle(let bundle))) = fast.prefetch?["observations"] else {
            Issue.record("observations is not a bundle")
            return
        }
        guard case .observation = bundle.entry?.first?.resource else {
            Issue.record("the entry was lost: \(String(describing: bundle.entry?.first?.problem?.message))")
            return
        }
    }

    // MARK: Prefetch flattened while decoding

    /// The request and prefetch the service used before: decoded whole, then each value flattened.
    static func decodedThenFlattened(
        _ data: Data
    ) throws -> (request: CDSHookRequest<R4.Resource>, prefetch: [String: CDSFlatPrefetch?]?) {
        var request = try CDSHookRequestDecoder.decode(data)
        let prefetch = request.prefetch.take()
        return (request, prefetch.map { $0.mapValues { value in value.map { CDSFlatPrefetch(flattening: $0) } } })
    }

    static func flattened(_ data: Data) throws -> (request: CDSHookRequest<R4.Resource>, prefetch: [String: CDSFlatPrefetch?]?) {
        try data.withUnsafeBytes { try CDSHookRequestDecoder.decodeFlattened(bytes: $0) }
    }

    static func expectSame(_ data: Data, fast: Bool, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let old = try decodedThenFlattened(data)
        let new = try flattened(data)
        #expect(new.request.hook == old.request.hook, sourceLocation: sourceLocation)
        #expect(new.request.hookInstance == old.request.hookInstance, sourceLocation: sourceLocation)
        #expect(new.request.fhirServer == old.request.fhirServer, sourceLocation: sourceLocation)
        #expect(new.request.fhirAuthorization == old.request.fhirAuthorization, sourceLocation: sourceLocation)
        #expect(new.request.context.patientId == old.request.context.patientId, sourceLocation: sourceLocation)
        #expect(new.request.context.draftOrders == old.request.context.draftOrders, sourceLocation: sourceLocation)
        #expect(new.request.prefetch == nil, sourceLocation: sourceLocation)
        #expect(new.prefetch == old.prefetch, sourceLocation: sourceLocation)
        let tookFastPath = data.withUnsafeBytes { CDSHookRequestDecoder.fastDecodeFlattened(bytes: $0) } != nil
        #expect(tookFastPath == fast, sourceLocation: sourceLocation)
    }

    @Test func flattenedDecodingGivesTheResourcesAndProblemsOfDecodingThenFlattening() throws {
        let prefetch = CDSFixtures.prefetch(
            observations: CDSFixtures.observations(item9: 2),
            medications: [
                CDSFixtures.medicationRequest(
                    rxnorm: "36437", name: "sertraline", mg: 100, start: "2026-05-01", end: "2026-11-14", id: "h1")
            ],
            conditions: [CDSFixtures.condition(icd10: "F33.2", display: "Recurrent severe", id: "c1")])
        try Self.expectSame(Self.body(prefetch), fast: true)
        try Self.expectSame(Self.body(prefetch, drafts: [CDSOrderHookDrafts.sertraline]), fast: true)
        let flat = try Self.flattened(Self.body(prefetch))
        #expect(flat.prefetch?["observations"]??.resources.count == 50)
        #expect(flat.prefetch?["medicationRequests"]??.resources.count == 1)
    }

    /// Awkward prefetch values: each is read as decoding then flattening reads it.
    static let awkwardPrefetch: [String] = [
        // entries that are not objects, resources that are not objects, null resources, no resource
        #"{"resourceType":"Bundle","type":"searchset","entry":[1,{"resource":2},{"resource":null},{"fullUrl":"u"},{"resource":{"resourceType":"Patient","id":"p1"}}]}"#,
        // an entry the tape refuses but Codable reads (no subject), and one nobody reads
        #"{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"44261-6"}]},"valueInteger":12}},{"resource":{"resourceType":"Observation","status":7}}]}"#,
        // nested Bundles and OperationOutcome search entries
        #"{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"OperationOutcome","issue":[{"severity":"warning","code":"processing"}]}},{"resource":{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"p2"}},3]}}]}"#,
        // two entry arrays (the last counts), a null entry after them, two resources in one entry
        #"{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Patient","id":"a"}}],"entry":[{"resource":{"resourceType":"Patient","id":"b"},"resource":{"resourceType":"Patient","id":"c"}}],"entry":null}"#,
        // a resource that is not a Bundle, an OperationOutcome alone, an empty Bundle
        #"{"resourceType":"Patient","id":"p1"}"#,
        #"{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found"}]}"#,
        #"{"resourceType":"Bundle","type":"searchset"}"#,
        // the type spelt with an escape, links and totals
        #"{"resourceType":"Bundle","type":"searchset","total":1,"link":[{"relation":"self","url":"x"}],"entry":[{"resource":{"resourceType":"Patient","id":"p1"}}]}"#,
        // refused by the fast path: no type, a type that is not a string, entry not an array
        #"{"resourceType":"Bundle","entry":[]}"#,
        #"{"resourceType":"Bundle","type":1,"entry":[]}"#,
        #"{"resourceType":"Bundle","type":"searchset","entry":{}}"#,
    ]

    @Test(arguments: Array(awkwardPrefetch.enumerated()))
    func awkwardPrefetchValuesAreFlattenedAsBefore(_ value: (offset: Int, element: String)) throws {
        let body = #"{"hook":"patient-view","hookInstance":"x","context":{"patientId":"p1"},"prefetch":{"a":null,"b":"#
            + value.element + #","c":{"resourceType":"Patient","id":"p9"}}}"#
        let data = Data(body.utf8)
        let fast = CDSHookRequestDecoder.fastDecode(data) != nil
        if (try? Self.decodedThenFlattened(data)) == nil {
            // Neither reads it: the same error.
            let old = Self.errorText { try CDSHookRequestDecoder.decode(data) }
            let new = Self.errorText { try Self.flattened(data).request }
            #expect(old != nil)
            #expect(new == old)
        } else {
            try Self.expectSame(data, fast: fast)
        }
    }

    @Test(arguments: [
        #"{"hook":1,"hookInstance":"x","context":{}}"#, #"{"hook":"patient-view","context":{}}"#, "[1]", "{", "",
        #"{"hook":"patient-view","hookInstance":"x","context":{},"prefetch":{"p":{"resourceType":"Bundle"}}}"#,
        #"{"hook":"patient-view","hookInstance":"x","context":{},"prefetch":[]}"#,
    ])
    func badBodiesGetTheSameErrorsFlattenedOrNot(body: String) {
        let data = Data(body.utf8)
        let old = Self.errorText { try CDSHookRequestDecoder.decode(data) }
        let new = Self.errorText { try Self.flattened(data).request }
        #expect(old != nil)
        #expect(new == old)
    }

    @Test func theResolverJoinsFlattenedKeysInKeyOrderAsFlatteningEachValueDid() async throws {
        // Several keys, some empty, one with unreadable entries: the resources and problem count are those
        // of flattening each decoded value into one array in key order (the resolver before).
        var prefetch = CDSFixtures.prefetch(
            observations: CDSFixtures.observations(count: 6, item9: 1),
            medications: [
                CDSFixtures.medicationRequest(
                    rxnorm: "36437", name: "sertraline", mg: 100, start: "2026-05-01", end: "2026-11-14", id: "h1")
            ],
            conditions: [CDSFixtures.condition(icd10: "F33.2", display: "Recurrent severe", id: "c1")])
        prefetch["medicationStatements"] = ["resourceType": "Bundle", "type": "searchset", "entry": [1, ["resource": 2]]]
        let data = Self.body(prefetch)
        let decoded = try CDSHookRequestDecoder.decode(data)
        var expected: [R4.Resource] = []
        var expectedProblems = 0
        for key in CDSServiceCatalog.prefetch.keys.sorted() {
            if let value = decoded.prefetch?[key], let value {
                expectedProblems += CDSPrefetchResolver.flatten(value, into: &expected)
            }
        }
        // Every key is present, so nothing is fetched.
        let resolver = CDSPrefetchResolver(
            fetcher: CDSHTTPFetcher(client: .shared, timeout: .seconds(1), maximumBytes: 1 << 20), allowPlainHTTP: false)
        let flat = try Self.flattened(data)
        let (resources, problems) = try await resolver.resolve(
            flat.request, flattened: flat.prefetch, templates: CDSServiceCatalog.prefetch)
        #expect(resources == expected)
        #expect(problems == expectedProblems)
        #expect(problems == 2)
        #expect(resources.count == 9)  // 1 condition, 6 observations, 1 medication request, the patient
        let viaDecoded = try await resolver.resolve(decoded, prefetch: decoded.prefetch, templates: CDSServiceCatalog.prefetch)
        #expect(viaDecoded.resources == expected)
        #expect(viaDecoded.problems == expectedProblems)
    }

    // MARK: The bulk decoder asked first

    /// `Reader.resource(_:)` as it was before the bulk decoder was asked first: the members scanned for a
    /// Bundle, then the bulk decoder for anything else.
    static func resourceScanningFirst(_ reader: CDSHookRequestDecoder.Reader, _ index: Int) throws -> R4.Resource {
        let tape = reader.tape
        guard tape.kind(index) == .object else { throw CDSHookRequestDecoder.Unreadable() }
        var isBundle = false
        tape.forEachMember(index) { k, v in
            if tape.string(k, is: "resourceType") { isBundle = tape.string(v, is: "Bundle") }
        }
        guard isBundle else {
            do {
                return try BulkResourceDecoder.decode(tape, root: index, expectedType: nil)
            } catch {
                throw CDSHookRequestDecoder.Unreadable()
            }
        }
        return .bundle(try reader.bundle(index))
    }

    @Test func everyObjectInABodyIsReadAsScanningForABundleFirstReadIt() throws {
        var bodies = Self.awkwardPrefetch.map {
            #"{"hook":"patient-view","hookInstance":"x","context":{"patientId":"p1"},"prefetch":{"b":"# + $0 + "}}"
        }
        // The type spelt with escapes, repeated, not a string, missing, unknown; nested at every depth.
        bodies.append(
            #"{"p":{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Bun\u0064le","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"n"}}]}},"#
                + #"{"resource":{"resourceType":"Bundle","resourceType":"Patient","id":"x"}},{"resource":{"resourceType":"Patient","resourceType":"Bundle","type":"batch"}},"#
                + #"{"resource":{"resourceType":"Patient","resourceType":"Bundle"}},{"resource":{"resourceType":7}},{"resource":{"id":"no-type"}},"#
                + #"{"resource":{"resourceType":"NotAType"}},{"resource":{"resourceType":"Basic","id":"b"}},{"resource":{"resourceType":""}}]}}"#)
        bodies.append(String(decoding: Self.body(CDSFixtures.prefetch(observations: CDSFixtures.observations(item9: 1))), as: UTF8.self))
        var compared = 0
        var bundles = 0
        for body in bodies {
            try Array(body.utf8).withUnsafeBytes { bytes in
                var tape = JSONTape()
                try tape.parse(bytes)
                let reader = CDSHookRequestDecoder.Reader(tape: tape)
                for index in tape.tokens.indices where tape.kind(index) == .object {
                    let before = try? Self.resourceScanningFirst(reader, index)
                    let after = try? reader.resource(index)
                    #expect(after == before, "object at token \(index) of \(body.prefix(80))")
                    compared += 1
                    if case .bundle = before { bundles += 1 }
                }
            }
        }
        #expect(compared > 100)
        #expect(bundles > 10)
    }
}
