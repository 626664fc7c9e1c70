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
        var tca = false
        var maoi = false
        var otherClasses = 0
        for trial in staged where trial.isAntidepressantFailure {
            guard let drugClass = trial.drugClass, !classes.contains(drugClass) else { continue }
            classes.append(drugClass)
            let isTCA = table.tcaClasses.value.contains(drugClass)
            let isMAOI = table.maoiClasses.value.contains(drugClass)
            if isTCA { tca = true }
            if isMAOI { maoi = true }
            if !isTCA && !isMAOI { otherClasses += 1 }
        }
        var bilateralECT = false
        var unknownLaterality = false
        let bilateralPlacements = table.bilateralECT.value
        for trial in staged where trial.isECTFailure {
            let placement = trial.laterality?.rawValue ?? "unknown"
            if bilateralPlacements.contains(placement) {
                bilateralECT = true
            } else if placement == "unknown" {
                unknownLaterality = true
            }
        }
        var stage = 0
        if !classes.isEmpty { stage = 1 }
        if classes.count >= 2 { stage = 2 }
        if otherClasses >= 2 && tca { stage = 3 }
        if stage == 3 && maoi { stage = 4 }
        if stage == 4 && bilateralECT { stage = 5 }
        let count = classes.count
        let finalStage = stage
        let classList = classes
        let tcaFailed = tca
        let maoiFailed = maoi
        let bilateralFailed = bilateralECT
        let unknownPlacement = unknownLaterality
        var explanation = ThaseRushStage(
            stage: stage, explanation: "",
            sources: SourceLists.union(table.sources, table.bilateralECT.sources, failureSources))
        explanation.$explanation = Deferred {
            var text: String
            if count == 0 {
                text = "Stage 0: no failed adequate antidepressant trial in the current episode."
            } else {
                text = "Stage \(finalStage): failed adequate antidepressant trials in \(count) "
                    + "class\(count == 1 ? "" : "es") (\(classList.joined(separator: ", ")))"
                text += tcaFailed ? "; a TCA failed" : "; no failed TCA"
                text += maoiFailed ? "; an MAOI failed" : "; no failed MAOI"
                text += bilateralFailed ? "; bilateral ECT failed." : "; no failed bilateral ECT."
            }
            if unknownPlacement {
                text += " A failed ECT course has unknown electrode placement and was not counted as bilateral."
            }
            return text
        }
        return explanation
    }

    /// The failure rule shared by the staging models.
    static let failureSources = ["project-decision-failure"]
}
