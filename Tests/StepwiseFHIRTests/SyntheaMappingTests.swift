// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import StepwiseFHIR
import Testing

@Suite struct SyntheaMappingTests {
    let result: FHIRMappingResult
    let record: PatientRecord

    init() throws {
        result = try MappingFixtures.map("synthea-bundle.json", asOf: MappingFixtures.day("2024-07-01"))
        record = try #require(result.records.first)
    }

    @Test func oneRecordPerPatientWithDemographics() {
        #expect(result.records.count == 1)
        #expect(record.id == "6f1c3d2a-5b7e-4c1d-9a00-000000000001")
        #expect(record.sex == .female)
        #expect(record.birthDate == MappingFixtures.day("1980-04-12"))
    }

    @Test func phq9ItemObservationsMergeWithTheTotalOfTheSameDay() throws {
        let phq9 = try #require(record.measurements.first { $0.instrument == "phq9" && $0.date == MappingFixtures.day("2024-01-10") })
        #expect(phq9.answers == [2, 2, 3, 2, 1, 2, 2, 2, 1])
        #expect(phq9.total == 17)
        #expect(phq9.answer(item: 9) == 1)
        #expect(phq9.id == "Observation/obs-phq9-total")
    }

    @Test func phq2TotalAndPhq9TotalAreBothRead() throws {
        let phq2 = try #require(record.measurements.first { $0.instrument == "phq2" && $0.date == MappingFixtures.day("2024-01-10") })
        #expect(phq2.total == 4)
        let later = try #require(record.measurements.first { $0.instrument == "phq9" && $0.date == MappingFixtures.day("2024-03-20") })
        #expect(later.total == 15)
        #expect(later.answers == nil)
    }

    @Test func sharedItemsGoToPhq2WhenOnlyPhq2WasGivenThatDay() throws {
        let phq2 = try #require(record.measurements.first { $0.instrument == "phq2" && $0.date == MappingFixtures.day("2024-06-12") })
        #expect(phq2.answers == [1, 1])
        #expect(phq2.total == 2)
        #expect(record.measurements.count == 4)
    }

    @Test func consecutiveOrdersOfOneDrugFormOneTrialWithADoseTimeline() throws {
        let fluoxetine = try #require(record.trials.first { $0.agent == "fluoxetine" })
        #expect(fluoxetine.start == MappingFixtures.day("2024-01-10"))
        #expect(fluoxetine.doses == [
            DoseStep(from: MappingFixtures.day("2024-01-10"), mgPerDay: 20),
            DoseStep(from: MappingFixtures.day("2024-02-07"), mgPerDay: 40),
        ])
        #expect(fluoxetine.stopReason == .sideEffects)
        #expect(record.trials.filter { $0.agent == "fluoxetine" }.count == 1)
    }

    @Test func aStoppedOrderWithoutStopDateEndsAtTheLastDaySuppliedAndSaysSo() throws {
        let fluoxetine = try #require(record.trials.first { $0.agent == "fluoxetine" })
        #expect(fluoxetine.end == MappingFixtures.day("2024-04-18"))
        #expect(result.issues.contains { $0.resource == "MedicationRequest/mr-fluox-2" && $0.reason.contains("no stop date") })
    }

    @Test func dispensesGiveTheProportionOfDaysCovered() throws {
        let fluoxetine = try #require(record.trials.first { $0.agent == "fluoxetine" })
        // 100 days from 10 Jan to 18 Apr 2024; fills cover 90 of them (gap 10–19 March).
        #expect(fluoxetine.adherence?.percentDaysCovered == 90)
        #expect(fluoxetine.adherence?.source == "pharmacy-fills")
    }

    @Test func extendedReleaseDisplayGivesTheStrength() throws {
        let venlafaxine = try #require(record.trials.first { $0.agent == "venlafaxine" })
        #expect(venlafaxine.doses == [DoseStep(from: MappingFixtures.day("2024-04-20"), mgPerDay: 150)])
        #expect(venlafaxine.end == nil)
        #expect(venlafaxine.kind == .medication)
    }

    @Test func snomedRecurrentSevereDepressionSetsTheEpisode() throws {
        let episode = try #require(record.episode)
        #expect(episode.onset == MappingFixtures.day("2023-11-01"))
        #expect(episode.course == .recurrent)
        #expect(episode.diagnosis?.severity == .severe)
        #expect(episode.diagnosis?.psychoticFeatures == false)
        #expect(episode.diagnosis?.system == .snomed)
    }

    @Test func unusedResourcesAreReportedOncePerKind() {
        #expect(result.issues.contains { $0.resource.hasPrefix("Observation/obs-height") && $0.reason.contains("8302-2") })
        #expect(result.issues.contains { $0.resource == "MedicationRequest/mr-apap" && $0.reason.contains("not an antidepressant") })
        #expect(result.issues.contains { $0.resource == "entry[1]" || $0.resource.hasPrefix("Encounter/enc-1") })
        #expect(result.issues.contains { $0.resource.hasPrefix("entry[") && $0.reason.contains("Claim resources are not used") })
        #expect(result.issues.allSatisfy { !$0.reason.contains("Synthetic") && !$0.reason.contains("Springfield") })
    }

    @Test func allConditionsAreKeptWithTheirStatus() {
        #expect(record.conditions.count == 2)
        #expect(record.conditions.contains { $0.code == "66383009" && $0.status == .resolved })
    }
}

@Suite struct QuestionnaireResponseMappingTests {
    @Test func lhcFormsLinkIdsAreReadAsLoincItems() throws {
        let result = try MappingFixtures.map("lhc-forms-phq9-response.json")
        let record = try #require(result.records.first)
        #expect(record.id == "p-lhc")
        let phq9 = try #require(record.measurements.first)
        #expect(phq9.instrument == "phq9")
        #expect(phq9.date == MappingFixtures.day("2024-05-02"))
        // Items 1–9, then the unscored difficulty question (69722-7, LA6572-7 "Not difficult at all" = 0).
        #expect(phq9.answers == [1, 1, 2, 1, 0, 1, 1, 0, 2, 0])
        #expect(phq9.total == 9)
        #expect(phq9.id == "QuestionnaireResponse/lhc-phq9-1")
    }

    @Test func theDifficultyItemIsKeptUnscoredNotReportedAsUnused() throws {
        let result = try MappingFixtures.map("lhc-forms-phq9-response.json")
        #expect(!result.issues.contains { $0.reason.contains("69722-7") })
        let phq9 = try #require(result.records.first?.measurements.first)
        let scored = try InstrumentScorer.score(phq9, sex: nil, catalog: try KnowledgeBase.bundled().instruments)
        #expect(scored.total == 9)
        #expect(scored.details["difficulty"] == 0)
    }

    @Test func itemCodesWithOrdinalValueAnswersAreScored() throws {
        let result = try MappingFixtures.map("ehr-bundle.json")
        let record = try #require(result.records.first)
        let gad7 = try #require(record.measurements.first { $0.instrument == "gad7" })
        #expect(gad7.answers == [2, 3, 2, 1, 1, 2, 2])
        #expect(gad7.id == "QuestionnaireResponse/qr-gad7")
    }

    @Test func anUnfinishedResponseIsNotScored() throws {
        var response = R4.QuestionnaireResponse(
            id: "q1", status: "in-progress", subject: R4.Reference(reference: "Patient/p1"),
            item: [R4.QuestionnaireResponse.Item(linkId: "/44260-8", answer: [R4.QuestionnaireResponse.Answer(valueInteger: 2)])])
        response.authored = "2024-01-01"
        let result = FHIRRecordMapper(knowledge: MappingFixtures.knowledge).map(resources: [.questionnaireResponse(response)])
        #expect(result.records.isEmpty)
        #expect(result.issues.first?.path == "status")
    }
}
