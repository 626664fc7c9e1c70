// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import StepwiseServer
import Testing

@testable import StepwiseCLI

/// `stepwise serve --cds-issuer ISSUER=JWKS-URL` and `--cds-issuer-key ISSUER=FILE`: one trusted issuer
/// per `iss`, with its JWKS URL and the keys read from files.
@Suite struct ServeOptionsTests {
    static let pem = """
        -----BEGIN PUBLIC KEY-----
        MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEexample
        -----END PUBLIC KEY-----

        """
    static let files: [String: String] = [
        "/etc/stepwise/ehr.pem": pem,
        "/etc/stepwise/ehr.jwks.json": #"{"keys":[{"kty":"EC","crv":"P-256","x":"a","y":"b"}]}"#,
        "/etc/stepwise/private.pem": "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n",
    ]

    func read(_ path: String) throws -> String {
        guard let text = Self.files[path] else { throw CocoaError(.fileNoSuchFile) }
        return text
    }

    @Test func jwksURLsAndKeyFilesOfOneIssuerCombine() throws {
        let issuers = try StepwiseCommand.Serve.trustedIssuers(
            jwks: ["https://ehr.example.org=https://ehr.example.org/.well-known/jwks.json"],
            keyFiles: [
                "https://ehr.example.org=/etc/stepwise/ehr.pem", "https://other.example.org/fhir=/etc/stepwise/ehr.jwks.json",
            ],
            read: read)
        #expect(issuers.map(\.issuer) == ["https://ehr.example.org", "https://other.example.org/fhir"])
        #expect(issuers[0].jwksURL == "https://ehr.example.org/.well-known/jwks.json")
        #expect(issuers[0].keys == [Self.pem.trimmingCharacters(in: .whitespacesAndNewlines)])
        #expect(issuers[1].jwksURL == nil)
        #expect(issuers[1].keys.count == 1)
        #expect(issuers[1].keys[0].hasPrefix("{\"keys\""))
    }

    @Test func aSecondJWKSURLForTheSameIssuerIsAnAllowedJKU() throws {
        let issuers = try StepwiseCommand.Serve.trustedIssuers(
            jwks: ["https://ehr.example.org=https://ehr.example.org/jwks-a", "https://ehr.example.org=https://ehr.example.org/jwks-b"],
            keyFiles: [], read: read)
        #expect(issuers.count == 1)
        #expect(issuers[0].jwksURL == "https://ehr.example.org/jwks-a")
        #expect(issuers[0].allowedJKU == ["https://ehr.example.org/jwks-b"])
    }

    @Test(arguments: [
        (["ehr-without-url"], [String](), "--cds-issuer takes ISSUER=JWKS-URL"),
        (["https://ehr.example.org=ftp://x"], [], "--cds-issuer takes ISSUER=JWKS-URL"),
        ([], ["https://ehr.example.org"], "--cds-issuer-key takes ISSUER=FILE"),
        ([], ["https://ehr.example.org=/etc/stepwise/missing.pem"], "cannot read /etc/stepwise/missing.pem"),
        ([], ["https://ehr.example.org=/etc/stepwise/private.pem"], "private keys are refused"),
    ])
    func badEntriesNameTheOptionAndWhatWasExpected(jwks: [String], keys: [String], message: String) throws {
        let error = #expect(throws: ValidationError.self) {
            _ = try StepwiseCommand.Serve.trustedIssuers(jwks: jwks, keyFiles: keys, read: read)
        }
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    @Test func theServeCommandReadsTheKeyFileWhenItStarts() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ehr-\(UUID().uuidString).pem")
        try Self.pem.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let command = try StepwiseCommand.Serve.parse([
            "--demo", "--cds-issuer", "https://ehr.example.org=https://ehr.example.org/jwks",
            "--cds-issuer-key", "https://ehr.example.org=\(file.path)",
        ])
        #expect(command.cdsIssuer.count == 1)
        #expect(command.cdsIssuerKey == ["https://ehr.example.org=\(file.path)"])
        // A missing file stops the server before it starts, naming the file.
        let missing = "/nonexistent/\(UUID().uuidString).pem"
        let error = #expect(throws: (any Error).self) {
            _ = try StepwiseCommand.Serve.parse(["--demo", "--cds-issuer-key", "https://ehr.example.org=\(missing)"])
        }
        #expect(StepwiseCommand.Serve.message(for: try #require(error)).contains("cannot read \(missing)"))
    }
}
