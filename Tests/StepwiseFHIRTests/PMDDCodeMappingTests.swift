// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import StepwiseFHIR
import Testing

/// ICD-10-CM F32.81 (premenstrual dysphoric disorder) sits under F32 but is not a major depressive
/// episode: it is kept as a condition of its own category and never becomes the episode's diagnosis.
@Suite struct PMDDCodeMappingTests {
    static func record(_ conditions: [String]) throws -> PatientRecord {
        let result = try FHIRRecordMapper(knowledge: MappingFixtures.knowledge)
            .map(bundleData: SuicideCodeMappingTests.bundle(conditions))
        return try #require(result.records.first)
    }

    static let icd10 = SuicideCodeMappingTests.icd10

    @Test func premenstrualDysphoricDisorderIsNotReadAsAMajorDepressiveEpisode() throws {
        let record = try Self.record([
            SuicideCodeMappingTests.condition(
                "c1", system: Self.icd10, code: "F32.81", display: "Premenstrual dysphoric disorder", clinical: "active")
        ])
        #expect(record.episode?.diagnosis == nil)
        let condition = try #require(record.conditions.first { $0.code == "F32.81" })
        #expect(condition.category == "pmdd")
    }

    @Test func theEpisodeComesFromTheDepressionCodeBesideIt() throws {
        let record = try Self.record([
            SuicideCodeMappingTests.condition(
                "c1", system: Self.icd10, code: "F32.81", display: "Premenstrual dysphoric disorder", clinical: "active"),
            SuicideCodeMappingTests.condition(
                "c2", system: Self.icd10, code: "F33.1", display: "Major depressive disorder, recurrent, moderate",
                clinical: "active"),
        ])
        #expect(record.episode?.diagnosis?.code == "F33.1")
        #expect(record.episode?.diagnosis?.severity == .moderate)
        #expect(record.episode?.course == .recurrent)
    }

    @Test(arguments: [("F32.89", "mdd"), ("F32.A", "mdd"), ("F32.81", "pmdd"), ("f3281", "pmdd"), ("F32.8", "mdd")])
    func theCatalogueNamesTheCategory(code: String, category: String) {
        #expect(MappingFixtures.knowledge.conditions.category(forCode: code, system: .icd10) == category)
    }

    @Test func otherSpecifiedDepressiveEpisodesStillSetTheEpisode() throws {
        let record = try Self.record([
            SuicideCodeMappingTests.condition(
                "c1", system: Self.icd10, code: "F32.89", display: "Other specified depressive episodes", clinical: "active")
        ])
        #expect(record.episode?.diagnosis?.code == "F32.89")
        #expect(record.episode?.course == .single)
    }
}
