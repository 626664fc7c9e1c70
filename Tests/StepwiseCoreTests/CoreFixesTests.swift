// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import StepwiseCore

/// QA findings of the seventh session fixed in the engine (F27, F29, F26, F19, F20, F24): each test
/// reproduces the QA input and the boundaries around it.
@Suite struct CoreFixesTests {
    static func record(_ json: String) throws -> PatientRecord {
        try JSONDecoder().decode(PatientRecord.self, from: Data(json.utf8))
    }

    static func assess(_ record: PatientRecord, asOf: String = "2026-11-21") throws -> AssessmentReport {
        try Assessor(knowledge: KnowledgeBase.bundled()).assess(record, asOf: try #require(LocalDate(asOf)))
    }

    // MARK: F27 — unknown condition categories and finding checks

    @Test func anUnknownConditionCategoryIsAnErrorNamingThePathTheValueAndTheAllowedValues() throws {
        // The QA input, verbatim.
        let record = try Self.record(
            #"{"id":"cat","conditions":[{"category":"suicidal-ideation","status":"active","date":"2026-11-01","display":"Suicidal ideation with plan"},{"category":"bipolar-ii","status":"active","date":"2026-01-01"}]}"#
        )
        let issues = RecordValidation.issues(in: record)
        #expect(issues.map(\.path) == ["$.conditions[0].category", "$.conditions[1].category"])
        #expect(issues.allSatisfy { $0.severity == "error" })
        let first = try #require(issues.first)
        #expect(first.message.contains("\"suicidal-ideation\""))
        #expect(first.message.contains("suicide-risk"))
        #expect(first.message.contains("bipolar"))
        #expect(issues[1].message.contains("\"bipolar-ii\""))
        // `assess` shows the same errors.
        let report = try Self.assess(record)
        #expect(report.issues.filter { $0.path.hasPrefix("$.conditions") }.count == 2)
    }

    @Test func everyCategoryTheKnowledgeBaseMapsToIsAccepted() throws {
        let vocabulary = try #require(RecordVocabulary.bundled)
        #expect(vocabulary.categories.contains("suicide-risk"))
        #expect(vocabulary.categories.contains("esketamine-contraindication"))
        #expect(vocabulary.categories.contains("mdd"))
        let conditions = vocabulary.categories.map { Condition(category: $0, status: .active) }
        #expect(RecordValidation.issues(in: PatientRecord(id: "p", conditions: conditions)).isEmpty)
    }

    @Test func aCategoryDiffersFromAnAllowedOneByCaseOrASpaceIsStillReported() throws {
        for value in ["Bipolar", "bipolar ", "suicide risk", "x"] {
            let record = PatientRecord(id: "p", conditions: [Condition(category: value, status: .active)])
            #expect(RecordValidation.issues(in: record).map(\.path) == ["$.conditions[0].category"], "\(value)")
        }
    }

    @Test func aConditionWithACodeAndNoCategoryIsNotReported() throws {
        let record = PatientRecord(
            id: "p",
            conditions: [
                Condition(code: "F31.81", system: .icd10, status: .active),
                Condition(code: "Z99.9", system: .icd10, status: .active),
                Condition(code: "F31.81", system: .icd10, category: "", status: .active),
            ])
        #expect(RecordValidation.issues(in: record).isEmpty)
    }

    @Test func anEmptyCategoryWithoutACodeIsReported() throws {
        let record = PatientRecord(id: "p", conditions: [Condition(category: "", status: .active)])
        #expect(RecordValidation.issues(in: record).map(\.path) == ["$.conditions[0].category"])
    }

    @Test func anUnknownFindingCheckIsAnErrorListingTheCheckIds() throws {
        let record = try Self.record(
            #"{"id":"unk2","findings":[{"check":"sleep-apnoea","status":"present","date":"2026-11-01"},{"check":"bipolar","status":"present","date":"2026-11-01"},{"check":"suicide-risk","status":"present","date":"2026-11-01"}]}"#
        )
        let issues = RecordValidation.issues(in: record)
        #expect(issues.map(\.path) == ["$.findings[0].check", "$.findings[1].check", "$.findings[2].check"])
        #expect(issues.allSatisfy { $0.severity == "error" })
        #expect(issues[0].message.contains("\"sleep-apnoea\""))
        #expect(issues[0].message.contains("sleep-apnea"))
        #expect(issues[0].message.contains("bipolar-spectrum"))
        #expect(issues[0].message.contains("seasonal-pattern"))
        let report = try Self.assess(record)
        #expect(report.issues.filter { $0.path.hasPrefix("$.findings") }.count == 3)
    }

    @Test func everyCheckIdAndSeasonalPatternAreAcceptedAsFindings() throws {
        let knowledge = try KnowledgeBase.bundled()
        let ids = knowledge.conditions.checks.map(\.id) + ["seasonal-pattern"]
        let record = PatientRecord(id: "p", findings: ids.map { ClinicalFinding(check: $0, status: .present) })
        #expect(RecordValidation.issues(in: record).isEmpty)
    }

    @Test func aLongUnknownValueIsQuotedShortened() throws {
        let long = String(repeating: "a", count: 200)
        let record = PatientRecord(id: "p", conditions: [Condition(category: long, status: .active)])
        let message = try #require(RecordValidation.issues(in: record).first?.message)
        #expect(!message.contains(long))
        #expect(message.contains(String(repeating: "a", count: 60) + "…"))
    }

    @Test func theSchemaListsExactlyTheAcceptedCategoriesAndChecks() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("schema/patient-record.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let defs = try #require(schema["$defs"] as? [String: Any])
        func enumeration(_ def: String, _ property: String) throws -> [String] {
            let object = try #require(defs[def] as? [String: Any])
            let properties = try #require(object["properties"] as? [String: Any])
            let field = try #require(properties[property] as? [String: Any])
            return try #require(field["enum"] as? [String])
        }
        let vocabulary = try #require(RecordVocabulary.bundled)
        #expect(try enumeration("condition", "category").sorted() == vocabulary.categories)
        #expect(try enumeration("finding", "check").sorted() == vocabulary.checks.sorted())
    }

    // MARK: F29 — psychotic diagnosis code versus psychoticFeatures: false

    @Test func aPsychoticCodeWithPsychoticFeaturesFalseIsRatedSevereWithPsychosisAndWarned() throws {
        // The QA input, verbatim.
        let record = try Self.record(
            #"{"id":"psy","episode":{"onset":"2026-06-01","diagnosis":{"code":"F33.3","system":"icd10","psychoticFeatures":false}}}"#
        )
        let report = try Self.assess(record)
        #expect(report.staging.maudsley.severity == 5)
        #expect(report.safety.contains { $0.id == "psychotic-features" })
        let issue = try #require(report.issues.first { $0.path == "$.episode.diagnosis.psychoticFeatures" })
        #expect(issue.severity == "warning")
        #expect(issue.message.contains("F33.3"))
    }

    @Test(arguments: ["F32.3", "F33.3", "f333"])
    func everyPsychoticICDCodeWinsOverTheField(code: String) throws {
        let record = PatientRecord(
            id: "p", episode: Episode(diagnosis: Diagnosis(code: code, system: .icd10, psychoticFeatures: false)))
        let report = try Self.assess(record)
        #expect(report.staging.maudsley.severity == 5)
        #expect(report.issues.map(\.path).contains("$.episode.diagnosis.psychoticFeatures"))
    }

    @Test func aNonPsychoticCodeWithPsychoticFeaturesFalseIsSevereWithoutPsychosisAndNotWarned() throws {
        let record = PatientRecord(
            id: "p", episode: Episode(diagnosis: Diagnosis(code: "F33.2", system: .icd10, psychoticFeatures: false)))
        let report = try Self.assess(record)
        #expect(report.staging.maudsley.severity == 4)
        #expect(!report.issues.map(\.path).contains("$.episode.diagnosis.psychoticFeatures"))
    }

    @Test func aPsychoticCodeWithoutTheFieldOrWithTrueIsNotWarned() throws {
        for flag in [nil, true] as [Bool?] {
            let record = PatientRecord(
                id: "p", episode: Episode(diagnosis: Diagnosis(code: "F33.3", system: .icd10, psychoticFeatures: flag)))
            let report = try Self.assess(record)
            #expect(report.staging.maudsley.severity == 5)
            #expect(!report.issues.map(\.path).contains("$.episode.diagnosis.psychoticFeatures"))
        }
    }
}
