// SPDX-License-Identifier: Apache-2.0

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
}
