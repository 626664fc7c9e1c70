// SPDX-License-Identifier: Apache-2.0
import Foundation
import HummingbirdBcrypt
import StepwiseCore
import StepwiseStorage

/// A demo clinic with synthetic patients (no real person's data), for `stepwise serve --demo`,
/// the browser tests and the load benchmark.
public enum DemoClinic {
    /// The demo password of every demo account (the demo only binds to loopback).
    public static let password = "stepwise-demo"
    /// The demo accounts: e-mail, name, role.
    public static let accounts: [(String, String, UserRole)] = [
        ("clinician@demo.stepwise", "Dr Demo Clinician", .clinician),
        ("care-manager@demo.stepwise", "Casey Care-Manager", .careManager),
        ("psychiatrist@demo.stepwise", "Dr Pat Consultant", .psychiatricConsultant),
        ("admin@demo.stepwise", "Ada Admin", .admin),
    ]

    /// Creates the organisation, the accounts and the patients; returns the organisation.
    ///
    /// - Parameters:
    ///   - extraPatients: additional generated patients (for load tests), beyond the hand-written ones.
    ///   - bcryptCost: cost for the demo passwords.
    @discardableResult
    public static func seed(
        store: any StepwiseStore, today: LocalDate, clock: StoreClock, extraPatients: Int = 0, bcryptCost: UInt8 = 10
    ) async throws -> Organization {
        let organization = Organization(id: "demo-clinic", name: "Demo Clinic")
        if try await store.organization(id: organization.id) == nil {
            try await store.createOrganization(organization)
        }
        let hash = Bcrypt.hash(password, cost: bcryptCost)
        for (email, name, role) in accounts where try await store.user(email: email) == nil {
            try await store.createUser(
                User(organizationID: organization.id, email: email, displayName: name, role: role, passwordHash: hash, createdAt: clock.now()))
        }
        var records = patients(today: today)
        if extraPatients > 0 {
            var generator = SeededGenerator(seed: 20261121)
            records += (0..<extraPatients).map { synthetic(index: $0, today: today, generator: &generator) }
        }
        for start in stride(from: 0, to: records.count, by: 1000) {
            _ = try await store.savePatients(Array(records[start..<min(start + 1000, records.count)]), organizationID: organization.id, actor: "demo-seed")
        }
        return organization
    }

    /// PHQ-9 answers with `item9` as item 9 that sum to `total`.
    static func phq9(_ total: Int, item9: Int = 0) -> [Int?] {
        var answers = [Int](repeating: 0, count: 9)
        answers[8] = min(item9, 3)
        var remaining = max(0, min(27, total) - answers[8])
        var index = 0
        while remaining > 0 {
            if index % 9 != 8, answers[index % 9] < 3 {
                answers[index % 9] += 1
                remaining -= 1
            }
            index += 1
            if index > 200 { break }
        }
        return answers
    }

    static func m(_ today: LocalDate, _ daysAgo: Int, _ total: Int, item9: Int = 0) -> StepwiseCore.Measurement {
        StepwiseCore.Measurement(instrument: "phq9", date: today.adding(days: -daysAgo), answers: phq9(total, item9: item9))
    }

    static func wsas(_ today: LocalDate, _ daysAgo: Int, _ answers: [Int?]) -> StepwiseCore.Measurement {
        StepwiseCore.Measurement(instrument: "wsas", date: today.adding(days: -daysAgo), answers: answers)
    }

    static func drug(
        _ id: String, _ agent: String, _ today: LocalDate, start: Int, end: Int?, doses: [(Int, Double?)],
        role: TreatmentTrial.Role? = nil, adherence: Double? = 90, stop: StopReason? = nil, augments: String? = nil
    ) -> TreatmentTrial {
        TreatmentTrial(
            id: id, kind: .medication, agent: agent, role: role, augments: augments, start: today.adding(days: -start),
            end: end.map { today.adding(days: -$0) }, doses: doses.map { DoseStep(from: today.adding(days: -$0.0), mgPerDay: $0.1) },
            adherence: adherence.map { Adherence(percentDaysCovered: $0, source: "pharmacy-fills") }, stopReason: stop)
    }

    /// The hand-written demo patients: each shows one clinical situation.
    public static func patients(today t: LocalDate) -> [PatientRecord] {
        let mdd = { (code: String, severity: EpisodeSeverity, onsetDays: Int) in
            Episode(
                onset: t.adding(days: -onsetDays),
                diagnosis: Diagnosis(code: code, system: .icd10, display: "Major depressive disorder, recurrent", severity: severity, psychoticFeatures: false),
                course: .recurrent)
        }
        return [
            // Two adequate failed trials of different classes, now augmented: TRD, Thase–Rush II.
            PatientRecord(
                id: "DEMO-001", birthDate: LocalDate(year: 1979, month: 4, day: 12), sex: .female, episode: mdd("F33.2", .severe, 420),
                measurements: [m(t, 400, 22), m(t, 330, 20), m(t, 300, 19), m(t, 250, 18), m(t, 200, 17), m(t, 150, 16), m(t, 90, 17), m(t, 60, 16), m(t, 28, 15), m(t, 7, 15)]
                    + [wsas(t, 300, [6, 5, 6, 5, 6]), wsas(t, 7, [5, 5, 5, 4, 5])],
                trials: [
                    drug("trial-1", "sertraline", t, start: 400, end: 310, doses: [(400, 50), (386, 100), (372, 150)], stop: .nonResponse),
                    drug("trial-2", "venlafaxine", t, start: 305, end: 205, doses: [(305, 75), (291, 150), (277, 225)], stop: .partialResponse),
                    drug("trial-3", "bupropion", t, start: 200, end: nil, doses: [(200, 150), (186, 300)]),
                    drug("trial-4", "aripiprazole", t, start: 90, end: nil, doses: [(90, 2), (76, 5)], role: .augmentation, augments: "trial-3"),
                    TreatmentTrial(id: "trial-5", kind: .psychotherapy, agent: "cbt", start: t.adding(days: -380), end: t.adding(days: -260), stopReason: .nonResponse, sessions: 14),
                ],
                conditions: [Condition(category: "anxiety", display: "Generalised anxiety disorder", status: .active)],
                labs: [LabResult(test: "tsh", value: 2.1, unit: "mIU/L", date: t.adding(days: -390))],
                findings: [ClinicalFinding(check: "bipolar-spectrum", status: .absent, date: t.adding(days: -390), method: "MDQ and interview")],
                goals: [FunctionalGoal(description: "Return to work three days a week", set: t.adding(days: -300), target: t.adding(days: 60), status: "active")]),
            // Pseudo-resistance: low dose and a short trial stopped for side effects; thyroid not checked.
            PatientRecord(
                id: "DEMO-002", birthDate: LocalDate(year: 1990, month: 9, day: 3), sex: .male, episode: mdd("F32.1", .moderate, 200),
                measurements: [m(t, 190, 17), m(t, 150, 16), m(t, 110, 16), m(t, 60, 15), m(t, 20, 15)],
                trials: [
                    drug("trial-1", "citalopram", t, start: 190, end: 100, doses: [(190, 10)], adherence: nil, stop: .nonResponse),
                    drug("trial-2", "fluoxetine", t, start: 95, end: 75, doses: [(95, 20)], stop: .sideEffects),
                ]),
            // Suicide-risk signal: PHQ-9 item 9 answered 2 last week.
            PatientRecord(
                id: "DEMO-003", birthDate: LocalDate(year: 1985, month: 1, day: 20), sex: .female, episode: mdd("F33.1", .moderate, 120),
                measurements: [m(t, 50, 19, item9: 1), m(t, 21, 18, item9: 1), m(t, 6, 17, item9: 2)],
                trials: [drug("trial-1", "escitalopram", t, start: 45, end: nil, doses: [(45, 10), (30, 20)])]),
            // Remission on sertraline, ready for relapse-prevention planning.
            PatientRecord(
                id: "DEMO-004", birthDate: LocalDate(year: 1972, month: 6, day: 30), sex: .male, episode: mdd("F33.1", .moderate, 260),
                measurements: [m(t, 240, 18), m(t, 210, 14), m(t, 180, 9), m(t, 150, 6), m(t, 100, 4), m(t, 40, 3), m(t, 10, 3)]
                    + [wsas(t, 240, [6, 5, 5, 6, 4]), wsas(t, 10, [1, 1, 2, 1, 0])],
                trials: [
                    drug("trial-1", "sertraline", t, start: 240, end: nil, doses: [(240, 50), (226, 100)], adherence: 95),
                    TreatmentTrial(id: "trial-2", kind: .psychotherapy, agent: "behavioural-activation", start: t.adding(days: -220), end: t.adding(days: -120), stopReason: .remission, sessions: 12),
                ],
                labs: [LabResult(test: "tsh", value: 1.6, unit: "mIU/L", date: t.adding(days: -235)), LabResult(test: "vitamin-d-25oh", value: 32, unit: "ng/mL", date: t.adding(days: -235))],
                goals: [FunctionalGoal(description: "Back to coaching the youth football team", set: t.adding(days: -200), status: "met")]),
            // Not improving after 10 weeks: treat-to-target says review with the psychiatrist.
            PatientRecord(
                id: "DEMO-005", birthDate: LocalDate(year: 1996, month: 11, day: 2), sex: .female, episode: mdd("F32.2", .severe, 100),
                measurements: [m(t, 72, 16), m(t, 56, 16), m(t, 42, 15), m(t, 28, 14), m(t, 14, 14)],
                trials: [drug("trial-1", "escitalopram", t, start: 70, end: nil, doses: [(70, 10), (56, 20)])]),
            // Bipolar signal from a positive MDQ screen (not a diagnosis): antidepressant monotherapy needs review.
            // (A family history of bipolar disorder is not recorded as the patient's own condition.)
            PatientRecord(
                id: "DEMO-006", birthDate: LocalDate(year: 1988, month: 2, day: 14), sex: .male, episode: mdd("F33.1", .moderate, 150),
                measurements: [m(t, 140, 15), m(t, 80, 14), m(t, 20, 13), StepwiseCore.Measurement(instrument: "mdq", date: t.adding(days: -20), answers: [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 2])],
                trials: [drug("trial-1", "sertraline", t, start: 130, end: nil, doses: [(130, 100), (110, 150)])]),
            // Psychotic depression with three failed trials and an ECT course.
            PatientRecord(
                id: "DEMO-007", birthDate: LocalDate(year: 1965, month: 8, day: 8), sex: .female,
                episode: Episode(onset: t.adding(days: -700), diagnosis: Diagnosis(code: "F33.3", system: .icd10, display: "MDD, recurrent, severe with psychotic features", severity: .severe, psychoticFeatures: true), course: .recurrent),
                measurements: [m(t, 680, 25), m(t, 560, 24), m(t, 420, 23), m(t, 300, 22), m(t, 120, 20), m(t, 60, 12), m(t, 14, 9)],
                trials: [
                    drug("trial-1", "escitalopram", t, start: 680, end: 580, doses: [(680, 10), (666, 20)], stop: .nonResponse),
                    drug("trial-2", "nortriptyline", t, start: 570, end: 440, doses: [(570, 50), (550, 100)], stop: .nonResponse),
                    drug("trial-3", "olanzapine", t, start: 560, end: 300, doses: [(560, 5), (540, 10)], role: .augmentation, stop: .nonResponse, augments: "trial-2"),
                    drug("trial-4", "phenelzine", t, start: 400, end: 130, doses: [(400, 30), (380, 60)], stop: .nonResponse),
                    TreatmentTrial(id: "trial-5", kind: .neuromodulation, agent: "ect", start: t.adding(days: -110), end: t.adding(days: -70), sessions: 12, laterality: .rightUnilateral),
                ]),
            // Non-adherence: pharmacy fills cover half the days.
            PatientRecord(
                id: "DEMO-008", birthDate: LocalDate(year: 2001, month: 3, day: 17), sex: .other, episode: mdd("F32.1", .moderate, 160),
                measurements: [m(t, 150, 14), m(t, 100, 14), m(t, 40, 13)],
                trials: [drug("trial-1", "duloxetine", t, start: 140, end: nil, doses: [(140, 30), (126, 60)], adherence: 52)],
                conditions: [Condition(category: "substance-use", display: "Alcohol use disorder, mild", status: .active)]),
        ]
    }

    /// A generated patient with a plausible course (deterministic for a seed).
    static func synthetic(index: Int, today t: LocalDate, generator: inout SeededGenerator) -> PatientRecord {
        let agents: [(String, [Double])] = [
            ("sertraline", [50, 100, 150]), ("escitalopram", [10, 20]), ("fluoxetine", [20, 40]), ("venlafaxine", [75, 150, 225]),
            ("bupropion", [150, 300]), ("mirtazapine", [15, 30]), ("duloxetine", [30, 60]),
        ]
        let trialCount = Int.random(in: 1...4, using: &generator)
        var trials: [TreatmentTrial] = []
        var start = 400 + Int.random(in: 0...300, using: &generator)
        for n in 0..<trialCount {
            let agent = agents[Int.random(in: 0..<agents.count, using: &generator)]
            let length = Int.random(in: 20...110, using: &generator)
            let ongoing = n == trialCount - 1
            let doses = agent.1.enumerated().map { (start - $0.offset * 14, $0.element as Double?) }
            trials.append(
                drug(
                    "trial-\(n + 1)", agent.0, t, start: start, end: ongoing ? nil : max(start - length, 1), doses: doses,
                    adherence: Double(Int.random(in: 40...100, using: &generator)), stop: ongoing ? nil : .nonResponse))
            start = max(start - length - 7, 30)
        }
        var score = Int.random(in: 10...25, using: &generator)
        var measurements: [StepwiseCore.Measurement] = []
        var day = 420
        while day > 0, measurements.count < 30 {
            let item9 = Int.random(in: 0...30, using: &generator) == 0 ? 1 : 0
            measurements.append(m(t, day, score, item9: item9))
            score = min(27, max(0, score + Int.random(in: -3...2, using: &generator)))
            day -= Int.random(in: 10...35, using: &generator)
        }
        return PatientRecord(
            id: "SYN-" + String(index).leftPadded(to: 5), birthDate: LocalDate(year: 1950 + index % 50, month: 1 + index % 12, day: 1 + index % 28),
            sex: index % 2 == 0 ? .female : .male,
            episode: Episode(onset: t.adding(days: -450), diagnosis: Diagnosis(code: "F33.1", system: .icd10, severity: .moderate)),
            measurements: measurements, trials: trials)
    }
}

/// A small deterministic generator (SplitMix64) for synthetic data.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
