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

    // MARK: F19 — baseline look-back window; F20 — what the unknown outcome misses

    /// A sertraline trial 2026-03-01 … 2026-06-01 and PHQ-9 totals on the given days.
    static func sertraline(scores: [(String, Int)], improvement: Double? = nil) throws -> PatientRecord {
        let start = try #require(LocalDate("2026-03-01"))
        let trial = TreatmentTrial(
            id: "t1", kind: .medication, agent: "sertraline", start: start, end: LocalDate("2026-06-01"),
            doses: [DoseStep(from: start, mgPerDay: 100)], adherence: Adherence(percentDaysCovered: 90),
            stopReason: .nonResponse, clinicianRatedImprovement: improvement)
        let measurements = try scores.map { date, total in
            Measurement(instrument: "phq9", date: try #require(LocalDate(date)), total: total)
        }
        return PatientRecord(id: "p", episode: Episode(onset: LocalDate("2025-01-01")), measurements: measurements, trials: [trial])
    }

    /// The first trial's outcome under the bundled knowledge's baseline window, read by the outcome
    /// rules themselves (scoring, the outcome series and the window as the trial step uses them).
    static func outcome(_ record: PatientRecord, asOf: String = "2026-11-21") throws -> TrialOutcome {
        let knowledge = try KnowledgeBase.bundled()
        let tables = try #require(knowledge.drugs.tables)
        let profile = try #require(knowledge.profiles.profile(knowledge.profiles.defaultProfile))
        let context = AssessmentContext(asOf: try #require(LocalDate(asOf)), profile: profile)
        let scored = MeasurementScoring.score(record, catalog: knowledge.instruments).measurements
        let series = TrialScoreSeries.build(
            scored, preference: tables.outcomeInstruments.value, instruments: knowledge.instruments)
        return OutcomeRules.outcome(
            try #require(record.trials.first), series: series, context: context,
            baselineMaxDays: tables.outcomeBaselineMaxDays?.value)
    }

    @Test func theBaselineWindowIsAKnowledgeValueWithAProjectDecisionSource() throws {
        let tables = try #require(try KnowledgeBase.bundled().drugs.tables)
        let window = try #require(tables.outcomeBaselineMaxDays)
        #expect(window.value == 28)
        #expect(window.sources.contains("project-decision-outcome-baseline-window"))
    }

    @Test func aBaselineAYearBeforeTheStartIsNotUsedAndTheOutcomeSaysWhy() throws {
        // The QA input, verbatim (PHQ-9 24 on 2025-03-01, 12 on 2026-05-30, trial from 2026-03-01).
        let record = try Self.record(
            #"{"id": "old-baseline", "episode": {"onset": "2025-01-01"}, "trials": [{"id": "t1", "agent": "sertraline", "start": "2026-03-01", "end": "2026-06-01", "doses": [{"from": "2026-03-01", "mgPerDay": 100}], "adherence": {"percentDaysCovered": 90}, "stopReason": "non-response"}], "measurements": [{"instrument": "phq9", "date": "2025-03-01", "answers": [3, 3, 3, 3, 3, 3, 3, 3, 0]}, {"instrument": "phq9", "date": "2026-05-30", "answers": [3, 3, 3, 3, 0, 0, 0, 0, 0]}]}"#
        )
        let outcome = try Self.outcome(record)
        #expect(outcome.class == "unknown")
        #expect(outcome.basis == "none")
        #expect(outcome.explanation.contains("2025-03-01"))
        #expect(outcome.explanation.contains("365 days before it"))
        #expect(outcome.explanation.contains("at most 28 days"))
        #expect(!outcome.explanation.contains("during the trial"))
    }

    @Test(arguments: [("2026-02-01", true), ("2026-02-02", true), ("2026-01-31", false), ("2026-03-01", true)])
    func aBaselineUpToTwentyEightDaysBeforeTheStartCounts(baselineDate: String, used: Bool) throws {
        // 2026-02-01 is exactly 28 days before 2026-03-01; 2026-01-31 is 29.
        let outcome = try Self.outcome(try Self.sertraline(scores: [(baselineDate, 20), ("2026-05-30", 10)]))
        #expect(outcome.class == (used ? "response" : "unknown"), "\(baselineDate)")
        #expect((outcome.baseline?.date.description) == (used ? baselineDate : nil))
    }

    @Test func theAssessmentAppliesTheWindowToo() throws {
        let report = try Self.assess(try Self.sertraline(scores: [("2025-03-01", 24), ("2026-05-30", 12)]))
        let trial = try #require(report.trials.first)
        #expect(trial.outcome.class == "unknown")
        #expect(trial.outcome.explanation.contains("too old for a baseline"))
        let recent = try Self.assess(try Self.sertraline(scores: [("2026-02-01", 24), ("2026-05-30", 12)]))
        #expect(recent.trials.first?.outcome.class == "response")
    }

    @Test func aStaleBaselineFallsBackToTheClinicianRating() throws {
        let outcome = try Self.outcome(
            try Self.sertraline(scores: [("2025-03-01", 24), ("2026-05-30", 12)], improvement: 10))
        #expect(outcome.basis == "clinician-rating")
        #expect(outcome.class == "non-response")
    }

    @Test func aStaleBaselineOnOneInstrumentFallsBackToARecentOneOnAnother() throws {
        var record = try Self.sertraline(scores: [("2026-02-20", 20), ("2026-05-30", 14)])
        record.measurements += [
            Measurement(instrument: "hamd17", date: try #require(LocalDate("2025-06-01")), total: 24),
            Measurement(instrument: "hamd17", date: try #require(LocalDate("2026-05-30")), total: 10),
        ]
        let outcome = try Self.outcome(record)
        #expect(outcome.instrument == "phq9")
        #expect(outcome.class == "partial-response")
    }

    @Test func aBaselineWithoutAScoreDuringTheTrialNamesTheMissingEndPoint() throws {
        // The QA input: PHQ-9 20 four days before the start, the next one after the end.
        let record = try Self.record(
            #"{"id": "after-end-only", "episode": {"onset": "2025-01-01"}, "trials": [{"id": "t1", "agent": "sertraline", "start": "2026-03-01", "end": "2026-06-01", "doses": [{"from": "2026-03-01", "mgPerDay": 100}], "adherence": {"percentDaysCovered": 90}, "stopReason": "non-response"}], "measurements": [{"instrument": "phq9", "date": "2026-02-25", "answers": [3, 3, 3, 3, 3, 3, 2, 0, 0]}, {"instrument": "phq9", "date": "2026-09-01", "answers": [3, 3, 2, 0, 0, 0, 0, 0, 0]}]}"#
        )
        let outcome = try Self.outcome(record)
        #expect(outcome.class == "unknown")
        #expect(
            outcome.explanation
                == "no phq9 score during the trial (after 2026-03-01, up to 2026-06-01) as an end point, and no clinician rating")
    }

    @Test func aScoreOnlyDuringTheTrialNamesTheMissingBaseline() throws {
        let outcome = try Self.outcome(try Self.sertraline(scores: [("2026-04-15", 12)]))
        #expect(outcome.class == "unknown")
        #expect(outcome.explanation == "no phq9 score on or before the start (2026-03-01) as a baseline, and no clinician rating")
    }

    @Test func noScoreAtAllSaysSo() throws {
        let outcome = try Self.outcome(try Self.sertraline(scores: [("2026-09-01", 12)]))
        #expect(outcome.explanation == "no depression score on or before the start or during the trial, and no clinician rating")
    }

    @Test func aStaleBaselineWithoutAnEndPointNamesBoth() throws {
        let outcome = try Self.outcome(try Self.sertraline(scores: [("2025-12-01", 20)]))
        #expect(outcome.explanation.contains("too old for a baseline"))
        #expect(outcome.explanation.contains("no phq9 score during the trial"))
    }

    // MARK: F1 (outcome half) — an out-of-range clinician rating is not used

    @Test(arguments: [200.0, -200.0, 100.5, -100.01])
    func anOutOfRangeClinicianRatingIsTreatedAsAbsent(rating: Double) throws {
        let outcome = try Self.outcome(try Self.sertraline(scores: [], improvement: rating))
        #expect(outcome.class == "unknown")
        #expect(outcome.percentChange == nil)
        #expect(outcome.explanation.contains("outside -100–100 % and is not used"))
    }

    @Test(arguments: [(100.0, "response"), (-100.0, "non-response"), (50.0, "response"), (24.9, "non-response")])
    func aClinicianRatingWithinRangeIsStillUsed(rating: Double, expected: String) throws {
        let outcome = try Self.outcome(try Self.sertraline(scores: [], improvement: rating))
        #expect(outcome.basis == "clinician-rating")
        #expect(outcome.class == expected)
    }

    @Test func theQAImprovementOf200IsNotAResponse() throws {
        let record = try Self.record(
            #"{"sex": "male", "episode": {"onset": "2026-01-01", "diagnosis": {"code": "F32.1", "system": "icd10"}}, "measurements": [], "id": "improvement-200", "trials": [{"id": "t1", "agent": "sertraline", "start": "2026-01-10", "end": "2026-04-01", "doses": [{"from": "2026-01-10", "mgPerDay": 100}], "adherence": {"percentDaysCovered": 95}, "stopReason": "non-response", "clinicianRatedImprovement": 200}]}"#
        )
        let report = try Self.assess(record)
        #expect(report.trials.first?.outcome.class == "unknown")
        #expect(report.issues.contains { $0.path == "$.trials[0].clinicianRatedImprovement" })
    }

    // MARK: F26 — remission stated from a score whose suicide item is positive

    static let remissionWithItem9 =
        #"{"id": "rem9", "episode": {"onset": "2026-07-01", "diagnosis": {"code": "F32.1", "system": "icd10"}}, "trials": [{"id": "t1", "agent": "sertraline", "start": "2026-08-01", "doses": [{"from": "2026-08-01", "mgPerDay": 100}], "adherence": {"percentDaysCovered": 95}}], "measurements": [{"instrument": "phq9", "date": "2026-08-01", "answers": [3, 3, 2, 2, 2, 2, 2, 2, 0]}, {"instrument": "phq9", "date": "2026-11-14", "answers": [0, 0, 0, 0, 0, 0, 1, 1, 1]}]}"#

    @Test func aTrialRemissionFromAScoreWithAPositiveSuicideItemCarriesTheCaveat() throws {
        let report = try Self.assess(try Self.record(Self.remissionWithItem9))
        let outcome = try #require(report.trials.first?.outcome)
        #expect(outcome.class == "remission")
        #expect(outcome.explanation.contains("met by the total, but the suicide item is positive"))
        // The safety signal is untouched and first.
        #expect(report.safety.first?.id == "suicide-risk")
    }

    @Test(arguments: [0, 1, 2, 3])
    func theCaveatFollowsTheSuicideItemOfTheEndScore(item9: Int) throws {
        var record = try Self.record(Self.remissionWithItem9)
        record.measurements[1].answers = [0, 0, 0, 0, 0, 0, 1, 0, item9]
        let outcome = try #require(try Self.assess(record).trials.first?.outcome)
        #expect(outcome.class == "remission")
        #expect(outcome.explanation.contains("suicide item is positive") == (item9 > 0))
    }

    @Test func aResponseWithAPositiveSuicideItemGetsNoRemissionCaveat() throws {
        var record = try Self.record(Self.remissionWithItem9)
        record.measurements[1].answers = [1, 1, 1, 1, 1, 1, 1, 0, 1]
        let outcome = try #require(try Self.assess(record).trials.first?.outcome)
        #expect(outcome.class == "response")
        #expect(!outcome.explanation.contains("suicide item is positive"))
    }

    @Test func theSuicideItemBitIsNotPartOfTheReportJSON() throws {
        let point = ScorePoint(date: try #require(LocalDate("2026-11-14")), score: 3, suicideItemPositive: true)
        let json = String(decoding: try JSONEncoder().encode(point), as: UTF8.self)
        #expect(!json.contains("suicide"))
        let decoded = try JSONDecoder().decode(ScorePoint.self, from: Data(json.utf8))
        #expect(decoded.score == 3 && !decoded.suicideItemPositive)
    }

    // MARK: F24 — the Measurements table's flags are the latest administration's

    static func measurementRow(_ report: AssessmentReport, _ instrument: String) throws -> String {
        let text = ReportRenderer(style: .text(colour: false)).render(report)
        return try #require(text.split(separator: "\n").first { $0.hasPrefix("  \(instrument) ") }).description
    }

    @Test func theFlagsColumnShowsTheLatestAdministrationNotAMergeOfAll() throws {
        // As in Examples/03: a positive GAD-7 screen, then a negative one.
        let record = PatientRecord(
            id: "p",
            measurements: [
                Measurement(instrument: "gad7", date: try #require(LocalDate("2025-04-07")), answers: [2, 2, 2, 2, 1, 1, 1]),
                Measurement(instrument: "gad7", date: try #require(LocalDate("2026-10-20")), answers: [2, 1, 1, 1, 1, 1, 2]),
            ])
        let report = try Self.assess(record)
        let row = try Self.measurementRow(report, "gad7")
        #expect(row.contains("screen-negative"))
        #expect(!row.contains("screen-positive"))
        #expect(ReportRenderer(style: .text(colour: false)).render(report).contains("Latest flags"))
    }

    @Test func anEarlierPositiveSuicideItemStaysVisibleWithItsDate() throws {
        let record = PatientRecord(
            id: "p",
            measurements: [
                Measurement(instrument: "phq9", date: try #require(LocalDate("2026-09-01")), answers: [2, 2, 2, 2, 2, 2, 2, 2, 2]),
                Measurement(instrument: "phq9", date: try #require(LocalDate("2026-10-01")), answers: [2, 2, 2, 2, 2, 2, 2, 2, 1]),
                Measurement(instrument: "phq9", date: try #require(LocalDate("2026-11-01")), answers: [1, 1, 1, 1, 1, 1, 1, 1, 0]),
            ])
        let row = try Self.measurementRow(try Self.assess(record), "phq9")
        #expect(row.contains("earlier: suicide-item-positive (2026-10-01)"))
    }

    @Test func aLatestPositiveSuicideItemIsShownWithoutAnEarlierNote() throws {
        let record = PatientRecord(
            id: "p",
            measurements: [
                Measurement(instrument: "phq9", date: try #require(LocalDate("2026-10-01")), answers: [2, 2, 2, 2, 2, 2, 2, 2, 1]),
                Measurement(instrument: "phq9", date: try #require(LocalDate("2026-11-01")), answers: [1, 1, 1, 1, 1, 1, 1, 1, 2]),
            ])
        let row = try Self.measurementRow(try Self.assess(record), "phq9")
        #expect(row.contains("suicide-item-positive"))
        #expect(!row.contains("earlier"))
    }

    // MARK: F24 — a course without sessions names the missing sessions

    @Test(arguments: [(TreatmentTrial.Kind.neuromodulation, "ect"), (.neuromodulation, "rtms"), (.psychotherapy, "cbt")])
    func aCourseWithoutSessionsIsUnknownForMissingSessions(kind: TreatmentTrial.Kind, agent: String) throws {
        let start = try #require(LocalDate("2026-03-01"))
        let trial = TreatmentTrial(id: "c", kind: kind, agent: agent, start: start, end: start.adding(days: 40))
        let report = try Self.assess(PatientRecord(id: "p", trials: [trial]))
        let adequacy = try #require(report.trials.first?.adequacy)
        #expect(adequacy.verdict == "unknown")
        #expect(adequacy.reasons == ["sessions-unknown"])
        #expect(adequacy.explanation.contains("sessions is not recorded"))
    }

    @Test func aMedicationTrialWithImpossibleDatesKeepsDurationUnknown() throws {
        let start = try #require(LocalDate("2026-03-01"))
        let trial = TreatmentTrial(
            id: "m", kind: .medication, agent: "sertraline", start: start, end: start.adding(days: -3),
            doses: [DoseStep(from: start, mgPerDay: 100)])
        let report = try Self.assess(PatientRecord(id: "p", trials: [trial]))
        #expect(report.trials.first?.adequacy.reasons.contains("duration-unknown") == true)
    }

    // MARK: F26 — monitoring and plan state the same caveat

    @Test func theMonitoringAndPlanRemissionCarryTheCaveatForTheQAInput() throws {
        let report = try Self.assess(try Self.record(Self.remissionWithItem9))
        let target = try #require(report.monitoring.first { $0.id == "treat-to-target" })
        #expect(target.message.contains("In the remission range"))
        #expect(target.message.contains("met by the total, but the suicide item is positive"))
        let remissionOptions = report.plan.filter { $0.rationale.contains("remission") }
        #expect(!remissionOptions.isEmpty)
        #expect(remissionOptions.allSatisfy { $0.rationale.contains("met by the total, but the suicide item is positive") })
        // The trials table of the text and Markdown report says it too.
        for style in [ReportRenderer.Style.text(colour: false), .markdown] {
            #expect(ReportRenderer(style: style).render(report).contains("remission -83.3 % (suicide item positive)"))
        }
        // Safety first, unchanged.
        #expect(report.safety.first?.id == "suicide-risk")
        #expect(report.plan.first?.rationale.contains("suicide") == true)
    }

    @Test func aRemissionWithoutAPositiveSuicideItemHasNoCaveatAnywhere() throws {
        var record = try Self.record(Self.remissionWithItem9)
        record.measurements[1].answers = [0, 0, 0, 0, 0, 0, 1, 1, 0]
        let report = try Self.assess(record)
        let target = try #require(report.monitoring.first { $0.id == "treat-to-target" })
        #expect(target.message.contains("In the remission range"))
        #expect(!target.message.contains("suicide item"))
        #expect(report.plan.contains { $0.rationale.contains("remission") })
        #expect(!report.plan.contains { $0.rationale.contains("met by the total") })
    }

    // MARK: F24 — a figure never rounds onto a verdict boundary it does not reach

    @Test(arguments: [(49.96, "partial-response", "49.96"), (24.96, "non-response", "24.96"), (50.0, "response", "50")])
    func aClinicianRatingNextToABoundaryIsPrintedOnItsOwnSide(rating: Double, expected: String, shown: String) throws {
        let report = try Self.assess(try Self.sertraline(scores: [], improvement: rating))
        let trial = try #require(report.trials.first)
        #expect(trial.outcome.class == expected)
        #expect(trial.outcome.explanation == "clinician-rated improvement \(shown) %: \(expected)")
        let text = ReportRenderer(style: .text(colour: false)).render(report)
        #expect(text.contains("\(expected) -\(shown) %"))
        if rating < 50 {
            let canadian = try #require(report.trd.first { $0.definition == "canadian-2021" })
            #expect(canadian.explanation.contains("\(shown) % improvement"))
        }
    }
}
