// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseFHIR

extension StepwiseCommand {
    /// `stepwise questionnaire <instrument>`: a FHIR R4 Questionnaire for a public-domain instrument.
    struct Questionnaire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a FHIR R4 Questionnaire (LOINC-coded, with answer scores) for a public-domain instrument.",
            discussion: """
                Items, answers and the panel carry LOINC codes where they are confirmed; every answer carries
                its score in the ordinalValue extension. Licensed instruments (MADRS, ISI, C-SSRS, Q-LES-Q-SF, …)
                are refused: Stepwise ships no item text for them.
                Exit status: 0 printed; 65 licensed instrument; 69 unknown instrument.
                """
        )

        @Argument(help: "Instrument id or alias, e.g. phq9, PHQ-2, gad7, audit-c, pcl5.")
        var instrument: String

        @Flag(help: "Print compact JSON on one line instead of indented JSON.")
        var compact = false

        func run() async throws {
            let knowledge = try withCommandErrors { try KnowledgeBase.bundled() }
            let builder = FHIRQuestionnaireBuilder(knowledge: knowledge)
            do {
                let questionnaire = try builder.questionnaire(for: instrument)
                let data = try FHIRJSON.encode(questionnaire, pretty: !compact)
                print(String(decoding: data, as: UTF8.self))
            } catch let error as StepwiseError {
                printError("error: \(error.message)")
                throw ExitCode(error.code == .notFound ? ExitStatus.notFound : ExitStatus.dataError)
            }
        }
    }
}
