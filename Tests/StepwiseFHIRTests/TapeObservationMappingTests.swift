// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import Testing

@testable import StepwiseFHIR

/// Observations read straight from the JSON tape (`TapeObservation`) must map to exactly what the
/// decoded `R4.Observation` maps to: the same records, issues and labels, and the same refusals.
@Suite struct TapeObservationMappingTests {
    static let mapper = FHIRRecordMapper(knowledge: MappingFixtures.knowledge)

    /// How a list of lines went through one path.
    struct Outcome: Equatable {
        var failures: [Int: BulkResourceDecoder.Failure] = [:]
        var result: FHIRMappingResult
    }

    /// The lines decoded into `R4` structs and mapped (the path the tape path replaces).
    static func decodedPath(_ lines: [[UInt8]]) -> Outcome {
        var resources: [R4.Resource] = []
        var failures: [Int: BulkResourceDecoder.Failure] = [:]
        var tape = JSONTape()
        for (number, line) in lines.enumerated() {
            line.withUnsafeBytes { buffer in
                do throws(JSONSyntaxError) { try tape.parse(buffer) } catch { return }
                do throws(BulkResourceDecoder.Failure) {
                    resources.append(try BulkResourceDecoder.decode(tape, root: 0, expectedType: nil))
                } catch {
                    failures[number] = error
                }
            }
        }
        return Outcome(failures: failures, result: mapper.map(resources: resources))
    }

    /// The lines read for mapping (Observations from the tape where they can be) and mapped;
    /// `fromTape` counts the Observations that took the tape path.
    static func tapePath(_ lines: [[UInt8]]) -> (outcome: Outcome, fromTape: Int) {
        var resources: [MappableResource] = []
        var failures: [Int: BulkResourceDecoder.Failure] = [:]
        var fromTape = 0
        var tape = JSONTape()
        for (number, line) in lines.enumerated() {
            line.withUnsafeBytes { buffer in
                do throws(JSONSyntaxError) { try tape.parse(buffer) } catch { return }
                do throws(BulkResourceDecoder.Failure) {
                    let resource = try BulkResourceDecoder.decodeMappable(tape, root: 0, expectedType: nil)
                    if case .observation = resource { fromTape += 1 }
                    resources.append(resource)
                } catch {
                    failures[number] = error
                }
            }
        }
        return (Outcome(failures: failures, result: mapper.map(mappable: resources)), fromTape)
    }

    static func lines(_ texts: [String]) -> [[UInt8]] { texts.map { Array($0.utf8) } }

    static func ndjson(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func fixtureExportMapsTheSameBothWays() throws {
        let folder = try BulkFixtures.path("export")
        var texts: [String] = []
        for name in ["Patient", "Observation", "MedicationRequest", "Condition"] {
            texts += try Self.ndjson("\(folder)/\(name).ndjson")
        }
        let lines = Self.lines(texts)
        let (tape, fromTape) = Self.tapePath(lines)
        #expect(fromTape >= 30)
        #expect(tape == Self.decodedPath(lines))
        #expect(!tape.result.records.isEmpty)
    }

    @Test func badFixtureLinesAreRefusedAndMappedTheSameBothWays() throws {
        let folder = try BulkFixtures.path("bad")
        var texts: [String] = []
        for name in ["Patient", "Observation", "MedicationRequest"] {
            texts += try Self.ndjson("\(folder)/\(name).ndjson")
        }
        let lines = Self.lines(texts)
        #expect(Self.tapePath(lines).outcome == Self.decodedPath(lines))
    }

    /// The resources of the FHIR fixture Bundles (Synthea, an EHR export, unmappable codes), one line each.
    @Test(arguments: ["synthea-bundle.json", "ehr-bundle.json", "unmappable-bundle.json"])
    func fixtureBundleResourcesMapTheSameBothWays(_ name: String) throws {
        let bundle = try #require(try JSONSerialization.jsonObject(with: MappingFixtures.data(name)) as? [String: Any])
        let entries = try #require(bundle["entry"] as? [[String: Any]])
        var lines: [[UInt8]] = []
        for entry in entries {
            guard let resource = entry["resource"] else { continue }
            lines.append(Array(try JSONSerialization.data(withJSONObject: resource)))
        }
        let (tape, fromTape) = Self.tapePath(lines)
        #expect(tape == Self.decodedPath(lines))
        if name != "unmappable-bundle.json" { #expect(fromTape > 0) }
    }

    /// Files written by the bench's generator (every shape it writes: totals as quantities and
    /// integers, item answers, nine-component panels, clinic-local codes, medications, conditions).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
    func generatedExportMapsTheSameBothWays() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let script = root.appendingPathComponent("scripts/gen-ndjson.py").path
        try #require(FileManager.default.fileExists(atPath: script))
        let folder = try BulkFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script, "--out", folder, "--observations", "3000"]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        var texts: [String] = []
        for name in ["Patient", "Observation", "MedicationRequest", "Condition"] {
            texts += try Self.ndjson("\(folder)/\(name).ndjson")
        }
        let lines = Self.lines(texts)
        let (tape, fromTape) = Self.tapePath(lines)
        #expect(fromTape >= 2_900)
        let decoded = Self.decodedPath(lines)
        #expect(tape.failures == decoded.failures)
        #expect(tape.result.issues == decoded.result.issues)
        #expect(tape.result.records == decoded.result.records)
    }

    static let patient = #"{"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1980-02-29"}"#

    /// One Observation line around `members` (status, code and subject included unless overridden).
    static func observation(_ members: String, id: String = "o1") -> String {
        #"{"resourceType":"Observation","id":"\#(id)","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"44261-6"}]},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2024-03-01T10:00:00Z",\#(members)}"#
    }

    /// Awkward shapes: missing and duplicated members, nulls, odd value types, components, codes
    /// the mapping does not know, score units, escapes, dates, and lines the decoder refuses.
    static let awkward: [String] = [
        patient,
        observation(#""valueInteger":12"#),
        observation(#""valueQuantity":{"value":14,"unit":"{score}","system":"http://unitsofmeasure.org","code":"{score}"}"#, id: "q"),
        observation(#""valueQuantity":{"value":14.5,"code":"{score}"}"#, id: "half"),
        observation(#""valueQuantity":{"value":14,"unit":"mg"}"#, id: "unit"),
        observation(#""valueQuantity":{"unit":"{score}"}"#, id: "nonumber"),
        observation(#""valueQuantity":{"value":1e400}"#, id: "huge"),
        observation(#""valueQuantity":{"value":"14"}"#, id: "stringvalue"),
        observation(#""valueQuantity":null,"valueInteger":null"#, id: "nulls"),
        observation(#""valueInteger":3,"valueInteger":7"#, id: "dupint"),
        observation(#""valueInteger":3,"valueQuantity":{"value":9}"#, id: "both"),
        observation(#""valueInteger":2.0"#, id: "float"),
        observation(#""valueInteger":"12""#, id: "stringint"),
        observation(#""valueString":"12""#, id: "valuestring"),
        observation(#""valueBoolean":true"#, id: "valuebool"),
        observation(#""valueDateTime":"2024-01-01","valueInteger":5"#, id: "vdt"),
        observation(#""dataAbsentReason":{"coding":[{"code":"asked-declined"}]}"#, id: "absent"),
        observation(#""dataAbsentReason":"x""#, id: "absentbad"),
        observation("", id: "novalue").replacingOccurrences(of: ",}", with: "}"),
        observation(#""valueInteger":4,"effectiveDateTime":null"#, id: "nodate"),
        observation(#""valueInteger":4,"effectiveDateTime":"2024-02-30""#, id: "feb30"),
        observation(#""valueInteger":4,"effectiveDateTime":"2024-02""#, id: "month"),
        observation(#""valueInteger":4,"effectiveDateTime":"2024""#, id: "year"),
        observation(#""valueInteger":4,"effectiveDateTime":"2024-03-01T25:00""#, id: "hour"),
        observation(#""valueInteger":4,"effectiveDateTime":"2024-03-0\u0031""#, id: "escapeddate"),
        observation(#""valueInteger":4,"effectiveDateTime":"２０２４-03-01""#, id: "widedigits"),
        observation(#""valueInteger":4,"effectivePeriod":{"start":"2024-04-01"}"#, id: "period"),
        observation(#""valueInteger":4,"effectiveInstant":"2024-04-01T00:00:00Z""#, id: "instant"),
        observation(#""valueInteger":4,"effectiveDateTime":5"#, id: "numberdate"),
        observation(#""valueInteger":4,"status":"entered-in-error""#, id: "eie"),
        observation(#""valueInteger":4,"status":"cancelled""#, id: "cancelled"),
        observation(#""valueInteger":4,"status":null"#, id: "nostatus"),
        observation(#""valueInteger":4,"status":"fin\u0061l""#, id: "escapedstatus"),
        observation(#""valueInteger":4,"subject":{"reference":""}"#, id: "emptysubject"),
        observation(#""valueInteger":4,"subject":{"reference":"  Patient/p1  ","type":"Patient"}"#, id: "spaces"),
        observation(#""valueInteger":4,"subject":{"reference":"Patient/p2/_history/3"}"#, id: "history"),
        observation(#""valueInteger":4,"subject":{"reference":"urn:uuid:abc"}"#, id: "urn"),
        observation(#""valueInteger":4,"subject":{"reference":"Group/g1"}"#, id: "group"),
        observation(#""valueInteger":4,"subject":{"reference":"Patient/p1","type":3}"#, id: "badtype"),
        observation(#""valueInteger":4,"subject":{"reference":"Patient/p\u00e9"}"#, id: "escapedsubject"),
        observation(#""valueInteger":4"#, id: ""),
        observation(#""valueInteger":4"#, id: #"caf\u00e9\u0301"#),
        observation(#""valueInteger":4,"id":null"#, id: "nullid"),
        observation(#""valueInteger":4,"id":7"#, id: "numberid"),
        observation(#""valueInteger":4,"code":{"coding":[{"system":"http://loinc.org","code":"99999-9","display":"Something else"}],"text":"x"}"#, id: "unknown"),
        observation(#""valueInteger":4,"code":{"coding":[{"system":"http://loinc.org","code":"99999-9"}]}"#, id: "unknown2"),
        observation(#""valueInteger":4,"code":{"coding":[{"system":"http://snomed.info/sct","code":"720433000"}]}"#, id: "snomed"),
        observation(#""valueInteger":4,"code":{"coding":[{"system":"http://loinc.org"},{"system":"http://loinc.org","code":"44261-6"}]}"#, id: "firstnocode"),
        observation(#""valueInteger":4,"code":{"coding":[null,{"system":"http:\/\/loinc.org","code":"44261-6"}]}"#, id: "escapedsystem"),
        observation(#""valueInteger":4,"code":{"coding":[{"system":"http://loinc.org","code":"44261-6","system":null}]}"#, id: "dupsystem"),
        observation(#""valueInteger":4,"code":{"coding":[{"system":"http://loinc.org","code":"99999-9"}],"coding":[{"system":"http://loinc.org","code":"44261-6"}]}"#, id: "dupcoding"),
        observation(#""valueInteger":4,"code":{"coding":null}"#, id: "nullcoding"),
        observation(#""valueInteger":4,"code":{}"#, id: "emptycode"),
        observation(#""valueInteger":4,"code":null"#, id: "nullcode"),
        observation(#""valueInteger":4,"code":{"coding":[{"system":"http://loinc.org","code":5}]}"#, id: "numbercode"),
        observation(#""valueInteger":4,"code":{"coding":[7]}"#, id: "badcoding"),
        observation(#""valueInteger":4,"code":{"coding":[{"system":"http://loinc.org","code":"44261-6","display":7}]}"#, id: "baddisplay"),
        observation(#""valueInteger":4,"code":{"coding":[{"system":"http://loinc.org","code":"44249-1"}]}"#, id: "panelwithtotal"),
        observation(#""code":{"coding":[{"system":"http://loinc.org","code":"44260-8"}]},"valueCodeableConcept":{"coding":[{"system":"http://loinc.org","code":"LA6570-1"}]}"#, id: "item9"),
        observation(#""code":{"coding":[{"system":"http://loinc.org","code":"44260-8"}]},"valueCodeableConcept":{"coding":[{"system":"http://example.org","code":"x"},{"code":"LA6569-3"}]}"#, id: "item9second"),
        observation(#""code":{"coding":[{"system":"http://loinc.org","code":"44260-8"}]},"valueCodeableConcept":{"coding":[{"system":"http://example.org"},{"system":"http://loinc.org","code":"LA0000-0"}]}"#, id: "item9unknown"),
        observation(#""code":{"coding":[{"system":"http://loinc.org","code":"44260-8"}]},"valueCodeableConcept":{"coding":[{"code":"LA6570-1","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/ordinalValue","valueDecimal":2}]}]}"#, id: "item9ordinal"),
        observation(#""code":{"coding":[{"system":"http://loinc.org","code":"44260-8"}]},"valueCodeableConcept":{"text":"no codes"}"#, id: "item9text"),
        observation(#""code":{"coding":[{"system":"http://loinc.org","code":"44260-8"}]},"valueCodeableConcept":{"coding":[]}"#, id: "item9empty"),
        observation(#""code":{"coding":[{"system":"http://loinc.org","code":"44260-8"}]},"valueInteger":2"#, id: "item9int"),
        observation(#""code":{"coding":[{"system":"http://loinc.org","code":"44260-8"}]},"valueQuantity":{"value":2,"unit":"{score}"}"#, id: "item9quantity"),
        observation(#""code":{"coding":[{"system":"http://loinc.org","code":"44249-1"}]},"component":[{"code":{"coding":[{"system":"http://loinc.org","code":"44250-9"}]},"valueInteger":2},null,{"code":{"coding":[{"system":"http://loinc.org","code":"44261-6"}]},"valueQuantity":{"value":11,"unit":"{score}"}},{"code":{"coding":[{"system":"http://loinc.org","code":"99999-9"}]},"valueInteger":1},{"code":{"coding":[{"system":"http://loinc.org","code":"44249-1"}]}},{"code":{"coding":[{"system":"http://loinc.org","code":"44260-8"}]},"valueCodeableConcept":{"coding":[{"code":"nope"}]}},{"code":{"coding":[{"system":"http://loinc.org","code":"3016-3"}]},"valueQuantity":{"value":2.5,"comparator":"<","code":"mIU/L"}},{"code":{"coding":[{"system":"http://loinc.org","code":"3016-3"}]},"valueString":"high","valueBoolean":false,"dataAbsentReason":null}]"#, id: "panel"),
        observation(#""code":{"coding":[{"system":"http://loinc.org","code":"99999-9"}]},"component":[{"code":{"coding":[{"system":"http://loinc.org","code":"44250-9"}]},"valueInteger":1}]"#, id: "unknownwithitem"),
        observation(#""code":{"coding":[{"system":"http://loinc.org","code":"99999-9"}]},"component":[{"code":{"coding":[{"system":"http://loinc.org","code":"99998-9"}]},"valueInteger":1}]"#, id: "unknownall"),
        observation(#""valueInteger":1,"component":[{"valueInteger":1}]"#, id: "componentnocode"),
        observation(#""valueInteger":1,"component":[{"code":null,"valueInteger":1}]"#, id: "componentnullcode"),
        observation(#""valueInteger":1,"component":[{"code":{},"valueString":5}]"#, id: "componentbadstring"),
        observation(#""valueInteger":1,"component":[{"code":{},"valueBoolean":"yes"}]"#, id: "componentbadbool"),
        observation(#""valueInteger":1,"component":{"code":{}}"#, id: "componentobject"),
        observation(#""valueInteger":1,"component":[3]"#, id: "componentnumber"),
        observation(#""valueInteger":1,"component":null"#, id: "componentnull"),
        observation(#""valueInteger":1,"component":[]"#, id: "componentempty"),
        observation(#""code":{"coding":[{"system":"http://loinc.org","code":"3016-3"}]},"valueQuantity":{"value":2.5,"unit":"mIU/L"}"#, id: "tsh"),
        observation(#""code":{"coding":[{"system":"http://loinc.org","code":"3016-3"}]},"valueQuantity":{"value":2.5}"#, id: "tshnounit"),
        observation(#""code":{"coding":[{"system":"http://loinc.org","code":"3016-3"}]},"valueInteger":3"#, id: "tshinteger"),
        observation(#""valueInteger":4,"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"survey","display":7}]}],"issued":"2024-03-01T10:00:00Z""#, id: "category"),
        observation(#""valueInteger":4,"category":[{"coding":[{"code":7}]}]"#, id: "badcategory"),
        observation(#""valueInteger":4,"category":null,"issued":null"#, id: "nullcategory"),
        observation(#""valueInteger":4,"issued":5"#, id: "badissued"),
        observation(#""valueInteger":4,"hasMember":[{"reference":"Observation/x"},null],"derivedFrom":null"#, id: "members"),
        observation(#""valueInteger":4,"hasMember":[{"reference":5}]"#, id: "badmembers"),
        observation(#""valueInteger":4,"\u0076alueInteger":9"#, id: "escapedkey"),
        observation(#""valueInteger":4,"note":[{"text":"ignored"}],"meta":{"versionId":"2"}"#, id: "ignored"),
        #"{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"44261-6"}]},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2024-03-02","valueInteger":6}"#,
        #"{"resourceType":"Observation","id":"nosubject","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"44261-6"}]},"valueInteger":6}"#,
        #"{"resourceType":"Observation","id":"nocode","status":"final","subject":{"reference":"Patient/p1"},"valueInteger":6}"#,
        #"{"resourceType":"Observation","id":"strange","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"44261-6"}]},"subject":"Patient/p1","valueInteger":6}"#,
        #"{"resourceType":"Observation","resourceType":"Observation","id":"twice","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"44261-6"}]},"subject":{"reference":"Patient/p3"},"effectiveDateTime":"2024-03-02","valueInteger":6}"#,
        #"{"resourceType":"Patient","id":"p3"}"#,
        #"{"resourceType":"Condition","id":"c","subject":{"reference":"Patient/p1"},"code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"F33.1"}]}}"#,
        #"{"resourceType":"Encounter","id":"e","status":"finished"}"#,
        #"["not an object"]"#,
        #"{"resourceType":"Observation","status":"final""#,
    ]

    @Test func awkwardObservationsMapTheSameBothWays() {
        let lines = Self.lines(Self.awkward)
        let (tape, fromTape) = Self.tapePath(lines)
        let decoded = Self.decodedPath(lines)
        #expect(fromTape >= 40)
        #expect(tape.failures == decoded.failures)
        #expect(!decoded.failures.isEmpty)
        #expect(tape.result.issues == decoded.result.issues)
        #expect(tape.result.records == decoded.result.records)
        #expect(tape.result.records.contains { $0.id == "p1" && !$0.measurements.isEmpty })
    }

    /// Each awkward line alone (so every line's own issues are compared, not only the batch's).
    @Test(arguments: awkward)
    func eachAwkwardLineMapsTheSameBothWaysAlone(_ line: String) {
        let lines = Self.lines([Self.patient, line])
        #expect(Self.tapePath(lines).outcome == Self.decodedPath(lines))
    }

    /// Many resources on one tape (as in a CDS Hooks prefetch, read with `decodeMappable` at each
    /// resource's token and mapped together): the awkward lines that decode, as one JSON array.
    @Test func manyResourcesOnOneTapeMapAsTheirDecodedResources() throws {
        var readable: [String] = []
        for line in Self.awkward {
            let decoded = Self.decodedPath(Self.lines([line]))
            if decoded.failures.isEmpty, BulkFixtures.syntaxError(line) == nil { readable.append(line) }
        }
        #expect(readable.count > 60)
        let body = Array("[\(readable.joined(separator: ","))]".utf8)
        let expected = Self.decodedPath(Self.lines(readable)).result
        try body.withUnsafeBytes { buffer in
            var tape = JSONTape()
            try tape.parse(buffer)
            var resources: [MappableResource] = []
            var fromTape = 0
            var failures = 0
            tape.forEachElement(0) { element, _ in
                do throws(BulkResourceDecoder.Failure) {
                    let resource = try BulkResourceDecoder.decodeMappable(tape, root: element, expectedType: nil)
                    if case .observation = resource { fromTape += 1 }
                    resources.append(resource)
                } catch {
                    failures += 1
                }
            }
            #expect(failures == 0)
            #expect(fromTape >= 40)
            #expect(Self.mapper.map(mappable: resources) == expected)
        }
    }

    @Test func tapeReaderComparesSystemsWithTheMappingsConstants() {
        // The tape reader compares bytes with literals; they must be the mapping's systems.
        #expect(FHIRSystem.loinc == "http://loinc.org")
        #expect(FHIRSystem.snomed == "http://snomed.info/sct")
    }

    @Test func datesReadFromBytesAsTheStringReaderDid() {
        let texts = [
            "2024-03-01", "2024-02-29", "2023-02-29", "2024-13-01", "2024-00-10", "2024-03-01T10:00:00Z", "2024-03-01T24:00",
            "2024-03-01T10:60", "2024-03-01T1", "2024-03-01X10:00", "2024", "2024-03", "2024-3", "20x4", "24-03-01", "",
            "2024-03-01T10:00:00.123+05:00", "2024/03/01", "é024-03-01", "2024-03-0é", "2024-1é", "0000-01-01", "9999-12-31",
            "2024-03-01T23:30:00-05:00", "2024-03-01T", "2024-03-01T10:00", "2024-02", "2024-00", "-024-03-01",
        ]
        for text in texts {
            var copy = text
            #expect(copy.withUTF8 { FHIRDate.read(utf8: $0) } == Self.stringReading(text), "\(text)")
            #expect(FHIRDate.read(text) == Self.stringReading(text), "\(text)")
        }
        #expect(FHIRDate.read("2024-03-01T23:30:00-05:00") == LocalDate("2024-03-01").map { .day($0) })
    }

    /// `FHIRDate.read` as it was before it read bytes (the reference for the byte reader).
    static func stringReading(_ text: String) -> FHIRDate.Reading {
        let utf8 = Array(text.utf8)
        if utf8.count == 4 || utf8.count == 7 {
            var partial = true
            for (index, byte) in utf8.enumerated() {
                if index == 4 {
                    if byte != UInt8(ascii: "-") { partial = false }
                } else if !(48...57).contains(byte) {
                    partial = false
                }
            }
            if partial, utf8.count == 7 {
                let month = Int(utf8[5] - 48) * 10 + Int(utf8[6] - 48)
                partial = (1...12).contains(month)
            }
            return partial ? .partial : .invalid
        }
        guard utf8.count >= 10 else { return .invalid }
        if utf8.count > 10 {
            guard utf8[10] == UInt8(ascii: "T"), utf8.count >= 16 else { return .invalid }
            func two(_ i: Int) -> Int? {
                guard i + 1 < utf8.count, (48...57).contains(utf8[i]), (48...57).contains(utf8[i + 1]) else { return nil }
                return Int(utf8[i] - 48) * 10 + Int(utf8[i + 1] - 48)
            }
            guard let hour = two(11), hour <= 24, utf8[13] == UInt8(ascii: ":"), let minute = two(14), minute < 60 else {
                return .invalid
            }
        }
        guard let day = LocalDate(String(decoding: utf8[0..<10], as: UTF8.self)) else { return .invalid }
        return .day(day)
    }
}
