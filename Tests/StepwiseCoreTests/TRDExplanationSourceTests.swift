// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import StepwiseCore

/// The TRD verdicts' explanations are rendered from one shared source per assessment; each must be
/// the text the per-verdict rendering (a closure per verdict, the path it replaced) gives.
@Suite struct TRDExplanationSourceTests {
    /// The explanations as the replaced code rendered them: the same rules run on the same input,
    /// then `TRDLog.render` per verdict.
    static func reference(_ trials: [TrialAssessment], record: PatientRecord, context: AssessmentContext,
        knowledge: KnowledgeBase
    ) -> [String] {
        let catalog = knowledge.drugs
        guard let tables = catalog.tables else { return [] }
        let input = TRDInput(
            trials: trials, rows: TRDRow.build(trials, record: record, context: context, catalog: catalog),
            responsePercent: context.profile.responsePercent.value,
            partialResponsePercent: context.profile.partialResponsePercent.value,
            adequateWeeksSources: context.profile.adequateWeeks.sources, tables: tables)
        var log = TRDLog(capacity: trials.count * 4)
        var verdicts: [TRDVerdict] = []
        let rules = [
            TRDRules.fda(input, log: &log, into: &verdicts),
            TRDRules.euPearl(
                input, bipolar: TRDDefinitions.hasBipolarDiagnosis(record, knowledge: knowledge), log: &log,
                into: &verdicts),
            TRDRules.canadian(input, log: &log, into: &verdicts),
            TRDRules.karolinska(input, log: &log, into: &verdicts),
        ]
        return verdicts.indices.map { position in
            guard position < rules.count, let rule = rules[position] else { return verdicts[position].explanation }
            return TRDLog.render(
                rule, counted: verdicts[position].countedTrials.count, entries: log.entries, trials: trials,
                catalog: catalog)
        }
    }

    static let examples: [URL] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { folder.appendingPathComponent($0) }
    }()

    @Test(arguments: examples)
    func explanationsFromTheSharedSourceEqualThePerVerdictRendering(_ file: URL) throws {
        let record = try JSONDecoder().decode(PatientRecord.self, from: Data(contentsOf: file))
        let knowledge = try TrialTestKit.knowledge()
        let context = try TrialTestKit.context()
        let report = Assessor(knowledge: knowledge).assess(record, context: context)
        let verdicts = TRDDefinitions.evaluate(report.trials, record: record, context: context, knowledge: knowledge)
        #expect(verdicts.count == 4)
        // Verdicts decided by a rule render from the shared source (a bipolar diagnosis gives
        // EU-PEARL a fixed sentence instead).
        #expect(verdicts.contains { $0.$explanation.isDeferred })
        let expected = Self.reference(report.trials, record: record, context: context, knowledge: knowledge)
        #expect(verdicts.map(\.explanation) == expected)
        #expect(report.trd.map(\.explanation) == expected)
    }

    @Test func theExamplesAreFound() {
        #expect(Self.examples.count >= 12)
    }
}
