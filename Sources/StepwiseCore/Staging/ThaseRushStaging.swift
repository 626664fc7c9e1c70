// SPDX-License-Identifier: Apache-2.0

/// Thase–Rush staging (Thase & Rush 1997, as summarised; stages are cumulative).
///
/// - I: ≥ 1 failed adequate antidepressant trial.
/// - II: failed adequate trials in ≥ 2 distinct drug classes.
/// - III: stage II reached by two classes other than TCA/MAOI, plus a failed TCA trial.
/// - IV: stage III plus a failed MAOI trial.
/// - V: stage IV plus a failed course of bilateral ECT (bitemporal and bifrontal count as
///   bilateral — project decision; right unilateral and unknown laterality do not).
enum ThaseRushStaging {
    static func stage(_ staged: [StagedTrial], tables: TreatmentTables) -> ThaseRushStage {
        let table = tables.thaseRush
        var classes: [String] = []
        for trial in staged where trial.isAntidepressantFailure {
            if let drugClass = trial.drugClass, !classes.contains(drugClass) { classes.append(drugClass) }
        }
        let tca = classes.contains { table.tcaClasses.value.contains($0) }
        let maoi = classes.contains { table.maoiClasses.value.contains($0) }
        let otherClasses = classes.filter { !table.tcaClasses.value.contains($0) && !table.maoiClasses.value.contains($0) }
        var bilateralECT = false
        var unknownLaterality = false
        for trial in staged where trial.isECTFailure {
            let placement = trial.laterality?.rawValue ?? "unknown"
            if table.bilateralECT.value.contains(placement) {
                bilateralECT = true
            } else if placement == "unknown" {
                unknownLaterality = true
            }
        }
        var stage = 0
        if !classes.isEmpty { stage = 1 }
        if classes.count >= 2 { stage = 2 }
        if otherClasses.count >= 2 && tca { stage = 3 }
        if stage == 3 && maoi { stage = 4 }
        if stage == 4 && bilateralECT { stage = 5 }
        var text: String
        if classes.isEmpty {
            text = "Stage 0: no failed adequate antidepressant trial in the current episode."
        } else {
            text = "Stage \(stage): failed adequate antidepressant trials in \(classes.count) "
                + "class\(classes.count == 1 ? "" : "es") (\(classes.joined(separator: ", ")))"
            text += tca ? "; a TCA failed" : "; no failed TCA"
            text += maoi ? "; an MAOI failed" : "; no failed MAOI"
            text += bilateralECT ? "; bilateral ECT failed." : "; no failed bilateral ECT."
        }
        if unknownLaterality {
            text += " A failed ECT course has unknown electrode placement and was not counted as bilateral."
        }
        var sources = table.sources
        AdequacyRules.appendUnique(table.bilateralECT.sources, to: &sources)
        AdequacyRules.appendUnique(["project-decision-failure"], to: &sources)
        return ThaseRushStage(stage: stage, explanation: text, sources: sources)
    }
}
