// SPDX-License-Identifier: Apache-2.0
import PropertyBased
import Testing

@testable import StepwiseCore

@Suite struct SafetyTests {
    typealias F = SafetyPlanFixtures

    static func flags(_ record: PatientRecord, _ measurements: [ScoredMeasurement] = []) -> [SafetyFlag] {
        SafetyScreen.evaluate(record, measurements: measurements, context: F.context(), knowledge: F.knowledge)
    }

    @Test func phq9ItemNinePositiveRaisesSuicideRiskWithItsEvidence() throws {
        let record = PatientRecord(id: "p", measurements: [F.phq9("2026-11-01", item9: 1)])
        let flag = try #require(Self.flags(record).first)
        #expect(flag.id == "suicide-risk")
        #expect(flag.level == "high")
        #expect(flag.evidence.contains { $0.contains("item 9 = 1 on 2026-11-01") && $0.contains("most recent") })
        #expect(!flag.sources.isEmpty)
    }

    @Test func nearlyEveryDayIsCritical() throws {
        let record = PatientRecord(id: "p", measurements: [F.phq9("2026-11-01", item9: 3)])
        #expect(try #require(Self.flags(record).first).level == "critical")
    }

    @Test func zeroOnItemNineRaisesNothing() {
        #expect(Self.flags(PatientRecord(id: "p", measurements: [F.phq9("2026-11-01", item9: 0)])).isEmpty)
    }

    @Test func aLaterNegativeDoesNotEraseARecentPositive() throws {
        let record = PatientRecord(
            id: "p", measurements: [F.phq9("2026-09-01", item9: 2), F.phq9("2026-11-15", item9: 0)])
        let flag = try #require(Self.flags(record).first)
        #expect(flag.id == "suicide-risk")
        #expect(flag.evidence.first?.contains("Most recent PHQ-9 on 2026-11-15 answered item 9 = 0") == true)
        #expect(flag.evidence.contains { $0.contains("item 9 = 2 on 2026-09-01 (within 90 days)") })
    }

    @Test func aPositiveOutsideTheWindowFollowedByANegativeIsNotReported() {
        // 2026-08-22 is 91 days before the as-of date; the window is 90 days.
        let record = PatientRecord(
            id: "p", measurements: [F.phq9("2026-08-22", item9: 2), F.phq9("2026-11-15", item9: 0)])
        #expect(Self.flags(record).isEmpty)
        let atEdge = PatientRecord(
            id: "p", measurements: [F.phq9("2026-08-23", item9: 2), F.phq9("2026-11-15", item9: 0)])
        #expect(Self.flags(atEdge).first?.id == "suicide-risk")
    }

    @Test func anOldPositiveThatIsTheMostRecentAnswerIsStillReported() {
        let record = PatientRecord(id: "p", measurements: [F.phq9("2025-01-10", item9: 1)])
        #expect(Self.flags(record).first?.id == "suicide-risk")
    }

    @Test(arguments: [("qids-sr16", 12, 16), ("hamd17", 3, 17), ("madrs", 10, 10)])
    func otherSafetyItemsRaiseSuicideRisk(instrument: String, item: Int, count: Int) throws {
        var answers = [Int?](repeating: 0, count: count)
        answers[item - 1] = 1
        let record = PatientRecord(
            id: "p", measurements: [Measurement(instrument: instrument, date: F.day("2026-11-01"), answers: answers)])
        let flag = try #require(Self.flags(record).first)
        #expect(flag.id == "suicide-risk")
        #expect(flag.evidence.first?.contains("item \(item) = 1") == true)
    }

    @Test func aSingleItemAnswerWithoutTheRestStillCounts() {
        let record = PatientRecord(
            id: "p", measurements: [Measurement(instrument: "phq9", date: F.day("2026-11-01"), items: ["9": 2])])
        #expect(Self.flags(record).first?.id == "suicide-risk")
    }

    @Test func anInvalidQuestionnaireStillRaisesItsSafetySignal() throws {
        let invalid = F.phq9("2026-11-01", item9: 2, answers: [1, 7, nil, 1, 1, 1, 1, 1, 2])
        let flag = try #require(Self.flags(PatientRecord(id: "p", measurements: [invalid])).first)
        #expect(flag.id == "suicide-risk")
    }

    @Test func cssrsHighRiskIsCriticalAndLowRiskIsHigh() throws {
        let high = [F.scored("cssrs-screener", "2026-11-10", total: nil, flags: ["cssrs-high-risk"])]
        #expect(try #require(Self.flags(PatientRecord(id: "p"), high).first).level == "critical")
        let low = [F.scored("cssrs-screener", "2026-11-10", total: nil, flags: ["cssrs-low-risk"])]
        let flag = try #require(Self.flags(PatientRecord(id: "p"), low).first)
        #expect(flag.id == "suicide-risk")
        #expect(flag.level == "high")
    }

    @Test func aSuicidalIdeationDiagnosisRaisesSuicideRisk() {
        let record = PatientRecord(id: "p", conditions: [Condition(code: "R45.851", system: .icd10)])
        #expect(Self.flags(record).first?.id == "suicide-risk")
    }

    @Test func bipolarSignalFromDiagnosisOrPositiveMDQ() {
        let diagnosed = PatientRecord(id: "p", conditions: [Condition(code: "F31.81", system: .icd10)])
        #expect(Self.flags(diagnosed).map(\.id) == ["bipolar-signal"])
        let mdq = [F.scored("mdq", "2026-06-01", total: 9, flags: ["screen-positive"])]
        #expect(Self.flags(PatientRecord(id: "p"), mdq).map(\.id) == ["bipolar-signal"])
        let ruledOutLater = PatientRecord(
            id: "p", conditions: [Condition(category: "bipolar", status: .ruledOut, date: F.day("2026-07-01"))])
        #expect(Self.flags(ruledOutLater, mdq).isEmpty)
    }

    @Test func psychoticFeaturesFromTheEpisodeCode() throws {
        let record = PatientRecord(id: "p", episode: Episode(diagnosis: Diagnosis(code: "F33.3", system: .icd10)))
        let flag = try #require(Self.flags(record).first)
        #expect(flag.id == "psychotic-features")
        #expect(flag.action.contains("ECT"))
    }

    @Test func suicideRiskComesBeforeEveryOtherSignal() {
        let record = PatientRecord(
            id: "p", episode: Episode(diagnosis: Diagnosis(code: "F33.3")), measurements: [F.phq9("2026-11-01", item9: 1)],
            conditions: [Condition(code: "F31.81")])
        #expect(Self.flags(record).map(\.id) == ["suicide-risk", "psychotic-features", "bipolar-signal"])
    }

    // MARK: - No other stage can remove it

    /// A deterministic generator of messy records: every kind of input, many of them invalid.
    struct MessyRecords {
        var state: UInt64

        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(max(bound, 1)))
        }

        mutating func date(around base: LocalDate, spread: Int) -> LocalDate {
            base.adding(days: next(2 * spread + 1) - spread)
        }

        mutating func record() -> PatientRecord {
            let asOf = F.asOf
            let instruments = ["phq9", "qids-sr16", "hamd17", "madrs", "gad7", "mdq", "audit-c", "cssrs-screener", "isi", "nonsense", "PHQ-9"]
            var measurements: [Measurement] = []
            for _ in 0..<next(12) {
                let instrument = instruments[next(instruments.count)]
                let count = next(20)
                let answers: [Int?] = (0..<count).map { _ in self.next(10) == 0 ? nil : self.next(9) - 1 }
                measurements.append(
                    Measurement(
                        instrument: instrument, date: date(around: asOf, spread: 400), answers: next(3) == 0 ? nil : answers,
                        total: next(3) == 0 ? next(80) - 5 : nil))
            }
            // The signal that must survive: item 9 positive within the window (maybe followed by negatives).
            let positiveDay = asOf.adding(days: -next(90))
            measurements.insert(
                Measurement(instrument: "phq9", date: positiveDay, answers: [next(4), next(4), 2, 1, 0, 3, 1, 2, 1 + next(3)]),
                at: next(measurements.count + 1))
            var trials: [TreatmentTrial] = []
            let agents = ["sertraline", "fluoxetine", "aripiprazole", "lithium", "esketamine", "cbt", "ect", "unknownium", "tranylcypromine"]
            for index in 0..<next(6) {
                let start = date(around: asOf, spread: 600)
                let kinds = TreatmentTrial.Kind.allCases
                trials.append(
                    TreatmentTrial(
                        id: next(4) == 0 ? nil : "t\(index)", kind: kinds[next(kinds.count)], agent: agents[next(agents.count)],
                        role: next(2) == 0 ? nil : TreatmentTrial.Role.allCases[next(5)], start: start,
                        end: next(2) == 0 ? nil : start.adding(days: next(200) - 30),
                        doses: (0..<next(3)).map { _ in DoseStep(from: self.date(around: start, spread: 60), mgPerDay: self.next(4) == 0 ? nil : Double(self.next(400) - 10)) },
                        adherence: next(2) == 0 ? nil : Adherence(percentDaysCovered: Double(next(150))),
                        stopReason: next(2) == 0 ? nil : StopReason.allCases[next(StopReason.allCases.count)],
                        sessions: next(2) == 0 ? nil : next(30) - 2))
            }
            let codes = ["F31.81", "F33.3", "E03.9", "G47.33", "F10.20", "13746004", "", "ZZZ", "F60.3", "I71.2"]
            let conditions = (0..<next(5)).map { _ in
                Condition(
                    code: codes[self.next(codes.count)], status: Condition.Status.allCases[self.next(3)],
                    date: self.next(2) == 0 ? nil : self.date(around: asOf, spread: 500))
            }
            let labs = (0..<next(4)).map { _ in
                LabResult(
                    test: ["tsh", "62292-8", "lithium", "weird"][self.next(4)], value: Double(self.next(200)) / 7,
                    unit: [nil, "mIU/L", "nmol/L", "ng/mL", "??"][self.next(5)], date: self.date(around: asOf, spread: 800))
            }
            let findings = (0..<next(4)).map { _ in
                ClinicalFinding(
                    check: ["bipolar-spectrum", "psychotic-features", "suicide-risk", "sleep-apnea", "seasonal-pattern"][self.next(5)],
                    status: self.next(2) == 0 ? .present : .absent,
                    date: self.next(2) == 0 ? nil : self.date(around: asOf, spread: 300))
            }
            let episode = next(2) == 0 ? nil : Episode(
                onset: date(around: asOf, spread: 1500),
                diagnosis: Diagnosis(code: codes[next(codes.count)], psychoticFeatures: [nil, true, false][next(3)]))
            return PatientRecord(
                id: "messy", birthDate: next(2) == 0 ? nil : F.day("1970-05-05"), sex: Sex.allCases[next(4)], episode: episode,
                measurements: measurements, trials: trials, conditions: conditions, labs: labs, findings: findings)
        }
    }

    @Test func theFullAssessorAlwaysPutsSuicideRiskFirst() async {
        let assessor = Assessor(knowledge: F.knowledge)
        await propertyCheck(count: 300, input: Gen.int(in: 0...1_000_000_000)) { seed in
            var generator = MessyRecords(state: UInt64(seed))
            let record = generator.record()
            let report = assessor.assess(record, context: F.context())
            #expect(report.safety.first?.id == "suicide-risk")
            #expect(["critical", "high"].contains(report.safety.first?.level ?? ""))
            #expect(report.safety.filter { $0.id == "suicide-risk" }.count == 1)
            #expect(report.plan.first?.id == "suicide-safety-plan")
        }
    }

    @Test func thePlannerCannotChangeTheSafetyPartOfTheReport() {
        var generator = MessyRecords(state: 42)
        let record = generator.record()
        let report = Assessor(knowledge: F.knowledge).assess(record, context: F.context())
        let before = report.safety
        _ = Planner.plan(report, record: record, context: F.context(), knowledge: F.knowledge)
        #expect(report.safety == before)
        #expect(before.first?.id == "suicide-risk")
    }
}
