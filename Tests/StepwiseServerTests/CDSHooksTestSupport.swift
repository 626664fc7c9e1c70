// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import Logging
import NIOCore
import StepwiseCore
import StepwiseFHIR
import Testing

@testable import StepwiseServer

/// Shared fixtures for the CDS Hooks contract tests: a fixed "today", a signing key, JWTs,
/// synthetic FHIR prefetch (no real patient data) and the application under test.
enum CDSFixtures {
    static let today = LocalDate("2026-11-21")!
    static let issuer = "https://ehr.example.test"
    static let baseURL = "https://stepwise.example.test"
    static let knowledge: KnowledgeBase = {
        do { return try KnowledgeBase.bundled() } catch { fatalError("bundled knowledge must load: \(error)") }
    }()

    /// A fresh ES384 key pair for a test.
    static func makeKey() -> ES384PrivateKey { ES384PrivateKey() }

    static func configuration(
        publicKeyPEM: String? = nil, jwksURL: String? = nil, insecure: Bool = false
    ) -> CDSHooksService.Configuration {
        var issuers: [CDSHooksService.TrustedIssuer] = []
        if publicKeyPEM != nil || jwksURL != nil {
            issuers.append(.init(issuer: issuer, keys: publicKeyPEM.map { [$0] } ?? [], jwksURL: jwksURL))
        }
        return .init(baseURL: baseURL, issuers: issuers, allowInsecureDevelopmentMode: insecure)
    }

    static func application(
        _ configuration: CDSHooksService.Configuration, feedback: any CDSFeedbackStore = InMemoryCDSFeedbackStore(),
        logger: Logger = Logger(label: "cds-test")
    ) async throws -> some ApplicationProtocol {
        try await buildCDSHooksApplication(
            configuration: configuration, knowledge: knowledge, feedbackStore: feedback, today: { today },
            address: .hostname("127.0.0.1", port: 0), logger: logger)
    }

    // MARK: JWT

    struct Claims: JWTPayload {
        var iss: IssuerClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var iat: IssuedAtClaim
        var jti: IDClaim
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// A signed client JWT; every claim can be overridden to build a bad one.
    static func token(
        key: ES384PrivateKey, kid: String = "k1", issuer: String = issuer, service: String = "stepwise-patient-view",
        audience: String? = nil, issuedAt: Date = Date(), lifetime: TimeInterval = 300, jti: String = UUID().uuidString,
        jku: String? = nil
    ) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: key, kid: JWKIdentifier(string: kid))
        var header = JWTHeader()
        header.typ = "JWT"
        if let jku { header.jku = jku }
        let claims = Claims(
            iss: .init(value: issuer), aud: .init(value: [audience ?? "\(baseURL)/cds-services/\(service)"]),
            exp: .init(value: issuedAt.addingTimeInterval(lifetime)), iat: .init(value: issuedAt), jti: .init(value: jti))
        return try await keys.sign(claims, kid: JWKIdentifier(string: kid), header: header)
    }

    /// The public key as a JWK Set JSON document.
    static func jwks(_ key: ES384PrivateKey, kid: String = "k1") -> String {
        let parameters = key.publicKey.parameters!
        return """
            {"keys":[{"kty":"EC","crv":"P-384","alg":"ES384","use":"sig","kid":"\(kid)","x":"\(parameters.x)","y":"\(parameters.y)"}]}
            """
    }

    static func headers(token: String?) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json"]
        if let token { fields[.authorization] = "Bearer \(token)" }
        return fields
    }

    // MARK: FHIR prefetch

    static let patientID = "pt-synthetic-1"

    static func patient() -> [String: Any] {
        ["resourceType": "Patient", "id": patientID, "birthDate": "1980-03-02", "gender": "female"]
    }

    static func searchset(_ resources: [[String: Any]]) -> [String: Any] {
        ["resourceType": "Bundle", "type": "searchset", "total": resources.count,
         "entry": resources.map { ["fullUrl": "urn:uuid:\(UUID().uuidString.lowercased())", "resource": $0] }]
    }

    static var subject: [String: Any] { ["reference": "Patient/\(patientID)"] }

    /// A PHQ-9 total Observation.
    static func phq9Total(_ score: Int, on date: String, id: String) -> [String: Any] {
        ["resourceType": "Observation", "id": id, "status": "final", "subject": subject, "effectiveDateTime": date,
         "code": ["coding": [["system": "http://loinc.org", "code": "44261-6", "display": "PHQ-9 total score"]]],
         "valueQuantity": ["value": score, "unit": "{score}", "system": "http://unitsofmeasure.org", "code": "{score}"]]
    }

    /// A PHQ-9 item 9 Observation with its LOINC answer.
    static func phq9Item9(_ answer: Int, on date: String, id: String) -> [String: Any] {
        let answers = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]
        return ["resourceType": "Observation", "id": id, "status": "final", "subject": subject,
                "effectiveDateTime": date,
                "code": ["coding": [["system": "http://loinc.org", "code": "44260-8"]]],
                "valueCodeableConcept": ["coding": [["system": "http://loinc.org", "code": answers[answer]]]]]
    }

    /// A MedicationRequest for an RxNorm ingredient at `mg` once daily.
    static func medicationRequest(
        rxnorm: String, name: String, mg: Double, start: String, end: String? = nil, status: String = "active",
        id: String
    ) -> [String: Any] {
        var period: [String: Any] = ["start": start]
        if let end { period["end"] = end }
        let request: [String: Any] = [
            "resourceType": "MedicationRequest", "id": id,
            "status": end != nil && status == "active" ? "completed" : status, "intent": "order", "subject": subject,
            "authoredOn": start,
            "medicationCodeableConcept": ["coding": [["system": "http://www.nlm.nih.gov/research/umls/rxnorm",
                                                      "code": rxnorm, "display": name]]],
            "dosageInstruction": [["timing": ["repeat": ["frequency": 1, "period": 1, "periodUnit": "d",
                                                         "boundsPeriod": period]],
                                   "doseAndRate": [["doseQuantity": ["value": mg, "unit": "mg",
                                                                     "system": "http://unitsofmeasure.org", "code": "mg"]]]]],
        ]
        return request
    }

    static func condition(icd10: String, display: String, id: String) -> [String: Any] {
        ["resourceType": "Condition", "id": id, "subject": subject,
         "clinicalStatus": ["coding": [["system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"]]],
         "code": ["coding": [["system": "http://hl7.org/fhir/sid/icd-10-cm", "code": icd10, "display": display]]]]
    }

    /// A 50-observation patient: weekly PHQ-9 totals and item 9 answers over 25 weeks.
    static func observations(count: Int = 50, item9: Int = 0) -> [[String: Any]] {
        var resources: [[String: Any]] = []
        for week in 0..<(count / 2) {
            let date = today.adding(days: -7 * (count / 2 - week)).description
            resources.append(phq9Total(max(8, 22 - week / 3), on: date, id: "phq9-\(week)"))
            resources.append(phq9Item9(week == count / 2 - 1 ? item9 : 0, on: date, id: "phq9-i9-\(week)"))
        }
        return resources
    }

    /// The complete prefetch for a patient; `omit` leaves keys out.
    static func prefetch(
        observations: [[String: Any]] = observations(), medications: [[String: Any]] = [],
        conditions: [[String: Any]] = [], omit: Set<String> = []
    ) -> [String: Any] {
        let all: [String: Any] = [
            "patient": patient(), "observations": searchset(observations),
            "questionnaireResponses": searchset([]), "medicationRequests": searchset(medications),
            "medicationStatements": searchset([]), "conditions": searchset(conditions), "procedures": searchset([]),
        ]
        return all.filter { !omit.contains($0.key) }
    }

    static func hookBody(
        hook: String = "patient-view", prefetch: [String: Any]?, draftOrders: [[String: Any]]? = nil,
        fhirServer: String? = nil, accessToken: String? = nil
    ) -> ByteBuffer {
        var context: [String: Any] = ["userId": "Practitioner/example", "patientId": patientID]
        if let draftOrders {
            context["draftOrders"] = ["resourceType": "Bundle", "type": "collection",
                                      "entry": draftOrders.map { ["resource": $0] }]
        }
        var body: [String: Any] = ["hook": hook, "hookInstance": UUID().uuidString.lowercased(), "context": context]
        if let prefetch { body["prefetch"] = prefetch }
        if let fhirServer { body["fhirServer"] = fhirServer }
        if let accessToken {
            body["fhirAuthorization"] = ["access_token": accessToken, "token_type": "Bearer", "expires_in": 300,
                                         "scope": "patient/*.read", "subject": "stepwise"]
        }
        return ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: body))
    }

    static func cards(_ response: TestResponse) throws -> [CDSCard] {
        try JSONDecoder().decode(CDSHookResponse.self, from: Data(response.body.readableBytesView)).cards
    }

    static func outcome(_ response: TestResponse) throws -> R4.OperationOutcome {
        try JSONDecoder().decode(R4.OperationOutcome.self, from: Data(response.body.readableBytesView))
    }
}
