// SPDX-License-Identifier: Apache-2.0

import Foundation
import StepwiseCore
import StepwiseFHIR
import Testing

@testable import StepwiseServer

/// The patient-view card's "Order …" suggestions take the lab's code and name from `conditions.json`.
@Suite struct CDSLabOrderSuggestionTests {
    static func report(_ items: [ChecklistItem]) -> AssessmentReport {
        var report = AssessmentReport(
            assessedOn: CDSFixtures.today, profile: "test", knowledgeVersion: "test", patient: PatientSummary(id: "p"))
        report.pseudoResistance = items
        return report
    }

    static func item(_ id: String, _ status: String) -> ChecklistItem {
        ChecklistItem(
            check: id, title: id, status: status, evidence: [], suggestion: "Assess \(id).", source: "canmat-2023",
            rule: "pseudo-resistance")
    }

    /// The LOINC code of each suggested ServiceRequest.
    static func orderedCodes(_ card: CDSCard) -> [String: String] {
        var codes: [String: String] = [:]
        for suggestion in card.suggestions ?? [] {
            for action in suggestion.actions ?? [] {
                guard case .object(let resource)? = action.resource, case .object(let code)? = resource["code"],
                    case .array(let codings)? = code["coding"], case .object(let coding)? = codings.first,
                    case .string(let value)? = coding["code"]
                else { continue }
                codes[suggestion.label] = value
            }
        }
        return codes
    }

    @Test func thyroidAndVitaminDOrdersUseTheCataloguedCodes() throws {
        let support = CDSCardSupport(knowledge: CDSFixtures.knowledge, makeID: { "id" })
        let card = try #require(
            CDSPatientViewCards(support: support).pseudoResistanceCard(
                Self.report([Self.item("thyroid", "not-assessed"), Self.item("vitamin-d", "not-assessed")]), patientID: "p"))
        let codes = Self.orderedCodes(card)
        let tsh = try #require(CDSFixtures.knowledge.conditions.lab(forCode: "tsh"))
        let vitaminD = try #require(CDSFixtures.knowledge.conditions.lab(forCode: "vitamin-d-25oh"))
        #expect(codes["Order Thyrotropin"] == tsh.loinc.first)
        #expect(codes["Order 25-Hydroxyvitamin D2+D3"] == vitaminD.loinc.first)
        #expect(codes == ["Order Thyrotropin": "3016-3", "Order 25-Hydroxyvitamin D2+D3": "62292-8"])
    }

    @Test func aLabWithoutAnOrderNameIsNeverSuggested() throws {
        var knowledge = CDSFixtures.knowledge
        var file = try KnowledgeResource.load("conditions", as: ConditionFile.self)
        for index in file.labs.indices where file.labs[index].id == "tsh" { file.labs[index].orderDisplay = nil }
        knowledge.conditions = ConditionCatalog(file: file)
        let support = CDSCardSupport(knowledge: knowledge, makeID: { "id" })
        let card = try #require(
            CDSPatientViewCards(support: support).pseudoResistanceCard(
                Self.report([Self.item("thyroid", "not-assessed")]), patientID: "p"))
        #expect(Self.orderedCodes(card).isEmpty)
    }
}
