// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import StepwiseCore
import StepwiseFHIR
import Testing

@testable import StepwiseServer

/// A CDS Hooks body must be JSON (RFC 8259): Foundation's `JSONDecoder` on Linux accepts a trailing comma,
/// so a body with one used to be answered with cards. Now it is a 400 naming the line and column, and feedback
/// with an unknown outcome says which outcomes there are.
@Suite struct CDSHooksStrictJSONTests {
    static let patientView = "/cds-services/stepwise-patient-view"
    static let orderSign = "/cds-services/stepwise-order-sign"

    /// A usual patient-view body whose last `}` gets a comma before it: `…}},}`.
    static func bodyWithTrailingComma() -> (good: String, bad: String) {
        let good = String(buffer: CDSFixtures.hookBody(prefetch: CDSFixtures.prefetch(observations: CDSFixtures.observations(item9: 2))))
        var bad = good
        bad.removeLast()
        bad += ",}"
        return (good, bad)
    }

    @Test func aHookBodyWithATrailingCommaIsA400NamingLineAndColumnNotCards() async throws {
        let (good, bad) = Self.bodyWithTrailingComma()
        let app = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true))
        try await app.test(.live) { client in
            let answered = try await client.execute(
                uri: Self.patientView, method: .post, headers: CDSFixtures.headers(token: nil), body: ByteBuffer(string: good))
            #expect(answered.status == .ok)
            #expect(try !CDSFixtures.cards(answered).isEmpty)

            let refused = try await client.execute(
                uri: Self.patientView, method: .post, headers: CDSFixtures.headers(token: nil), body: ByteBuffer(string: bad))
            #expect(refused.status == .badRequest)
            #expect(refused.headers[.contentType] == "application/fhir+json")
            let issue = try #require(try CDSFixtures.outcome(refused).issue.first)
            #expect(issue.code == "structure")
            let column = bad.utf8.count  // the closing brace after the comma, 1-based
            #expect(
                issue.diagnostics
                    == "the body is not valid JSON: expected a quoted member name at line 1, column \(column) (byte \(column - 1))")
        }
    }

    @Test(arguments: [
        "{\n  \"hook\": \"patient-view\",\n}",
        #"{"hook":"patient-view","hookInstance":"x","context":{"patientId":"p1"},"prefetch":{"p":[1,2,]}}"#,
        #"{'hook':'patient-view'}"#,
        #"{"hook":"patient-view"} // comment"#,
        #"{"hook":"patient-view","hookInstance":"x","context":{"patientId":"p1"},"x":NaN}"#,
        #"{"hook":"patient-view","hookInstance":"x","context":{"patientId":"p1"},"x":01}"#,
        "{",
        "",
    ])
    func malformedBodiesAreSyntaxErrorsOnEveryDecodingPath(body: String) throws {
        let data = Data(body.utf8)
        let expected = try #require(Self.syntaxError { _ = try CDSHookRequestDecoder.decode(data) })
        #expect(expected.line >= 1 && expected.column >= 1 && expected.offset <= data.count)
        #expect(!expected.description.contains("patient-view"))  // never the content
        #expect(Self.syntaxError { _ = try data.withUnsafeBytes { try CDSHookRequestDecoder.decode(bytes: $0) } } == expected)
        #expect(Self.syntaxError { _ = try data.withUnsafeBytes { try CDSHookRequestDecoder.decodeFlattened(bytes: $0) } } == expected)
        let mapper = FHIRRecordMapper(knowledge: CDSFixtures.knowledge, asOf: CDSFixtures.today)
        #expect(
            Self.syntaxError {
                _ = try data.withUnsafeBytes {
                    try CDSHookRequestDecoder.decodeMapped(bytes: $0, keys: ["p"], mapper: mapper)
                }
            } == expected)
    }

    @Test func theLineAndColumnAreThoseOfTheFirstProblem() throws {
        let body = "{\n  \"hook\": \"patient-view\",\n}"
        let error = try #require(Self.syntaxError { _ = try CDSHookRequestDecoder.decode(Data(body.utf8)) })
        #expect(error == .init(line: 3, column: 1, offset: body.utf8.count - 1, reason: "expected a quoted member name"))
    }

    @Test func wellFormedBodiesTheFastPathCannotReadStillGetJSONDecoderErrors() {
        // Valid JSON, not a hook request: the JSON path is named as before, no syntax error.
        let data = Data(#"{"hook":1,"hookInstance":"x","context":{}}"#.utf8)
        #expect(Self.syntaxError { _ = try CDSHookRequestDecoder.decode(data) } == nil)
        #expect(throws: DecodingError.self) { try CDSHookRequestDecoder.decode(data) }
    }

    @Test func anOrderHookAndFeedbackRefuseATrailingCommaToo() async throws {
        let app = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true))
        try await app.test(.live) { client in
            var order = String(buffer: CDSFixtures.hookBody(hook: "order-sign", prefetch: CDSFixtures.prefetch(), draftOrders: []))
            order.removeLast()
            order += ",}"
            let hook = try await client.execute(
                uri: Self.orderSign, method: .post, headers: CDSFixtures.headers(token: nil), body: ByteBuffer(string: order))
            #expect(hook.status == .badRequest)
            #expect(try CDSFixtures.outcome(hook).issue.first?.diagnostics?.hasPrefix("the body is not valid JSON: ") == true)

            let feedback = #"{"feedback":[{"card":"0a1b2c","outcome":"accepted","outcomeTimestamp":"2026-11-21T09:00:00Z"},]}"#
            let stored = try await client.execute(
                uri: Self.orderSign + "/feedback", method: .post, headers: CDSFixtures.headers(token: nil),
                body: ByteBuffer(string: feedback))
            #expect(stored.status == .badRequest)
            #expect(
                try CDSFixtures.outcome(stored).issue.first?.diagnostics
                    == "the body is not valid JSON: unexpected character, expected a value at line 1, column \(feedback.utf8.count - 1) (byte \(feedback.utf8.count - 2))")
        }
    }

    @Test(arguments: [#""exploded""#, #""Accepted""#, "1", "null"])
    func feedbackWithAnUnknownOutcomeSaysWhichOutcomesThereAre(outcome: String) async throws {
        let app = try await CDSFixtures.application(CDSFixtures.configuration(insecure: true))
        try await app.test(.live) { client in
            let body = #"{"feedback":[{"card":"0a1b2c","outcome":"# + outcome + #","outcomeTimestamp":"2026-11-21T09:00:00Z"}]}"#
            let response = try await client.execute(
                uri: Self.patientView + "/feedback", method: .post, headers: CDSFixtures.headers(token: nil),
                body: ByteBuffer(string: body))
            #expect(response.status == .badRequest)
            let issue = try #require(try CDSFixtures.outcome(response).issue.first)
            #expect(issue.diagnostics == "outcome must be accepted or overridden")
            #expect(issue.expression == ["$.feedback[0].outcome"])
        }
    }

    @Test func bothOutcomesStillDecode() throws {
        for outcome in CDSFeedback.Outcome.allCases {
            let body = #"{"card":"c","outcome":""# + outcome.rawValue + #"","outcomeTimestamp":"t"}"#
            #expect(try JSONDecoder().decode(CDSFeedback.self, from: Data(body.utf8)).outcome == outcome)
        }
    }

    static func syntaxError(_ body: () throws -> Void) -> CDSHookRequestDecoder.SyntaxError? {
        do {
            try body()
            return nil
        } catch let error as CDSHookRequestDecoder.SyntaxError {
            return error
        } catch {
            return nil
        }
    }
}
