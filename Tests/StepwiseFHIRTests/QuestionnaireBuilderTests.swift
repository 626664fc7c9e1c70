// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import StepwiseFHIR
import Testing

@Suite struct QuestionnaireBuilderTests {
    let builder = FHIRQuestionnaireBuilder(knowledge: MappingFixtures.knowledge)

    @Test func phq9CarriesPanelItemAndAnswerCodesWithScores() throws {
        let questionnaire = try builder.questionnaire(for: "PHQ-9")
        #expect(questionnaire.code?.first?.code == "44249-1")
        let items = try #require(questionnaire.item)
        #expect(items.count == 11)
        #expect(items[8].code?.first?.code == "44260-8")
        #expect(items[8].linkId == "/44260-8")
        let options = try #require(items[8].answerOption)
        #expect(options.map { $0.valueCoding?.code } == ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"])
        #expect(options.map { $0.extension?.first?.valueDecimal } == [0, 1, 2, 3])
        // The unscored difficulty question, optional, with its LL359-1 answers.
        #expect(items[9].linkId == "/69722-7")
        #expect(items[9].required == false)
        #expect(items[9].answerOption?.map { $0.valueCoding?.code } == ["LA6572-7", "LA6573-5", "LA6575-0", "LA6574-3"])
        #expect(items[10].code?.first?.code == "44261-6")
        #expect(items[10].readOnly == true)
    }

    @Test(arguments: ["phq9", "phq2", "gad7", "audit-c", "pcl5"])
    func publicDomainInstrumentsHaveTextOnEveryItem(instrument: String) throws {
        let questionnaire = try builder.questionnaire(for: instrument)
        let items = try #require(questionnaire.item)
        #expect(items.allSatisfy { $0.text?.isEmpty == false })
        #expect(items.filter { $0.type == "choice" }.allSatisfy { ($0.answerOption ?? []).allSatisfy { $0.extension?.first?.url == FHIRSystem.ordinalValue } })
    }

    @Test(arguments: ["madrs", "isi", "qles-q-sf", "cssrs-screener"])
    func licensedInstrumentsAreRefused(instrument: String) {
        #expect {
            try builder.questionnaire(for: instrument)
        } throws: { error in
            guard let error = error as? StepwiseError else { return false }
            return error.code == .forbidden && error.message.contains("licensed")
        }
    }

    @Test func anUnknownInstrumentIsNotFound() {
        #expect(throws: StepwiseError.self) { try builder.questionnaire(for: "beck") }
    }

    @Test(
        .enabled(if: FHIRPythonValidator.isAvailable, "python3 with fhir.resources is not installed: \(FHIRPythonValidator.pipLine)"),
        arguments: ["phq9", "phq2", "gad7", "audit-c", "pcl5"])
    func emittedQuestionnairesAreValidR4B(instrument: String) throws {
        let questionnaire = try builder.questionnaire(for: instrument)
        let problems = try FHIRPythonValidator.problems(in: FHIRJSON.encode(questionnaire))
        #expect(problems == nil, "\(problems ?? "")")
    }

    @Test func aQuestionnaireAnsweredInLHCFormsStyleMapsBack() throws {
        let questionnaire = try builder.questionnaire(for: "phq9")
        let items = (questionnaire.item ?? []).filter { $0.type == "choice" }.map { item in
            R4.QuestionnaireResponse.Item(linkId: item.linkId, answer: [R4.QuestionnaireResponse.Answer(valueCoding: item.answerOption?[1].valueCoding)])
        }
        var response = R4.QuestionnaireResponse(id: "rt", status: "completed", subject: R4.Reference(reference: "Patient/p1"), item: items)
        response.authored = "2024-02-02"
        let result = FHIRRecordMapper(knowledge: MappingFixtures.knowledge).map(resources: [.questionnaireResponse(response)])
        #expect(result.records.first?.measurements.first?.answers == Array(repeating: 1, count: 10), "items 1–9 and the difficulty question")
        #expect(result.issues.isEmpty)
    }
}
