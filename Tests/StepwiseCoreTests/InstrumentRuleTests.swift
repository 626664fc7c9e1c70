// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// The instrument-specific scoring rules, one published rule at a time.
@Suite struct InstrumentRuleTests {
    // MARK: QIDS-SR16

    @Test func qidsTakesTheHighestItemInEachDomain() throws {
        // Sleep max(1,3,0,2)=3; sad 2; appetite/weight max(0,1,–,2)=2; 10–14: 1,2,0,1,2; psychomotor max(1,3)=3.
        let answers: [Int?] = [1, 3, 0, 2, 2, 0, 1, nil, 2, 1, 2, 0, 1, 2, 1, 3]
        let scored = try InstrumentFixtures.score("qids-sr16", answers)
        #expect(scored.total == 16)  // a plain sum of the answers would be 21
        #expect(scored.band == "severe")
        #expect(scored.flags.isEmpty)
    }

    @Test func qidsNeedsOneAnsweredItemInEveryDomain() throws {
        let answers: [Int?] = [1, 0, 0, 0, 2, nil, nil, nil, nil, 1, 1, 0, 1, 1, 0, 0]
        let error = try #require(InstrumentFixtures.error { _ = try InstrumentFixtures.score("qids-sr16", answers) })
        #expect(error.code == .missingData)
        #expect(error.message == "qids-sr16: none of items 6, 7, 8 and 9 is answered; each domain needs at least one answered item")
    }

    @Test func qidsSingleItemDomainsMustBeAnswered() throws {
        let answers: [Int?] = [1, 0, 0, 0, nil, 1, nil, 0, nil, 1, 1, 0, 1, 1, 0, 0]
        let error = try #require(InstrumentFixtures.error { _ = try InstrumentFixtures.score("qids-sr16", answers) })
        #expect(error.message == "qids-sr16: item 5 is missing")
    }

    // MARK: PCL-5

    @Test func pcl5ClusterRuleMakesAProvisionalDiagnosisBelowTheCutPoint() throws {
        var answers = [Int?](repeating: 0, count: 20)
        for item in [1, 6, 8, 9, 15, 16] { answers[item - 1] = 2 }
        let scored = try InstrumentFixtures.score("pcl5", answers)
        #expect(scored.total == 12)
        #expect(scored.band == "positive")
        #expect(scored.flags == ["ptsd-provisional"])
        #expect(scored.details["clusterRuleMet"] == 1)
        #expect(scored.details["clusterB"] == 2)
        #expect(scored.details["clusterC"] == 2)
        #expect(scored.details["clusterD"] == 4)
        #expect(scored.details["clusterE"] == 4)
    }

    @Test func pcl5ItemsRatedOneDoNotCountAsSymptoms() throws {
        var answers = [Int?](repeating: 1, count: 20)
        answers[0] = 2
        let scored = try InstrumentFixtures.score("pcl5", answers)
        #expect(scored.total == 21)
        #expect(scored.band == "negative")
        #expect(scored.flags.isEmpty)
        #expect(scored.details["clusterRuleMet"] == 0)
    }

    @Test func pcl5CutPointIsThirtyThree() throws {
        // All points in clusters B and D: C and E have no symptoms, so only the total can decide.
        var answers = [Int?](repeating: 0, count: 20)
        for item in 1...5 { answers[item - 1] = 4 }
        for item in 8...10 { answers[item - 1] = 4 }
        let below = try InstrumentFixtures.score("pcl5", answers)
        #expect(below.total == 32)
        #expect(below.band == "negative")
        #expect(!below.flags.contains("ptsd-provisional"))
        answers[14] = 1
        let at = try InstrumentFixtures.score("pcl5", answers)
        #expect(at.total == 33)
        #expect(at.band == "positive")
        #expect(at.flags.contains("ptsd-provisional"))
        #expect(at.details["clusterRuleMet"] == 0)
        #expect(at.details["cutPointMet"] == 1)
    }

    // MARK: AUDIT-C

    @Test(arguments: [
        (Sex.male, 3, "negative"), (Sex.male, 4, "positive"), (Sex.female, 2, "negative"), (Sex.female, 3, "positive"),
    ])
    func auditCUsesSexSpecificCutOffs(sex: Sex, total: Int, band: String) throws {
        // One point from question 2, so the result is not the question-1-only case (AuditCQuestionOneTests).
        let scored = try InstrumentFixtures.score("audit-c", [total - 1, 1, 0], sex: sex)
        #expect(scored.total == total)
        #expect(scored.band == band)
        #expect(scored.flags == [band == "positive" ? "screen-positive" : "screen-negative"])
        #expect(scored.details["threshold"] == (sex == .male ? 4 : 3))
    }

    @Test(arguments: [nil, Sex.other, Sex.unknown])
    func auditCWithUnknownSexUsesTheLowerCutOffAndSaysSo(sex: Sex?) throws {
        let scored = try InstrumentFixtures.score("audit-c", [1, 1, 1], sex: sex)
        #expect(scored.band == "positive")
        #expect(scored.details["threshold"] == 3)
        #expect(scored.flags.contains("sex-unknown-lower-threshold"))
        let two = try InstrumentFixtures.score("audit-c", [1, 1, 0], sex: sex)
        #expect(two.band == "negative")
    }

    @Test func auditCEnteredTotalAlsoUsesSex() throws {
        #expect(try InstrumentFixtures.score("audit-c", total: 3, sex: .male).band == "negative")
        #expect(try InstrumentFixtures.score("audit-c", total: 3, sex: .female).band == "positive")
    }

    // MARK: ASRS

    @Test(arguments: [
        ([2, 2, 2, 3, 0, 0], 4, "positive"),  // Sometimes counts for 1–3; Often for 4
        ([2, 2, 2, 2, 2, 2], 3, "negative"),  // Sometimes does not count for 4–6
        ([1, 1, 1, 4, 4, 4], 3, "negative"),  // Rarely never counts
        ([1, 2, 2, 3, 3, 0], 4, "positive"),
        ([4, 4, 4, 4, 4, 4], 6, "positive"),
        ([0, 0, 0, 0, 0, 0], 0, "negative"),
    ])
    func asrsCountsOnlyShadedBoxes(answers: [Int], count: Int, band: String) throws {
        let scored = try InstrumentFixtures.score("asrs-screener", answers)
        #expect(scored.total == count)
        #expect(scored.band == band)
        #expect(scored.flags == [band == "positive" ? "screen-positive" : "screen-negative"])
    }

    // MARK: MDQ

    static func mdq(yes: Int, clustered: Int, problem: Int) -> [Int?] {
        (1...13).map { $0 <= yes ? 1 : 0 } + [clustered, problem]
    }

    @Test(arguments: [
        (7, 1, 2, "positive"), (13, 1, 3, "positive"), (6, 1, 3, "negative"), (7, 0, 3, "negative"),
        (7, 1, 1, "negative"), (13, 0, 0, "negative"),
    ])
    func mdqNeedsAllThreeParts(yes: Int, clustered: Int, problem: Int, band: String) throws {
        let scored = try InstrumentFixtures.score("mdq", Self.mdq(yes: yes, clustered: clustered, problem: problem))
        #expect(scored.total == yes)
        #expect(scored.band == band)
        #expect(scored.flags == [band == "positive" ? "screen-positive" : "screen-negative"])
        #expect(scored.details["part2Clustered"] == Double(clustered))
        #expect(scored.details["part3Impairment"] == Double(problem))
    }

    @Test func mdqTotalAloneIsNegativeBelowSevenAndUndecidedFromSeven() throws {
        let six = try InstrumentFixtures.score("mdq", total: 6)
        #expect(six.band == "negative")
        let seven = try InstrumentFixtures.score("mdq", total: 7)
        #expect(seven.band == nil)
        #expect(!seven.flags.contains("screen-negative"))
    }

    @Test func mdqPartsTwoAndThreeMustBeAnswered() throws {
        var answers = Self.mdq(yes: 9, clustered: 1, problem: 2)
        answers[14] = nil
        let error = try #require(InstrumentFixtures.error { _ = try InstrumentFixtures.score("mdq", answers) })
        #expect(error.code == .missingData)
        #expect(error.message.contains("item 15 is missing"))
    }

    // MARK: WSAS

    @Test func wsasRetiredLeavesItemOneOutWithMaximum32() throws {
        let scored = try InstrumentFixtures.score("wsas", [nil, 8, 8, 8, 8])
        #expect(scored.total == 32)
        #expect(scored.details["maximumTotal"] == 32)
        #expect(scored.flags.contains("item-not-applicable"))
        #expect(!scored.flags.contains("missing-item-replaced"))
    }

    @Test func wsasReplacesOneMissingItemByTheMeanOfTheOthers() throws {
        let scored = try InstrumentFixtures.score("wsas", [4, 4, nil, 2, 2])
        #expect(scored.total == 15)  // 12 + mean 3
        #expect(scored.flags.contains("missing-item-replaced"))
        let rounded = try InstrumentFixtures.score("wsas", [5, 4, nil, 4, 4])
        #expect(rounded.details["totalUnrounded"] == 21.25)
        #expect(rounded.total == 21)
        #expect(rounded.band == "moderately-severe")
    }

    @Test func wsasWithTwoMissingItemsIsNotScored() throws {
        let error = try #require(InstrumentFixtures.error { _ = try InstrumentFixtures.score("wsas", [4, nil, nil, 2, 2]) })
        #expect(error.code == .missingData)
        #expect(error.message == "wsas: items 2 and 3 are missing; at most 1 item may be missing or not applicable")
    }

    @Test func wsasRetiredWithAnotherMissingItemIsNotScored() throws {
        let error = try #require(InstrumentFixtures.error { _ = try InstrumentFixtures.score("wsas", [nil, 3, nil, 2, 2]) })
        #expect(error.message == "wsas: item 3 is missing (item 1 not applicable); at most 1 item may be missing or not applicable")
    }

    // MARK: C-SSRS screener

    @Test(arguments: [
        ([0, 0, nil, nil, nil, 0, nil], "none", nil),
        ([1, 0, nil, nil, nil, 0, nil], "low", "cssrs-low-risk"),
        ([1, 1, 0, 0, 0, 0, nil], "low", "cssrs-low-risk"),
        ([1, 1, 1, 0, 0, 0, nil], "moderate", "cssrs-moderate-risk"),
        ([1, 1, 1, 1, 0, 0, nil], "high", "cssrs-high-risk"),
        ([0, 1, 0, 0, 1, 0, nil], "high", "cssrs-high-risk"),
        ([0, 0, nil, nil, nil, 1, 0], "moderate", "cssrs-moderate-risk"),
        ([0, 0, nil, nil, nil, 1, 1], "high", "cssrs-high-risk"),
        ([0, 0, nil, nil, nil, 1, nil], "high", "cssrs-high-risk"),
    ] as [([Int?], String, String?)])
    func cssrsTriageFollowsTheHighestEndorsedQuestion(answers: [Int?], band: String, flag: String?) throws {
        let scored = try InstrumentFixtures.score("cssrs-screener", answers)
        #expect(scored.total == nil)
        #expect(scored.band == band)
        #expect(scored.flags == (flag.map { [$0] } ?? []))
    }

    @Test func cssrsQuestionsThreeToFiveAreNeededAfterAYesToTwo() throws {
        let error = try #require(
            InstrumentFixtures.error { _ = try InstrumentFixtures.score("cssrs-screener", [1, 1, nil, nil, nil, 0, nil]) })
        #expect(error.code == .missingData)
        #expect(error.message == "cssrs-screener: items 3, 4 and 5 are unanswered but needed for triage")
    }

    @Test func cssrsHasNoTotalToEnter() throws {
        let error = try #require(InstrumentFixtures.error { _ = try InstrumentFixtures.score("cssrs-screener", total: 2) })
        #expect(error.code == .invalidInput)
        #expect(error.message.hasPrefix("cssrs-screener has no total score"))
    }

    // MARK: STOP-Bang

    @Test func stopBangCountsYesAnswers() throws {
        let five = try InstrumentFixtures.score("stop-bang", [1, 1, 1, 1, 1, 0, 0, 0])
        #expect(five.total == 5)
        #expect(five.band == "high")
        #expect(five.flags == ["screen-positive"])
        let three = try InstrumentFixtures.score("stop-bang", [1, 1, 1, 0, 0, 0, 0, 0])
        #expect(three.band == "intermediate")
        #expect(three.flags == ["screen-negative"])
    }

    @Test func stopBangTwoStopItemsWithMaleSexIsHighRisk() throws {
        let scored = try InstrumentFixtures.score("stop-bang", [1, 1, 0, 0, 0, 0, 0, 1])
        #expect(scored.total == 3)
        #expect(scored.band == "high")
        #expect(scored.details["alternativeHighRule"] == 1)
        let noStop = try InstrumentFixtures.score("stop-bang", [0, 0, 0, 1, 1, 1, 1, 1])
        #expect(noStop.band == "high")  // five yes answers
        let oneStop = try InstrumentFixtures.score("stop-bang", [1, 0, 0, 0, 1, 0, 1, 1])
        #expect(oneStop.band == "intermediate")
    }

    @Test func stopBangTakesMaleSexFromTheRecordWhenUnanswered() throws {
        let male = try InstrumentFixtures.score("stop-bang", [1, 1, 0, 0, 0, 0, 0, nil], sex: .male)
        #expect(male.total == 3)
        #expect(male.band == "high")
        #expect(male.details["sexItemFromRecord"] == 1)
        let female = try InstrumentFixtures.score("stop-bang", [1, 1, 0, 0, 0, 0, 0, nil], sex: .female)
        #expect(female.total == 2)
        #expect(female.band == "low")
        #expect(InstrumentFixtures.error { _ = try InstrumentFixtures.score("stop-bang", [1, 1, 0, 0, 0, 0, 0, nil]) } != nil)
    }

    // MARK: Entered totals beside answers

    @Test func enteredTotalThatDisagreesWithTheAnswersIsFlagged() throws {
        let scored = try InstrumentFixtures.score("phq9", [1, 1, 1, 1, 1, 1, 0, 0, 0], total: 8)
        #expect(scored.total == 6)
        #expect(scored.flags == ["entered-total-differs"])
        #expect(scored.details["enteredTotal"] == 8)
        let agreeing = try InstrumentFixtures.score("phq9", [1, 1, 1, 1, 1, 1, 0, 0, 0], total: 6)
        #expect(agreeing.flags.isEmpty)
    }
}
