// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import StepwiseCore
import Testing

@testable import StepwiseCLI

/// `stepwise score`: parsing answers, safety first, totals, sex, JSON, and clear errors.
@Suite struct ScoreCommandTests {
    static func command(_ arguments: [String]) throws -> StepwiseCommand.Score {
        let parsed = try StepwiseCommand.parseAsRoot(["score"] + arguments)
        return try #require(parsed as? StepwiseCommand.Score)
    }

    static func error(_ arguments: [String]) throws -> StepwiseError? {
        do {
            _ = try command(arguments).output()
            return nil
        } catch let error as StepwiseError {
            return error
        }
    }

    @Test func safetyLineComesFirstWhenItemNineIsPositive() throws {
        let text = try Self.command(["phq9", "2,2,1,1,0,1,1,0,1"]).output()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("!! SAFETY: PHQ-9 item 9 (Thoughts of death or self-harm) answered 1 (\"Several days\")") == true)
        #expect(lines.contains("Total: 9 (range 0–27; from items)"))
        #expect(lines.contains("Band: mild (Mild)"))
        #expect(lines.contains("Remission cut-off: ≤ 4 — not met"))
        #expect(lines.contains("Flags: suicide-item-positive"))
        #expect(text.contains("stepwise explain instrument-phq9"))
    }

    @Test func noSafetyLineWhenItemNineIsZero() throws {
        let text = try Self.command(["PHQ-9", "0,0,0,0,0,0,0,0,0"]).output()
        #expect(!text.contains("SAFETY"))
        #expect(text.contains("Band: none"))
        #expect(text.contains("Remission cut-off: ≤ 4 — met"))
    }

    @Test func aRemissionTotalWithAPositiveSuicideItemSaysSo() throws {
        let text = try Self.command(["phq9", "0,0,0,0,0,0,0,0,1"]).output()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("!! SAFETY:") == true)
        #expect(lines.contains("Remission cut-off: ≤ 4 — met by the total, but the suicide item is positive (see SAFETY above)"))
    }

    @Test func dashAndNAMarkOmittedItems() throws {
        let retired = try Self.command(["wsas", "-, 4, 4, 4, 4"]).output()
        #expect(retired.contains("Total: 16"))
        #expect(retired.contains("maximum 32"))
        let qids = try Self.command(["qids", "1,3,0,2,2,0,1,na,2,1,2,0,1,2,1,3"]).output()
        #expect(qids.contains("Total: 16"))
        #expect(qids.contains("Band: severe"))
    }

    @Test func totalOptionScoresLicensedScales() throws {
        let text = try Self.command(["madrs", "--total", "22"]).output()
        #expect(text.contains("Total: 22 (range 0–60; entered total)"))
        #expect(text.contains("Band: moderate"))
    }

    @Test func sexOptionPicksTheAuditCCutOff() throws {
        #expect(try Self.command(["audit-c", "1,1,1", "--sex", "male"]).output().contains("Band: negative"))
        #expect(try Self.command(["audit-c", "1,1,1", "--sex", "female"]).output().contains("Band: positive"))
        let unknown = try Self.command(["audit-c", "1,1,1"]).output()
        #expect(unknown.contains("sex-unknown-lower-threshold"))
    }

    @Test func cssrsHighRiskIsTheFirstLine() throws {
        let text = try Self.command(["cssrs", "1,1,1,1,0,0,-"]).output()
        #expect(text.hasPrefix("!! SAFETY: C-SSRS screener HIGH RISK"))
        #expect(text.contains("Total: none (triage instrument)"))
    }

    @Test func jsonOutputCarriesTotalBandFlagsAndSources() throws {
        let text = try Self.command(["phq9", "3,3,3,3,3,3,3,3,2", "--format", "json"]).output()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["instrument"] as? String == "phq9")
        #expect(object["total"] as? Int == 26)
        #expect(object["band"] as? String == "severe")
        #expect(object["flags"] as? [String] == ["suicide-item-positive"])
        #expect((object["safety"] as? [String])?.count == 1)
        #expect(object["rule"] as? String == "instrument-phq9")
        #expect((object["sources"] as? [String])?.contains("kroenke-2001") == true)
    }

    @Test func itemNineAloneShowsTheSafetySignalButIsStillAnError() throws {
        let command = try Self.command(["phq9", "9=2"])
        #expect(throws: StepwiseError.self) { _ = try command.output() }
        let partial = try #require(try command.partialOutput())
        #expect(partial.hasPrefix("!! SAFETY: PHQ-9 item 9"))
        #expect(partial.contains("Total: none (partial)"))
    }

    @Test func outOfRangeAnswerIsADataError() throws {
        let error = try #require(try Self.error(["phq9", "1,1,7,1,1,0,0,0,0"]))
        #expect(error.message == "phq9 item 3: answer 7 is outside 0–3")
        #expect(StepwiseCommand.Score.exitStatus(for: error) == 65)
    }

    @Test func wrongNumberOfAnswersIsADataError() throws {
        let error = try #require(try Self.error(["gad7", "1,1,1"]))
        #expect(error.message.hasPrefix("gad7: 3 answers given, expected 7"))
        #expect(StepwiseCommand.Score.exitStatus(for: error) == 65)
    }

    @Test func wordsInTheAnswerListAreRejected() throws {
        let error = try #require(try Self.error(["phq9", "1,1,x,1,1,0,0,0,0"]))
        #expect(error.message == "phq9: answer 3 \"x\" is not a whole number; use - or na for an omitted item")
        #expect(StepwiseCommand.Score.exitStatus(for: error) == 65)
        let mixed = try #require(try Self.error(["phq9", "1,9=2"]))
        #expect(mixed.message.contains("is not ITEM=VALUE"))
    }

    @Test func unknownInstrumentIsNotFound() throws {
        let error = try #require(try Self.error(["bdi", "1,2"]))
        #expect(error.message.hasPrefix("unknown instrument \"bdi\"; known instruments: phq9"))
        #expect(StepwiseCommand.Score.exitStatus(for: error) == 69)
    }

    @Test func unknownSexValueIsRejectedByTheParser() {
        #expect(throws: (any Error).self) { _ = try StepwiseCommand.parseAsRoot(["score", "audit-c", "1,1,1", "--sex", "m"]) }
    }

    @Test func theBinaryWritesOneErrorLineAndExits65() throws {
        let result = try CLIHarness.run(["score", "phq9", "1,1,7,1,1,0,0,0,0"])
        #expect(result.status == 65)
        #expect(result.stderr == "error: phq9 item 3: answer 7 is outside 0–3\n")
        #expect(result.stdout.isEmpty)
        let unknown = try CLIHarness.run(["score", "bogus", "1"])
        #expect(unknown.status == 69)
    }
}

extension ScoreCommandTests {
    @Test func spaceSeparatedAnswersWork() throws {
        let text = try Self.command(["phq2", "2", "1"]).output()
        #expect(text.contains("Total: 3"))
        #expect(text.contains("Band: positive"))
    }

    @Test func aMistypedOptionBecomesAClearAnswerError() throws {
        let error = try #require(try Self.error(["madrs", "--totl", "22"]))
        #expect(error.message == "madrs: answer 1 \"--totl\" is not a whole number; use - or na for an omitted item")
    }
}

extension ScoreCommandTests {
    @Test func safetyLinesAreColouredOnlyForATerminal() {
        let text = "!! SAFETY: x\nTotal: 9"
        #expect(ScoreText.highlight(text, colour: false) == text)
        #expect(ScoreText.highlight(text, colour: true) == "\u{1B}[1;31m!! SAFETY: x\u{1B}[0m\nTotal: 9")
    }
}
