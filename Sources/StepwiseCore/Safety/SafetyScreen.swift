// SPDX-License-Identifier: Apache-2.0

/// Suicide-risk and other safety signals.
///
/// `suicide-risk` always comes first when raised. The screen reads the record's raw item answers
/// as well as the scored measurements, so a questionnaire that failed validation (an out-of-range
/// answer elsewhere, a missing item) still raises its safety signal. Each pipeline stage returns
/// only its own part of the report, so no later stage can remove or downgrade these flags.
public enum SafetyScreen {
    /// Level order, most urgent first.
    static let levels = ["critical", "high", "moderate", "low"]

    /// Safety flags; no other rule may remove or downgrade them.
    public static func evaluate(
        _ record: PatientRecord, measurements: [ScoredMeasurement], context: AssessmentContext,
        knowledge: KnowledgeBase
    ) -> [SafetyFlag] {
        evaluate(SharedRecord(record), measurements: measurements, context: context, knowledge: knowledge)
    }

    /// ``evaluate(_:measurements:context:knowledge:)`` on the assessment's shared record (the
    /// deferred evidence keeps the shared object, not a copy of the record).
    static func evaluate(
        _ shared: SharedRecord, measurements: [ScoredMeasurement], table: MeasurementTable? = nil,
        context: AssessmentContext, knowledge: KnowledgeBase
    ) -> [SafetyFlag] {
        var flags: [SafetyFlag] = []
        // Decided now (from the scoring pass's table when there is one); the evidence lines are
        // rendered when read, by the same rules, from the record.
        if var suicide = SuicideRiskScreen.evaluate(
            shared.record, measurements: measurements, table: table, context: context, knowledge: knowledge,
            rendering: false)
        {
            suicide.$evidence = Deferred {
                SuicideRiskScreen.evaluate(
                    shared.record, measurements: measurements, context: context, knowledge: knowledge, rendering: true)?
                    .evidence ?? []
            }
            flags.append(suicide)
        }
        let signals = DiagnosticSignals(
            shared: shared, measurements: measurements, knowledge: knowledge, catalog: knowledge.conditions, rendering: false)
        if var psychotic = signals.psychoticFeatures() {
            psychotic.$evidence = Deferred { signals.rendered.psychoticFeatures()?.evidence ?? [] }
            flags.append(psychotic)
        }
        if var bipolar = signals.bipolar() {
            bipolar.$evidence = Deferred { signals.rendered.bipolar()?.evidence ?? [] }
            flags.append(bipolar)
        }
        return flags
    }

    /// The more urgent of two levels.
    static func moreUrgent(_ a: String, _ b: String) -> String {
        rank(a) <= rank(b) ? a : b
    }

    /// 0 for `critical` … 3 for `low`; unknown levels sort last.
    static func rank(_ level: String) -> Int {
        levels.firstIndex(of: level) ?? levels.count
    }
}
