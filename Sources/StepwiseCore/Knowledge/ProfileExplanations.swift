// SPDX-License-Identifier: Apache-2.0

/// `stepwise explain profile-<id>`: every value of a rule profile with its sources, written from
/// `profiles.json` when the knowledge base loads (so the text cannot drift from the values).
enum ProfileExplanations {
    /// One explanation per profile, id `profile-<profile id>` (a profile id such as `eu-pearl-2022`
    /// is also a TRD definition's id, so the prefix keeps them apart).
    static func explanations(_ catalog: ProfileCatalog, instruments: InstrumentCatalog) -> [RuleExplanation] {
        catalog.profiles.map { explanation($0, isDefault: $0.id == catalog.defaultProfile, instruments: instruments) }
    }

    static func explanation(_ profile: RuleProfile, isDefault: Bool, instruments: InstrumentCatalog) -> RuleExplanation {
        var lines = [profile.summary + (isDefault ? " This is the default profile." : "")]
        var sources: [String] = []
        func add(_ text: String, _ sourced: [String], note: String?) {
            lines.append(text + (note.map { " (" + $0 + ")" } ?? "") + " [" + sourced.joined(separator: ", ") + "]")
            for id in sourced where !sources.contains(id) { sources.append(id) }
        }
        add(
            "Adequate antidepressant trial: at least " + number(profile.adequateWeeks.value)
                + " weeks at or above the minimum dose.", profile.adequateWeeks.sources, note: profile.adequateWeeks.note)
        add(
            "Adherent: at least " + number(profile.adherenceThresholdPercent.value) + " % of days covered or estimated.",
            profile.adherenceThresholdPercent.sources, note: profile.adherenceThresholdPercent.note)
        add(
            "Response: at least " + number(profile.responsePercent.value) + " % improvement from baseline.",
            profile.responsePercent.sources, note: profile.responsePercent.note)
        add(
            "Partial response: at least " + number(profile.partialResponsePercent.value) + " % and below "
                + number(profile.responsePercent.value) + " %; less is non-response.",
            profile.partialResponsePercent.sources, note: profile.partialResponsePercent.note)
        add(
            "Treat-to-target: a plan review after " + number(profile.treatToTargetWeeks.value)
                + " weeks on the current plan without response.",
            profile.treatToTargetWeeks.sources, note: profile.treatToTargetWeeks.note)
        if let arm = profile.treatToTargetImprovedBelow {
            let name = instruments.position(arm.value.instrument).map { instruments.all[$0].shortName } ?? arm.value.instrument
            add(
                "Treat-to-target also counts a latest " + name + " below \(arm.value.below) (from a baseline of \(arm.value.below) or more) as improvement.",
                arm.sources, note: arm.note)
        }
        add(
            "A depression measure is overdue \(profile.measurementIntervalDays.value) days after the last one.",
            profile.measurementIntervalDays.sources, note: profile.measurementIntervalDays.note)
        add(
            "Adequate psychotherapy course: \(profile.adequatePsychotherapySessions.value) sessions.",
            profile.adequatePsychotherapySessions.sources, note: profile.adequatePsychotherapySessions.note)
        add(
            "Adequate ECT course: \(profile.adequateECTSessions.value) sessions.", profile.adequateECTSessions.sources,
            note: profile.adequateECTSessions.note)
        add(
            "Adequate rTMS/iTBS course: \(profile.adequateRTMSSessions.value) sessions.",
            profile.adequateRTMSSessions.sources, note: profile.adequateRTMSSessions.note)
        lines.append("Chosen with --profile " + profile.id + " (stepwise assess, cohort and serve).")
        return RuleExplanation(
            id: "profile-" + profile.id, title: "Rule profile: " + profile.title, kind: "profile",
            text: lines.joined(separator: "\n"), inputs: ["profiles.json"], sources: sources,
            projectDecision: nil)
    }

    /// `6` for 6.0, `6.5` otherwise.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
