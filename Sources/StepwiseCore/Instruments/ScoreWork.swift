// SPDX-License-Identifier: Apache-2.0

/// The item-answer path of ``InstrumentScorer``: one value per administration, so the rule blocks
/// read like the published rules.
struct ScoreWork {
    let definition: InstrumentDefinition
    /// Answers by item (index 0 = item 1), already range-checked.
    var answers: [Int?]
    let sex: Sex?
    var total: Int?
    var band: String?
    var flags: [String] = []
    var details: [String: Double] = [:]

    init(definition: InstrumentDefinition, answers: [Int?], sex: Sex?) {
        self.definition = definition
        self.answers = answers
        self.sex = sex
    }

    var id: String { definition.id }
    var scoring: ScoringRule { definition.scoring }

    func answer(_ number: Int) -> Int? {
        number >= 1 && number <= answers.count ? answers[number - 1] : nil
    }

    mutating func run() throws {
        // Safety first: raised before anything else can fail or reorder.
        flags += Self.safetyFlags(definition, answers: answers, details: &details)
        switch scoring.method {
        case .sum: try sum()
        case .domainMaximum: try domainMaximum()
        case .countEndorsed: try countEndorsed()
        case .triage: try triage()
        }
        if let total {
            if let low = definition.minimumTotal, let high = definition.maximumTotal, total < low || total > high {
                throw StepwiseError(
                    .knowledgeBase, "\(id): computed total \(total) is outside \(low)–\(high)", at: "instruments.json")
            }
            band = definition.band(for: total)?.band
            applyScreen(total)
            applyClusters(total)
            applyMDQ()
            applyAlternativeHigh()
            if scoring.percentOfMaximum != nil, let low = definition.minimumTotal, let high = definition.maximumTotal {
                details["percentOfMaximum"] = InstrumentScorer.percentOfMaximum(total, low: low, high: high)
            }
        }
    }

    /// `suicide-item-positive` when a safety item is > 0 (the highest such answer goes in details).
    static func safetyFlags(_ definition: InstrumentDefinition, answers: [Int?], details: inout [String: Double])
        -> [String]
    {
        var worst: (item: Int, value: Int)?
        for number in definition.safetyItems where number >= 1 && number <= answers.count {
            if let value = answers[number - 1], value > 0, value > (worst?.value ?? 0) {
                worst = (number, value)
            }
        }
        guard let worst else { return [] }
        details["safetyItem"] = Double(worst.value)
        details["safetyItemNumber"] = Double(worst.item)
        return [InstrumentFlag.suicideItemPositive]
    }

    var scoredItems: [Int] { scoring.scoredItems ?? definition.items.map(\.number) }

    func describe(_ numbers: [Int]) -> String {
        let text = numbers.map(String.init)
        if text.count <= 1 { return "item " + (text.first ?? "") }
        return "items " + text.dropLast().joined(separator: ", ") + " and " + (text.last ?? "")
    }

    // MARK: - Methods

    /// The scored items of a `sum` rule: the answered values, the items missing and the items
    /// not applicable (left empty, e.g. WSAS item 1 for a retired patient).
    static func sumItems(_ definition: InstrumentDefinition, answers: [Int?])
        -> (answered: [Int], missing: [Int], omitted: [Int])
    {
        let scoring = definition.scoring
        let notApplicable = scoring.missingItems?.notApplicableItems ?? []
        var omitted: [Int] = []
        var missing: [Int] = []
        var answered: [Int] = []
        for number in scoring.scoredItems ?? definition.items.map(\.number) {
            if number >= 1 && number <= answers.count, let value = answers[number - 1] {
                answered.append(value)
            } else if notApplicable.contains(number) {
                omitted.append(number)
            } else if definition.item(number)?.optional != true {
                missing.append(number)
            }
        }
        return (answered, missing, omitted)
    }

    /// Whether the `sum` rule cannot total these answers: more items missing than it may replace.
    /// ``sum()`` throws exactly then; this answers without building the error message (an EHR
    /// export often carries a total plus only the item-9 observation).
    static func sumLacksItems(_ definition: InstrumentDefinition, answers: [Int?]) -> Bool {
        let (answered, missing, omitted) = sumItems(definition, answers: answers)
        guard !missing.isEmpty else { return false }
        guard let rule = definition.scoring.missingItems, missing.count + omitted.count <= rule.maximumReplaced,
            !answered.isEmpty
        else { return true }
        return false
    }

    mutating func sum() throws {
        let missingRule = scoring.missingItems
        let (answered, missing, omitted) = Self.sumItems(definition, answers: answers)
        var sum = answered.reduce(0, +)
        if !missing.isEmpty {
            guard let missingRule, missing.count + omitted.count <= missingRule.maximumReplaced, !answered.isEmpty
            else {
                let allowed: String
                if let missingRule {
                    let naNote = omitted.isEmpty ? "" : " (\(describe(omitted)) not applicable)"
                    allowed =
                        "\(naNote); at most \(missingRule.maximumReplaced) item may be missing or not applicable"
                } else {
                    allowed = " (every item must be answered)"
                }
                throw StepwiseError(
                    .missingData, "\(id): \(describe(missing)) \(missing.count == 1 ? "is" : "are") missing\(allowed)",
                    at: "answers")
            }
            // NHS rule: replace each missing item by the mean of the answered ones.
            let mean = Double(sum) / Double(answered.count)
            let exact = Double(sum) + mean * Double(missing.count)
            details["totalUnrounded"] = (exact * 100).rounded() / 100
            details["replacedItems"] = Double(missing.count)
            sum = Int(exact.rounded(.toNearestOrAwayFromZero))
            flags.append(InstrumentFlag.missingItemReplaced)
        }
        if !omitted.isEmpty {
            flags.append(InstrumentFlag.itemNotApplicable)
            let reduced = omitted.compactMap { definition.item($0)?.maximum }.reduce(0, +)
            if let high = definition.maximumTotal { details["maximumTotal"] = Double(high - reduced) }
            details["notApplicableItems"] = Double(omitted.count)
        }
        total = sum
    }

    mutating func domainMaximum() throws {
        let domains = scoring.domains ?? scoredItems.map { [$0] }
        var sum = 0
        for domain in domains {
            let values = domain.compactMap(answer)
            guard let highest = values.max() else {
                let message =
                    domain.count == 1
                    ? "\(id): item \(domain[0]) is missing"
                    : "\(id): none of \(describe(domain)) is answered; each domain needs at least one answered item"
                throw StepwiseError(.missingData, message, at: "answers")
            }
            sum += highest
        }
        total = sum
    }

    mutating func countEndorsed() throws {
        // STOP-Bang item "male sex" may come from the record when unanswered.
        if let number = scoring.sexItem, answer(number) == nil, let sex, sex == .male || sex == .female {
            answers[number - 1] = sex == .male ? 1 : 0
            details["sexItemFromRecord"] = 1
        }
        let counted = scoring.mdq?.symptomItems ?? scoredItems
        let required = definition.items.filter { !$0.optional }.map(\.number)
        let missing = required.filter { answer($0) == nil }
        if !missing.isEmpty {
            throw StepwiseError(
                .missingData,
                "\(id): \(describe(missing)) \(missing.count == 1 ? "is" : "are") missing (every item must be answered)",
                at: "answers")
        }
        total = counted.filter { number in
            guard let value = answer(number), let item = definition.item(number) else { return false }
            return value >= (item.countsAtOrAbove ?? 1)
        }.count
    }

    mutating func triage() throws {
        guard let rule = scoring.triage else { return }
        var missing = rule.requiredItems.filter { answer($0) == nil }
        for follow in rule.requiredWhenYes where answer(follow.whenYes) == 1 {
            missing += follow.items.filter { answer($0) == nil }
        }
        let level = Self.triageLevel(rule, answers: answers)
        if let level {
            band = level.band
            flags.append(level.flag)
        } else {
            band = rule.noneBand
        }
        if !missing.isEmpty {
            let unique = Array(Set(missing)).sorted()
            throw StepwiseError(
                .missingData,
                "\(id): \(describe(unique)) \(unique.count == 1 ? "is" : "are") unanswered but needed for triage",
                at: "answers")
        }
    }

    /// The first triage level whose condition holds, reading only answered items (missing
    /// follow-ups of a "yes" are taken as "yes" where the rule says so).
    static func triageLevel(_ rule: TriageRule, answers: [Int?]) -> TriageRule.Level? {
        func value(_ number: Int) -> Int? { number >= 1 && number <= answers.count ? answers[number - 1] : nil }
        func yes(_ number: Int) -> Bool {
            if let v = value(number) { return v >= 1 }
            return rule.assumeYesWhenUnanswered.contains { $0.items.contains(number) && value($0.whenYes) == 1 }
        }
        return rule.levels.first { level in level.anyOf.contains { group in group.allSatisfy(yes) } }
    }

    // MARK: - Rule blocks

    mutating func applyScreen(_ total: Int) {
        guard let screen = scoring.screen else { return }
        let cutoff = screen.cutoff(for: sex)
        details["threshold"] = Double(cutoff.value)
        if !cutoff.sexSpecific, screen.female != nil || screen.male != nil {
            flags.append(InstrumentFlag.sexUnknownLowerThreshold)
        }
        let positive = total >= cutoff.value
        details["cutPointMet"] = positive ? 1 : 0
        if scoring.clusters != nil { return }  // PCL-5: decided together with the cluster rule.
        if positive {
            flags.append(screen.positiveFlag)
        } else if let negative = screen.negativeFlag {
            flags.append(negative)
        }
        if let rule = screen.pointsOnlyFrom, total > 0, rule.applies(to: answers) { flags.append(rule.flag) }
        if screen.setsBand { band = positive ? "positive" : "negative" }
    }

    mutating func applyClusters(_ total: Int) {
        guard let rule = scoring.clusters else { return }
        var met = true
        for cluster in rule.clusters {
            let values = cluster.items.compactMap(answer)
            details["cluster\(cluster.id)"] = Double(values.reduce(0, +))
            if values.filter({ $0 >= rule.endorsedAtOrAbove }).count < cluster.minimum { met = false }
        }
        details["clusterRuleMet"] = met ? 1 : 0
        let cut = (details["cutPointMet"] ?? 0) == 1
        let positive = met || cut
        if positive, let flag = scoring.screen?.positiveFlag { flags.append(flag) }
        if scoring.screen?.setsBand ?? true { band = positive ? "positive" : "negative" }
    }

    mutating func applyMDQ() {
        guard let rule = scoring.mdq, let total else { return }
        let clustered = answer(rule.clusteringItem) == 1
        let impaired = (answer(rule.impairmentItem) ?? 0) >= rule.minimumImpairment
        details["part1Yes"] = Double(total)
        details["part2Clustered"] = clustered ? 1 : 0
        details["part3Impairment"] = Double(answer(rule.impairmentItem) ?? 0)
        let positive = total >= rule.minimumYes && clustered && impaired
        band = positive ? "positive" : "negative"
        flags.append(positive ? InstrumentFlag.screenPositive : InstrumentFlag.screenNegative)
    }

    mutating func applyAlternativeHigh() {
        guard let rule = scoring.alternativeHigh else { return }
        let stop = rule.items.filter { (answer($0) ?? 0) >= 1 }.count
        let extra = rule.andAnyOf.contains { (answer($0) ?? 0) >= 1 }
        if stop >= rule.atLeast && extra && band != rule.band {
            band = rule.band
            details["alternativeHighRule"] = 1
        }
        flags.append(band == rule.band ? InstrumentFlag.screenPositive : InstrumentFlag.screenNegative)
    }
}
