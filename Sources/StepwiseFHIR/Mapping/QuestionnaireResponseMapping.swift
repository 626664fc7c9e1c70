// SPDX-License-Identifier: Apache-2.0

import StepwiseCore

/// QuestionnaireResponses whose items are identified by LOINC code, in `item.code` or in the
/// `linkId` as LHC-Forms writes it (`/44260-8`, or `/44249-1/44260-8` inside a group).
extension MappingRun {
    mutating func mapQuestionnaireResponse(_ response: R4.QuestionnaireResponse, _ input: MappingInput) {
        guard response.status == "completed" || response.status == "amended" else {
            issue(input, "status", "status is \(response.status), not completed or amended; the answers were not used")
            return
        }
        guard let index = draft(for: response.subject, input) else { return }
        guard let authored = response.authored else {
            issue(input, "authored", "no authored date; answers need the day they were given; not used", patient: drafts[index].id)
            return
        }
        guard let date = day(authored, input, "authored") else { return }
        var found = 0
        let own = response.questionnaire.flatMap { vocabulary.ownQuestionnaires[$0] }
        walk(response.item ?? [], path: "item", own: own, input: input, draft: index, date: date, found: &found)
        if found == 0 {
            issue(
                input, "item",
                "no item is identified by a LOINC code Stepwise knows (item.code or linkId); nothing was scored",
                patient: drafts[index].id)
        }
    }

    /// `own`: the instrument of the response's Questionnaire when it is one Stepwise emits.
    private mutating func walk(
        _ items: [R4.QuestionnaireResponse.Item], path: String, own: String?, input: MappingInput, draft index: Int,
        date: LocalDate, found: inout Int
    ) {
        for (position, item) in items.enumerated() {
            let itemPath = "\(path)[\(position)]"
            let answers = item.answer ?? []
            if Self.loincCode(of: item) == nil, let own, let number = Self.ownItemNumber(item.linkId),
                vocabulary.answerRanges[MappingVocabulary.ItemRef(instrument: own, number: number)] != nil
            {
                // An item of Stepwise's own Questionnaire without a LOINC code (`item-<n>`).
                found += 1
                let candidates = [MappingVocabulary.ItemRef(instrument: own, number: number)]
                if let value = answerValue(item: item, candidates: candidates, input: input, path: itemPath) {
                    drafts[index].scoreParts.append(
                        ScorePart(value: .item(candidates: candidates, value: value), date: date, source: input.label, fromQuestionnaireResponse: true))
                }
            } else if let code = Self.loincCode(of: item) {
                switch classify(loinc: code, snomed: nil) {
                case .item(let candidates):
                    found += 1
                    if let value = answerValue(item: item, candidates: candidates, input: input, path: itemPath) {
                        drafts[index].scoreParts.append(
                            ScorePart(value: .item(candidates: candidates, value: value), date: date, source: input.label, fromQuestionnaireResponse: true))
                    }
                case .total(let instrument, _):
                    found += 1
                    if let answer = answers.first,
                        let value = numeric(answer, input: input, path: "\(itemPath).answer[0]")
                    {
                        drafts[index].scoreParts.append(
                            ScorePart(value: .total(instrument: instrument, value: value), date: date, source: input.label, fromQuestionnaireResponse: true))
                    }
                case .panel:
                    found += 1
                case .lab, .unknown:
                    if !answers.isEmpty {
                        issue(input, "\(itemPath).linkId", "item \(code) is not an item of an instrument Stepwise scores; not used", patient: drafts[index].id)
                    }
                }
            } else if !answers.isEmpty {
                issue(
                    input, "\(itemPath).linkId",
                    "the item is not identified by a LOINC code (in item.code or the linkId); its answer was not used", patient: drafts[index].id)
            }
            walk(item.item ?? [], path: "\(itemPath).item", own: own, input: input, draft: index, date: date, found: &found)
            for (answerPosition, answer) in answers.enumerated() where !(answer.item ?? []).isEmpty {
                walk(
                    answer.item ?? [], path: "\(itemPath).answer[\(answerPosition)].item", own: own, input: input, draft: index,
                    date: date, found: &found)
            }
        }
    }

    /// The LOINC code of an item: `item.code` with system LOINC, else the last path segment of
    /// `linkId` when it has the shape of a LOINC code (`12345-6`).
    static func loincCode(of item: R4.QuestionnaireResponse.Item) -> String? {
        if let code = item.code?.first(where: { $0.system == FHIRSystem.loinc })?.code { return code }
        let last = item.linkId.split(separator: "/").last.map(String.init) ?? item.linkId
        return isLOINCShaped(last) ? last : nil
    }

    /// The item number of a linkId `item-<n>` (Stepwise's own Questionnaires, for items without a LOINC code).
    static func ownItemNumber(_ linkId: String) -> Int? {
        guard linkId.hasPrefix("item-") else { return nil }
        let digits = linkId.dropFirst("item-".count)
        guard (1...3).contains(digits.count), digits.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(digits)
    }

    /// The value of a Stepwise answer code (`<instrument>-answer-<n>` in Stepwise's code system, as
    /// its own Questionnaires offer them) for one of `candidates`, when `n` is in the item's range.
    func ownAnswerValue(_ coding: R4.Coding, candidates: [MappingVocabulary.ItemRef]) -> Int? {
        guard coding.system == FHIRSystem.stepwise, let code = coding.code else { return nil }
        for candidate in candidates {
            let prefix = FHIRExportText.code(candidate.instrument) + "-answer-"
            guard code.hasPrefix(prefix) else { continue }
            let digits = code.dropFirst(prefix.count)
            guard (1...3).contains(digits.count), digits.allSatisfy(\.isASCIIDigit), let value = Int(digits),
                vocabulary.answerRanges[candidate]?.contains(value) == true
            else { continue }
            return value
        }
        return nil
    }

    static func isLOINCShaped(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...7).contains(parts[0].count), parts[1].count == 1 else { return false }
        return parts[0].allSatisfy(\.isASCIIDigit) && parts[1].allSatisfy(\.isASCIIDigit)
    }

    private mutating func answerValue(
        item: R4.QuestionnaireResponse.Item, candidates: [MappingVocabulary.ItemRef], input: MappingInput, path: String
    ) -> Int? {
        let answers = item.answer ?? []
        guard let answer = answers.first else { return nil }
        if answers.count > 1 {
            issue(input, "\(path).answer", "the item has \(answers.count) answers; only the first was used")
        }
        let answerPath = "\(path).answer[0]"
        if let coding = answer.valueCoding {
            if let value = self.answerValue(candidates: candidates, coding: [coding]) { return value }
            if let value = Self.ordinal(answer.extension) { return value }
            if let value = ownAnswerValue(coding, candidates: candidates) { return value }
            issue(
                input, "\(answerPath).valueCoding",
                "the answer \(coding.code.map { "code \($0.prefix(20))" } ?? "(no code)") is not a known answer to this item and carries no ordinalValue; not used")
            return nil
        }
        return numeric(answer, input: input, path: answerPath)
    }

    private mutating func numeric(_ answer: R4.QuestionnaireResponse.Answer, input: MappingInput, path: String) -> Int? {
        if let integer = answer.valueInteger { return integer }
        if let decimal = answer.valueDecimal {
            if let whole = Self.wholeNumber(decimal) { return whole }
            issue(input, "\(path).valueDecimal", "the answer \(decimal) is not a whole number; not used")
            return nil
        }
        if let quantity = answer.valueQuantity {
            return scoreValue(quantity: quantity, integer: nil, input, "\(path).valueQuantity")
        }
        if let coding = answer.valueCoding, let value = Self.ordinal(coding.extension) ?? Self.ordinal(answer.extension) {
            return value
        }
        issue(input, path, "the answer is not a coding, integer or decimal; not used")
        return nil
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
