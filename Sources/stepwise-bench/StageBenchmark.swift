// SPDX-License-Identifier: Apache-2.0
import StepwiseCore

/// Time spent in each stage of the assessment pipeline, to find where the time goes.
enum StageBenchmark {
    /// With `ehrItems`, every PHQ-9 is given as an EHR exports it: the entered total plus item 9
    /// as a separate answer (`items["9"]`), no answer list.
    static func run(patients: Int, ehrItems: Bool = false) throws {
        let knowledge = try KnowledgeBase.bundled()
        let asOf = LocalDate(year: 2026, month: 11, day: 21) ?? LocalDate(dayNumber: 20_000)
        guard let profile = knowledge.profiles.defaultValue else { return }
        let context = AssessmentContext(asOf: asOf, profile: profile)
        let generator = PopulationGenerator(seed: 42, asOf: asOf)
        let records = (0..<patients).map { index in
            let record = generator.patient(index)
            return ehrItems ? Self.ehrStyle(record) : record
        }
        var times: [(String, Double)] = []
        var sink = 0

        func measure(_ name: String, _ body: (PatientRecord) -> Int) {
            let start = ContinuousClock.now
            for record in records { sink &+= body(record) }
            times.append((name, AssessBenchmark.seconds(since: start)))
        }

        let scored = records.map { MeasurementScoring.score($0, catalog: knowledge.instruments).measurements }
        let trials = zip(records, scored).map {
            TrialEvaluation.evaluate($0, measurements: $1, context: context, knowledge: knowledge)
        }
        var index = 0
        measure("measurement scoring") { MeasurementScoring.score($0, catalog: knowledge.instruments).measurements.count }
        if ehrItems {
            // Same-run reference: each PHQ-9 (total + item 9) scored alone by the full rule
            // (`InstrumentScorer.score(_:definition:sex:)`, the path these measurements took before
            // the fast path for a total plus separate items); the other measurements are skipped.
            measure("  PHQ-9s alone, full rule") { record in
                var count = 0
                var lastName = ""
                var last: InstrumentDefinition?
                for measurement in record.measurements where measurement.items != nil {
                    if measurement.instrument != lastName {
                        lastName = measurement.instrument
                        last = knowledge.instruments.instrument(lastName)
                    }
                    guard let definition = last else { continue }
                    if let scored = try? InstrumentScorer.score(measurement, definition: definition, sex: record.sex) {
                        count &+= scored.total ?? 0
                    }
                }
                return count
            }
        }
        index = 0
        measure("record validation") { RecordValidation.issues(in: $0).count }
        index = 0
        measure("safety") { record in
            defer { index += 1 }
            return SafetyScreen.evaluate(record, measurements: scored[index], context: context, knowledge: knowledge).count
        }
        index = 0
        measure("trial adequacy + outcome") { record in
            defer { index += 1 }
            return TrialEvaluation.evaluate(record, measurements: scored[index], context: context, knowledge: knowledge).count
        }
        index = 0
        measure("TRD definitions") { record in
            defer { index += 1 }
            return TRDDefinitions.evaluate(trials[index], record: record, context: context, knowledge: knowledge).count
        }
        index = 0
        measure("staging") { record in
            defer { index += 1 }
            return StagingModels.evaluate(
                trials[index], measurements: scored[index], record: record, context: context, knowledge: knowledge
            ).thaseRush.stage
        }
        index = 0
        measure("pseudo-resistance") { record in
            defer { index += 1 }
            return PseudoResistanceChecklist.evaluate(
                record, measurements: scored[index], trials: trials[index], context: context, knowledge: knowledge
            ).count
        }
        index = 0
        measure("monitoring") { record in
            defer { index += 1 }
            return MonitoringRules.evaluate(
                record, measurements: scored[index], trials: trials[index], context: context, knowledge: knowledge
            ).count
        }
        let assessor = Assessor(knowledge: knowledge)
        let reports = records.map { assessor.assess($0, context: context) }
        index = 0
        measure("planner") { record in
            defer { index += 1 }
            var report = reports[index]
            report.plan = []
            return Planner.plan(report, record: record, context: context, knowledge: knowledge).count
        }
        measure("full assessment") { assessor.assess($0, context: context).plan.count }

        print("Stage timings over \(patients) patients (single core\(ehrItems ? ", PHQ-9 as total + item 9" : "")):")
        for (name, seconds) in times {
            let micro = seconds / Double(patients) * 1_000_000
            print(AssessBenchmark.pad("  \(name)", 34) + "\(AssessBenchmark.format(micro)) µs/patient")
        }
        print("checksum \(sink)")
    }

    /// `record` with each PHQ-9 answer list replaced by its total and a separate item-9 answer.
    static func ehrStyle(_ record: PatientRecord) -> PatientRecord {
        var record = record
        for index in record.measurements.indices where record.measurements[index].instrument == "phq9" {
            guard let answers = record.measurements[index].answers, answers.count == 9 else { continue }
            record.measurements[index].total = answers.reduce(0) { $0 + ($1 ?? 0) }
            record.measurements[index].items = ["9": answers[8] ?? 0]
            record.measurements[index].answers = nil
        }
        return record
    }
}
