// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// `stepwise explain profile-<id>` (and the web app's explain page): every rule profile explained
/// from its own values, each with its sources.
@Suite struct ProfileExplanationTests {
    static let knowledge = SafetyPlanFixtures.knowledge

    @Test func everyBundledProfileHasAnExplanationWithKnownSources() throws {
        for profile in Self.knowledge.profiles.profiles {
            let rule = try #require(Self.knowledge.rules.rule("profile-" + profile.id))
            #expect(rule.kind == "profile")
            #expect(rule.title.contains(profile.title))
            #expect(!rule.sources.isEmpty)
            for id in rule.sources { #expect(Self.knowledge.rules.source(id) != nil, "unknown source \(id)") }
            // Every value's own sources are among the explanation's.
            for id in profile.adequateWeeks.sources + profile.responsePercent.sources + profile.treatToTargetWeeks.sources
                + profile.adequateRTMSSessions.sources
            {
                #expect(rule.sources.contains(id))
            }
        }
    }

    @Test func theTextStatesTheProfilesOwnValues() throws {
        let mgh = try #require(Self.knowledge.rules.rule("profile-mgh-atrq"))
        #expect(mgh.text.contains("at least 6 weeks at or above the minimum dose"))
        #expect(mgh.text.contains("This is the default profile."))
        #expect(!mgh.text.contains("below 10"))
        let euPearl = try #require(Self.knowledge.rules.rule("profile-eu-pearl-2022"))
        #expect(euPearl.text.contains("at least 4 weeks"))
        #expect(!euPearl.text.contains("default profile"))
        let care = try #require(Self.knowledge.rules.rule("profile-collaborative-care"))
        #expect(care.text.contains("a latest PHQ-9 below 10 (from a baseline of 10 or more)"))
        #expect(care.sources.contains("bauer-2015"))
    }

    @Test func aChangedValueChangesTheText() throws {
        var catalog = Self.knowledge.profiles
        catalog.profiles[0].adequateWeeks = Sourced(8.5, sources: ["hagg-2020"])
        let rules = ProfileExplanations.explanations(catalog, instruments: Self.knowledge.instruments)
        #expect(rules[0].text.contains("at least 8.5 weeks"))
    }

    @Test func aProfileExplanationNeverReplacesARuleFromTheFiles() {
        // `eu-pearl-2022` is a TRD definition's id: the profile is `profile-eu-pearl-2022`.
        #expect(Self.knowledge.rules.rule("eu-pearl-2022")?.kind == "definition")
        let clash = RuleExplanation(
            id: "treat-to-target", title: "x", kind: "profile", text: "x", inputs: [], sources: [], projectDecision: nil)
        #expect(Self.knowledge.rules.adding([clash]).rule("treat-to-target")?.kind == "rule")
    }
}
