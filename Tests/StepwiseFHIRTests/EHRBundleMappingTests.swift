// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import StepwiseFHIR
import Testing

@Suite struct EHRBundleMappingTests {
    let result: FHIRMappingResult
    let record: PatientRecord

    init() throws {
        result = try MappingFixtures.map("ehr-bundle.json", asOf: MappingFixtures.day("2024-06-01"))
        record = try #require(result.records.first)
    }

    @Test func icd10F333GivesASeverePsychoticRecurrentEpisode() throws {
        let episode = try #require(record.episode)
        #expect(episode.diagnosis?.code == "F33.3")
        #expect(episode.diagnosis?.severity == .severe)
        #expect(episode.diagnosis?.psychoticFeatures == true)
        #expect(episode.course == .recurrent)
        #expect(episode.onset == MappingFixtures.day("2023-05-01"))
    }

    @Test func refutedAndResolvedConditionsKeepTheirStatus() throws {
        let bipolar = try #require(record.conditions.first { $0.code == "F31.81" })
        #expect(bipolar.status == .ruledOut)
        #expect(bipolar.system == .icd10)
        let thyroid = try #require(record.conditions.first { $0.code == "E03.9" })
        #expect(thyroid.status == .resolved)
        #expect(record.conditions.first { $0.code == "F41.1" }?.status == .active)
    }

    @Test func conditionCategoriesComeFromTheCatalogue() {
        #expect(record.conditions.first { $0.code == "F41.1" }?.category == "anxiety")
        #expect(record.conditions.first { $0.code == "F31.81" }?.category == "bipolar")
        #expect(record.conditions.first { $0.code == "E03.9" }?.category == "hypothyroidism")
    }

    @Test func assessingExportingAndReadingBackKeepsEveryLoincCodedScore() throws {
        let report = try Assessor(knowledge: MappingFixtures.knowledge).assess(record, asOf: MappingFixtures.day("2024-06-01"))
        let bundle = FHIRReportExporter(knowledge: MappingFixtures.knowledge).bundle(report: report, record: record)
        let again = FHIRRecordMapper(knowledge: MappingFixtures.knowledge).map(bundle: bundle)
        let back = try #require(again.records.first { $0.id == record.id })
        let coded = report.measurements.filter { MappingFixtures.knowledge.instruments.instrument($0.instrument)?.loincTotal != nil }
        #expect(!coded.isEmpty)
        #expect(back.measurements.count == coded.count)
        for scored in coded {
            #expect(back.measurements.contains { $0.instrument == scored.instrument && $0.date == scored.date && $0.total == scored.total })
        }
    }

    @Test func statementsWithMgDosesJoinIntoOneTrial() throws {
        let sertraline = try #require(record.trials.first { $0.agent == "sertraline" })
        #expect(sertraline.doses == [
            DoseStep(from: MappingFixtures.day("2023-06-01"), mgPerDay: 50),
            DoseStep(from: MappingFixtures.day("2023-07-15"), mgPerDay: 150),
        ])
        #expect(sertraline.end == MappingFixtures.day("2023-10-20"))
        #expect(sertraline.stopReason == .sideEffects)
        #expect(sertraline.adherence == nil)
    }

    @Test func aripiprazoleAugmentsTheRunningAntidepressant() throws {
        let aripiprazole = try #require(record.trials.first { $0.agent == "aripiprazole" })
        #expect(aripiprazole.role == .augmentation)
        #expect(aripiprazole.augments == "sertraline-2023-06-01")
        #expect(aripiprazole.doses.first?.mgPerDay == 5)
    }

    @Test func aDoseUnitThatIsNotMgLeavesTheDoseUnknown() throws {
        let bupropion = try #require(record.trials.first { $0.agent == "bupropion" })
        #expect(bupropion.doses.isEmpty)
        #expect(result.issues.contains {
            $0.resource == "MedicationStatement/ms-bup" && $0.path.hasSuffix("doseQuantity.unit") && $0.reason.contains("not mg")
        })
    }

    @Test func aCodedTimingGivesTheFrequency() throws {
        let escitalopram = try #require(record.trials.first { $0.agent == "escitalopram" })
        #expect(escitalopram.doses.first?.mgPerDay == 20)
    }

    @Test func labsKeepTheirUnits() {
        #expect(record.labs.contains { $0.test == "tsh" && $0.value == 6.2 && $0.unit == "mIU/L" })
        #expect(record.labs.contains { $0.test == "vitamin-d-25oh" && $0.value == 18 && $0.unit == "ng/mL" })
    }

    @Test func rtmsSessionsByCptFormOneCourse() throws {
        let rtms = try #require(record.trials.first { $0.agent == "rtms" })
        #expect(rtms.kind == .neuromodulation)
        #expect(rtms.sessions == 5)
        #expect(rtms.start == MappingFixtures.day("2024-01-08"))
        #expect(rtms.end == MappingFixtures.day("2024-01-12"))
    }

    @Test func psychotherapyByCptFormsACourseWithItsModalityFromTheText() throws {
        let cbt = try #require(record.trials.first { $0.kind == .psychotherapy })
        #expect(cbt.agent == "cbt")
        #expect(cbt.sessions == 10)
        #expect(cbt.start == MappingFixtures.day("2023-08-07"))
        #expect(cbt.end == MappingFixtures.day("2023-10-09"))
        #expect(!result.issues.contains { $0.resource.hasPrefix("Procedure/cbt-") })
    }

    @Test func ectDescribedOnlyInTextIsMappedWithAWarning() throws {
        let ect = try #require(record.trials.first { $0.agent == "ect" })
        #expect(ect.sessions == 3)
        #expect(ect.laterality == .rightUnilateral)
        #expect(result.issues.filter { $0.resource.hasPrefix("Procedure/ect-") && $0.reason.contains("not a confirmed code") }.count == 3)
    }
}

@Suite struct UnmappableInputTests {
    let result: FHIRMappingResult

    init() throws {
        result = try MappingFixtures.map("unmappable-bundle.json")
    }

    func issue(_ resource: String) -> FHIRMappingIssue? {
        result.issues.first { $0.resource.hasPrefix(resource) }
    }

    @Test func everyUnmappableResourceIsReported() {
        let expected = [
            "Observation/bad-date", "Observation/no-subject", "Observation/unknown-loinc", "Observation/wrong-unit",
            "Observation/fraction", "Observation/bad-answer", "Observation/no-date", "Observation/in-error",
            "entry[9]", "MedicationStatement/ml-dose", "MedicationRequest/no-timing", "Condition/text-only",
            "Observation/group-subject", "Patient/p-bad",
        ]
        for resource in expected {
            #expect(issue(resource) != nil, "no issue for \(resource)")
        }
    }

    @Test func nothingUnmappableBecomesAScore() throws {
        let record = try #require(result.records.first { $0.id == "p-bad" })
        #expect(record.measurements.isEmpty)
        #expect(record.birthDate == nil)
    }

    @Test(arguments: [
        ("Observation/bad-date", "effectiveDateTime", "not a real calendar date"),
        ("Observation/no-subject", "subject", "no subject"),
        ("Observation/unknown-loinc", "$", "99999-9"),
        ("Observation/wrong-unit", "value[x].unit", "not a score unit"),
        ("Observation/fraction", "value[x].value", "not a whole number"),
        ("Observation/bad-answer", "value[x]", "not a known answer"),
        ("Observation/no-date", "effective[x]", "no effective date"),
        ("Observation/in-error", "status", "entered-in-error"),
        ("entry[9]", "$.entry[9].resource.status", "expected a string"),
        ("MedicationStatement/ml-dose", "dosage[0].doseAndRate[0].doseQuantity.unit", "mL"),
        ("MedicationRequest/no-timing", "dosageInstruction[0].timing", "no timing"),
        ("Condition/text-only", "code", "no ICD-10-CM or SNOMED CT code"),
        ("Observation/group-subject", "subject.reference", "does not refer to a Patient"),
        ("Patient/p-bad", "birthDate", "only a year or month"),
    ])
    func eachIssueNamesTheElementAndTheReason(resource: String, path: String, words: String) throws {
        let found = try #require(issue(resource))
        #expect(found.path == path)
        #expect(found.reason.contains(words), "\(found.reason)")
    }

    @Test func doseUnknownTrialsAreKeptWithoutADose() throws {
        let record = try #require(result.records.first { $0.id == "p-bad" })
        let sertraline = try #require(record.trials.first { $0.agent == "sertraline" })
        #expect(sertraline.doses.isEmpty)
        let fluoxetine = try #require(record.trials.first { $0.agent == "fluoxetine" })
        #expect(fluoxetine.doses.isEmpty)
    }
}
