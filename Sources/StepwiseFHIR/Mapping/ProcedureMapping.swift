// SPDX-License-Identifier: Apache-2.0

import StepwiseCore

/// Procedures: rTMS sessions by CPT 90867/90868/90869 and psychotherapy sessions by the CPT
/// psychotherapy codes (confirmed); ECT, iTBS, rTMS and psychotherapy described only in text are
/// recognised from the display with an issue saying so (no ECT code is confirmed).
extension MappingRun {
    /// CPT codes for rTMS treatment delivery (reference C.4, confirmed).
    static let rtmsCPT: Set<String> = ["90867", "90868", "90869"]
    /// CPT psychotherapy codes (APA Services' list of CPT descriptors): individual 90832/90834/90837
    /// and with E/M 90833/90836/90838, psychoanalysis 90845, group 90853; family with the patient
    /// present 90847 (`family`).
    static let psychotherapyCPT: Set<String> = ["90832", "90833", "90834", "90836", "90837", "90838", "90845", "90853"]
    static let familyTherapyCPT: Set<String> = ["90847"]

    mutating func mapProcedure(_ procedure: R4.Procedure, _ input: MappingInput) {
        let cpt = procedure.code?.coding(system: FHIRSystem.cpt)?.code
        let text = ([procedure.code?.text] + (procedure.code?.coding ?? []).map(\.display)).compactMap { $0?.lowercased() }
            .joined(separator: " ")
        var modality: String?
        var kind = TreatmentTrial.Kind.neuromodulation
        var byText = false
        if let cpt, Self.rtmsCPT.contains(cpt) {
            modality = "rtms"
        } else if let cpt, Self.psychotherapyCPT.contains(cpt) || Self.familyTherapyCPT.contains(cpt) {
            kind = .psychotherapy
            modality = Self.familyTherapyCPT.contains(cpt) ? "family" : Self.psychotherapyModality(fromText: text) ?? "psychotherapy"
        } else if let found = Self.modality(fromText: text) {
            modality = found
            byText = true
        } else if text.contains("psychotherapy") || Self.psychotherapyModality(fromText: text) != nil {
            kind = .psychotherapy
            modality = Self.psychotherapyModality(fromText: text) ?? "psychotherapy"
            byText = true
        }
        guard let modality else {
            let code = procedure.code?.coding?.first?.code
            noteUnused(
                kind: "Procedure:\(code ?? "-")", label: input.label,
                reason: "procedure \(code.map { "code \($0.prefix(20))" } ?? "(no code)") is not psychotherapy, ECT, rTMS or iTBS; not used")
            return
        }
        guard procedure.status == "completed" else {
            issue(input, "status", "status is \(procedure.status), not completed; the \(modality) session was not counted")
            return
        }
        guard let index = draft(for: procedure.subject, input) else { return }
        let dateText = procedure.performedDateTime ?? procedure.performedPeriod?.start
        guard let dateText, let date = day(dateText, input, procedure.performedDateTime != nil ? "performedDateTime" : "performedPeriod.start")
        else {
            if procedure.performedDateTime == nil && procedure.performedPeriod?.start == nil {
                issue(input, "performed[x]", "no performed date; the session was not counted", patient: drafts[index].id)
            }
            return
        }
        if byText {
            issue(
                input, "code",
                "recognised as \(modality) from its description, not a confirmed code\(cpt.map { " (CPT \($0) is not a confirmed code for it)" } ?? ""); please verify",
                patient: drafts[index].id)
        }
        let sites = (procedure.bodySite ?? []).flatMap { [$0.text] + ($0.coding ?? []).map(\.display) }.compactMap { $0?.lowercased() }
        let laterality = modality == "ect" ? Self.laterality(fromText: ([text] + sites).joined(separator: " ")) : nil
        drafts[index].sessions.append(TreatmentSession(kind: kind, modality: modality, date: date, laterality: laterality, source: input.label))
    }

    static func modality(fromText text: String) -> String? {
        if text.contains("electroconvulsive") || text.split(whereSeparator: { !$0.isLetter }).contains("ect") { return "ect" }
        if text.contains("theta burst") || text.contains("theta-burst") || text.contains("itbs") { return "itbs" }
        if text.contains("transcranial magnetic") || text.split(whereSeparator: { !$0.isLetter }).contains("rtms") { return "rtms" }
        return nil
    }

    /// The psychotherapy modality named in a description (ids as in the record format).
    static func psychotherapyModality(fromText text: String) -> String? {
        let table: [(String, String)] = [
            ("cognitive behavioral analysis system", "cbasp"), ("cbasp", "cbasp"),
            ("mindfulness-based cognitive", "mbct"), ("mindfulness based cognitive", "mbct"),
            ("cognitive behavio", "cbt"), ("cognitive-behavio", "cbt"),
            ("behavioral activation", "behavioural-activation"), ("behavioural activation", "behavioural-activation"),
            ("interpersonal psychotherapy", "ipt"), ("interpersonal therapy", "ipt"),
            ("problem-solving", "problem-solving"), ("problem solving", "problem-solving"),
            ("acceptance and commitment", "act"), ("dialectical behavio", "dbt"),
            ("trauma-focused", "trauma-focused"), ("trauma focused", "trauma-focused"),
            ("family therapy", "family"), ("couples therapy", "family"), ("family psychotherapy", "family"),
        ]
        return table.first { text.contains($0.0) }?.1
    }

    static func laterality(fromText text: String) -> ECTLaterality? {
        if text.contains("right unilateral") || text.contains("right-unilateral") || text.contains(" rul") { return .rightUnilateral }
        if text.contains("bifrontal") { return .bifrontal }
        if text.contains("bitemporal") { return .bitemporal }
        if text.contains("bilateral") { return .bilateral }
        return nil
    }
}
