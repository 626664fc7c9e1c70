// SPDX-License-Identifier: Apache-2.0

public import Foundation
import StepwiseCore

/// JSON encoding and decoding of FHIR resources, reproducibly (sorted keys, no escaped slashes).
public enum FHIRJSON {
    /// Encodes `value` as FHIR JSON with sorted keys, so the same input gives the same bytes.
    ///
    /// - Parameter pretty: indent the output for people to read.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(value)
        } catch {
            throw StepwiseError(.invalidInput, "a FHIR resource could not be encoded as JSON (a number is not finite)")
        }
    }

    /// Decodes one resource of any modelled type (`Bundle`, `Observation`, …).
    ///
    /// - Throws: ``StepwiseError`` with the line and column of a JSON syntax error, or the JSON
    ///   path of a value of the wrong shape.
    public static func decodeResource(_ data: Data) throws -> R4.Resource {
        if let syntax = JSONSyntax.firstError(in: data) {
            throw StepwiseError(.invalidInput, "the input is not valid JSON: \(syntax.message)", at: syntax.location)
        }
        do {
            return try JSONDecoder().decode(R4.Resource.self, from: data)
        } catch let error as DecodingError {
            let description = DecodingErrorDescription(error)
            throw StepwiseError(.invalidInput, description.message, at: description.path)
        } catch {
            throw StepwiseError(.invalidInput, "the input could not be read as FHIR JSON")
        }
    }
}
