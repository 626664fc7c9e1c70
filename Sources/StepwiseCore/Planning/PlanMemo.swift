// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// Look-ups the planner repeats for every patient, memoised for the catalogues of the last
/// knowledge base seen: option agents, drug names and instrument ids.
///
/// Each table holds what the catalogue's own look-up returned for that string, so a hit answers
/// exactly as the catalogue would; a string not in a table is looked up in the catalogue.
final class PlanMemo: Sendable {
    private let current = Mutex<PlanLookups?>(nil)

    /// The look-ups for `knowledge`'s drug and instrument catalogues (built on first use, and again
    /// whenever a knowledge base with other catalogues is used).
    func lookups(_ knowledge: KnowledgeBase, keyed: [PreparedOption?]) -> PlanLookups {
        let drugs = knowledge.drugs.all
        let instruments = knowledge.instruments.all
        return current.withLock { memo in
            // Same catalogues: usually the same buffers, one pointer comparison each.
            if let memo, memo.drugs.all == drugs, memo.instruments.all == instruments { return memo }
            let built = PlanLookups(drugs: knowledge.drugs, instruments: knowledge.instruments, keyed: keyed)
            memo = built
            return built
        }
    }
}

/// Memoised catalogue look-ups (see ``PlanMemo``).
final class PlanLookups: Sendable {
    let drugs: DrugCatalog
    let instruments: InstrumentCatalog
    /// Each ``PlanOptionKey``'s agent as the drug catalogue resolves it, by raw value.
    let agents: [DrugDefinition?]
    /// What the safety checks read of each key's agent, by raw value.
    let agentTraits: [AgentTraits?]
    private let drugNames: NameTable<DrugDefinition?>
    private let measures: NameTable<DepressionMeasure?>
    /// The instrument catalogue's ids, by position.
    let instrumentIDs: [String]
    /// `measure(id)` of each catalogue id, by position.
    let measuresByPosition: [DepressionMeasure?]
    /// Whether each catalogue entry's id is `isi`, by position.
    let isISI: [Bool]
    /// The position the catalogue gives the name `phq9` (``InstrumentCatalog/position(_:)``).
    let phq9Position: Int32?

    /// Whether an instrument measures depression, and its remission cut-off.
    struct DepressionMeasure: Sendable {
        var isDepressionMeasure: Bool
        var remissionMax: Int?
    }

    init(drugs: DrugCatalog, instruments: InstrumentCatalog, keyed: [PreparedOption?]) {
        self.drugs = drugs
        self.instruments = instruments
        let agents = keyed.map { option in option?.agent.flatMap { drugs.drug(named: $0) } }
        self.agents = agents
        agentTraits = agents.map { $0.map(AgentTraits.init) }
        var names: [String] = []
        for drug in drugs.all {
            names.append(drug.name)
            names += drug.aliases
            if let code = drug.rxnorm { names.append(code) }
        }
        drugNames = NameTable(names) { drugs.drug(named: $0) }
        var ids: [String] = []
        for instrument in instruments.all {
            ids.append(instrument.id)
            ids += instrument.aliases
        }
        measures = NameTable(ids) { id in
            instruments.instrument(id).map {
                DepressionMeasure(isDepressionMeasure: $0.isDepressionMeasure, remissionMax: $0.remissionMax)
            }
        }
        instrumentIDs = instruments.all.map(\.id)
        measuresByPosition = instruments.all.map { definition in
            instruments.instrument(definition.id).map {
                DepressionMeasure(isDepressionMeasure: $0.isDepressionMeasure, remissionMax: $0.remissionMax)
            }
        }
        isISI = instruments.all.map { $0.id == "isi" }
        phq9Position = instruments.position("phq9").map { Int32(truncatingIfNeeded: $0) }
    }

    /// `drugs.drug(named: name)`.
    func drug(named name: String) -> DrugDefinition? {
        if let hit = drugNames.value(name) { return hit }
        return drugs.drug(named: name)
    }

    /// Whether `instruments.instrument(id)` exists and measures depression, and its cut-off.
    func measure(_ id: String) -> DepressionMeasure? {
        if let hit = measures.value(id) { return hit }
        return instruments.instrument(id).map {
            DepressionMeasure(isDepressionMeasure: $0.isDepressionMeasure, remissionMax: $0.remissionMax)
        }
    }
}

/// What the planner's safety checks read of an option's agent, copied once from the catalogue.
struct AgentTraits: Sendable {
    var name: String
    var isMAOI: Bool
    var isSerotonergic: Bool
    /// A reversible MAO-A inhibitor (moclobemide).
    var isReversibleMAOI: Bool
    /// The catalogue gives a washout before an MAOI (bupropion: not serotonergic, still contraindicated
    /// with MAO inhibitors).
    var hasMAOIWashout: Bool
    /// A second-generation antipsychotic (`sga`).
    var isAntipsychotic: Bool

    init(_ drug: DrugDefinition) {
        name = drug.name
        isMAOI = drug.isMAOI
        isSerotonergic = drug.isSerotonergic
        isReversibleMAOI = drug.isReversibleMAOI
        hasMAOIWashout = drug.washoutBeforeMAOIDays != nil
        isAntipsychotic = drug.drugClass == "sga"
    }
}
