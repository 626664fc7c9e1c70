// SPDX-License-Identifier: Apache-2.0

/// One catalogued medication: an antidepressant, an augmenting agent, or both.
///
/// Every clinical value carries its sources (see ``Sourced``). Values the references could not
/// confirm are left `nil` rather than guessed: an unknown minimum dose makes a trial's adequacy
/// `unknown`, never `adequate`.
public struct DrugDefinition: Codable, Sendable, Equatable, Identifiable {
    /// Lower-case generic name (`sertraline`, `liothyronine`).
    public var name: String {
        get { box.fields.name }
        set { box.mutate { $0.name = newValue } }
    }
    /// Other names the drug is recorded under: brand names, formulations and abbreviations
    /// (`zoloft`, `venlafaxine xr`, `t3`), all lower-case.
    public var aliases: [String] {
        get { box.fields.aliases }
        set { box.mutate { $0.aliases = newValue } }
    }
    /// The RxNorm ingredient (IN) concept with its source, when confirmed or secondary.
    public var rxnormCode: Sourced<String>? {
        get { box.fields.rxnormCode }
        set { box.mutate { $0.rxnormCode = newValue } }
    }
    /// Drug class id: `ssri`, `snri`, `ndri`, `alpha2-antagonist`, `tca`, `tetracyclic`, `maoi`,
    /// `rima`, `multimodal`, `sri-5ht1a`, `sari`, `melatonergic`, `nmda-antagonist`, `sga`,
    /// `mood-stabilizer`, `thyroid`, `stimulant-like`, `dopamine-agonist`, `azapirone`, ….
    public var drugClass: String {
        get { box.fields.drugClass }
        set { box.mutate { $0.drugClass = newValue } }
    }
    /// Whether it counts as an antidepressant trial on its own (TRD definitions, Thase–Rush, MSM).
    public var isAntidepressant: Bool {
        get { box.fields.isAntidepressant }
        set { box.mutate { $0.isAntidepressant = newValue } }
    }
    /// Whether it is used to augment an antidepressant (CANMAT 2023 Table 7.2).
    public var isAugmentingAgent: Bool {
        get { box.fields.isAugmentingAgent }
        set { box.mutate { $0.isAugmentingAgent = newValue } }
    }
    /// Whether it adds serotonergic load (serotonin-syndrome checks).
    public var isSerotonergic: Bool {
        get { box.fields.isSerotonergic }
        set { box.mutate { $0.isSerotonergic = newValue } }
    }
    /// Whether it is an irreversible or selective MAO inhibitor (not a RIMA).
    public var isMAOI: Bool {
        get { box.fields.isMAOI }
        set { box.mutate { $0.isMAOI = newValue } }
    }
    /// Whether it is a reversible inhibitor of MAO-A (moclobemide, pirlindole): contraindicated with
    /// serotonergic drugs like an MAOI, but with a short washout after it (``isMAOI`` stays `false`,
    /// so Thase–Rush staging does not count it as an MAOI trial). `reversibleMAOI` in `drugs.json`.
    public var isReversibleMAOI: Bool {
        get { box.fields.reversibleMAOI ?? false }
        set { box.mutate { $0.reversibleMAOI = newValue ? true : nil } }
    }
    /// Minimum adequate dose as an antidepressant (mg/day; mg per session for esketamine).
    public var minimumDose: Sourced<Double>? {
        get { box.fields.minimumDose }
        set { box.mutate { $0.minimumDose = newValue } }
    }
    /// Minimum adequate dose when used as augmentation or in combination (mg/day): the lower
    /// bound of CANMAT 2023 Table 7.2's target dose. `nil` falls back to ``minimumDose``.
    public var minimumAugmentationDose: Sourced<Double>? {
        get { box.fields.minimumAugmentationDose }
        set { box.mutate { $0.minimumAugmentationDose = newValue } }
    }
    /// Upper end of the usual dose range (mg/day).
    public var usualMaximumDose: Sourced<Double>? {
        get { box.fields.usualMaximumDose }
        set { box.mutate { $0.usualMaximumDose = newValue } }
    }
    /// CANMAT 2023 line and level as an antidepressant (Table 3.3).
    public var canmat: CANMATGrade? {
        get { box.fields.canmat }
        set { box.mutate { $0.canmat = newValue } }
    }
    /// CANMAT 2023 line and level as an adjunct (Table 7.2).
    public var canmatAdjunct: CANMATGrade? {
        get { box.fields.canmatAdjunct }
        set { box.mutate { $0.canmatAdjunct = newValue } }
    }
    /// Days to wait after stopping this drug before starting an MAOI (fluoxetine 35, others 14).
    public var washoutBeforeMAOIDays: Sourced<Int>? {
        get { box.fields.washoutBeforeMAOIDays }
        set { box.mutate { $0.washoutBeforeMAOIDays = newValue } }
    }
    /// How it is given.
    public var route: Route {
        get { box.fields.route }
        set { box.mutate { $0.route = newValue } }
    }
    /// Sources for the entry as a whole (class and roles).
    public var sources: [String] {
        get { box.fields.sources }
        set { box.mutate { $0.sources = newValue } }
    }
    /// Free-text note for clinicians (e.g. regional availability).
    public var note: String? {
        get { box.fields.note }
        set { box.mutate { $0.note = newValue } }
    }

    /// The generic name.
    public var id: String { name }

    /// The RxNorm ingredient code, when catalogued.
    public var rxnorm: String? { rxnormCode?.value }

    /// The minimum adequate dose for a trial in `role`: augmentation and combination use
    /// ``minimumAugmentationDose`` when catalogued, otherwise ``minimumDose``.
    public func minimumDose(for role: TreatmentTrial.Role) -> Sourced<Double>? {
        switch role {
        case .augmentation, .combination: minimumAugmentationDose ?? minimumDose
        default: minimumDose ?? (isAntidepressant ? nil : minimumAugmentationDose)
        }
    }

    /// Creates a definition.
    public init(
        name: String, aliases: [String] = [], rxnormCode: Sourced<String>? = nil, drugClass: String,
        isAntidepressant: Bool, isAugmentingAgent: Bool = false, isSerotonergic: Bool = false,
        isMAOI: Bool = false, minimumDose: Sourced<Double>? = nil, minimumAugmentationDose: Sourced<Double>? = nil,
        usualMaximumDose: Sourced<Double>? = nil, canmat: CANMATGrade? = nil, canmatAdjunct: CANMATGrade? = nil,
        washoutBeforeMAOIDays: Sourced<Int>? = nil, route: Route = .oral, sources: [String], note: String? = nil
    ) {
        box = SharedFields(Fields(name: name, aliases: aliases, rxnormCode: rxnormCode, drugClass: drugClass, isAntidepressant: isAntidepressant, isAugmentingAgent: isAugmentingAgent, isSerotonergic: isSerotonergic, isMAOI: isMAOI, minimumDose: minimumDose, minimumAugmentationDose: minimumAugmentationDose, usualMaximumDose: usualMaximumDose, canmat: canmat, canmatAdjunct: canmatAdjunct, washoutBeforeMAOIDays: washoutBeforeMAOIDays, route: route, sources: sources, note: note))
    }

    /// Decodes an entry of `drugs.json`.
    public init(from decoder: any Decoder) throws { box = SharedFields(try Fields(from: decoder)) }

    /// Encodes the entry as `drugs.json` writes it.
    public func encode(to encoder: any Encoder) throws { try box.fields.encode(to: encoder) }

    public static func == (lhs: DrugDefinition, rhs: DrugDefinition) -> Bool {
        lhs.box.isIdentical(to: rhs.box) || lhs.box.fields == rhs.box.fields
    }

    /// The stored values, shared by every copy (one retain per copy; a setter copies first).
    private var box: SharedFields<Fields>

    struct Fields: Codable, Sendable, Equatable {
        var name: String
        var aliases: [String]
        var rxnormCode: Sourced<String>?
        var drugClass: String
        var isAntidepressant: Bool
        var isAugmentingAgent: Bool
        var isSerotonergic: Bool
        var isMAOI: Bool
        /// `nil` when the catalogue does not say (encoded only when set).
        var reversibleMAOI: Bool?
        var minimumDose: Sourced<Double>?
        var minimumAugmentationDose: Sourced<Double>?
        var usualMaximumDose: Sourced<Double>?
        var canmat: CANMATGrade?
        var canmatAdjunct: CANMATGrade?
        var washoutBeforeMAOIDays: Sourced<Int>?
        var route: Route
        var sources: [String]
        var note: String?

        init(name: String, aliases: [String], rxnormCode: Sourced<String>?, drugClass: String, isAntidepressant: Bool, isAugmentingAgent: Bool, isSerotonergic: Bool, isMAOI: Bool, minimumDose: Sourced<Double>?, minimumAugmentationDose: Sourced<Double>?, usualMaximumDose: Sourced<Double>?, canmat: CANMATGrade?, canmatAdjunct: CANMATGrade?, washoutBeforeMAOIDays: Sourced<Int>?, route: Route, sources: [String], note: String?) {
            self.name = name
            self.aliases = aliases
            self.rxnormCode = rxnormCode
            self.drugClass = drugClass
            self.isAntidepressant = isAntidepressant
            self.isAugmentingAgent = isAugmentingAgent
            self.isSerotonergic = isSerotonergic
            self.isMAOI = isMAOI
            self.minimumDose = minimumDose
            self.minimumAugmentationDose = minimumAugmentationDose
            self.usualMaximumDose = usualMaximumDose
            self.canmat = canmat
            self.canmatAdjunct = canmatAdjunct
            self.washoutBeforeMAOIDays = washoutBeforeMAOIDays
            self.route = route
            self.sources = sources
            self.note = note
        }

        enum CodingKeys: String, CodingKey {
            case name, aliases, rxnormCode = "rxnorm", drugClass = "class", isAntidepressant = "antidepressant"
            case isAugmentingAgent = "augmenting", isSerotonergic = "serotonergic", isMAOI = "maoi", reversibleMAOI
            case minimumDose, minimumAugmentationDose, usualMaximumDose, canmat, canmatAdjunct
            case washoutBeforeMAOIDays, route, sources, note
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            aliases = try c.decodeIfPresent([String].self, forKey: .aliases) ?? []
            rxnormCode = try c.decodeIfPresent(Sourced<String>.self, forKey: .rxnormCode)
            drugClass = try c.decode(String.self, forKey: .drugClass)
            isAntidepressant = try c.decode(Bool.self, forKey: .isAntidepressant)
            isAugmentingAgent = try c.decodeIfPresent(Bool.self, forKey: .isAugmentingAgent) ?? false
            isSerotonergic = try c.decodeIfPresent(Bool.self, forKey: .isSerotonergic) ?? false
            isMAOI = try c.decodeIfPresent(Bool.self, forKey: .isMAOI) ?? false
            reversibleMAOI = try c.decodeIfPresent(Bool.self, forKey: .reversibleMAOI)
            minimumDose = try c.decodeIfPresent(Sourced<Double>.self, forKey: .minimumDose)
            minimumAugmentationDose = try c.decodeIfPresent(Sourced<Double>.self, forKey: .minimumAugmentationDose)
            usualMaximumDose = try c.decodeIfPresent(Sourced<Double>.self, forKey: .usualMaximumDose)
            canmat = try c.decodeIfPresent(CANMATGrade.self, forKey: .canmat)
            canmatAdjunct = try c.decodeIfPresent(CANMATGrade.self, forKey: .canmatAdjunct)
            washoutBeforeMAOIDays = try c.decodeIfPresent(Sourced<Int>.self, forKey: .washoutBeforeMAOIDays)
            route = try c.decodeIfPresent(Route.self, forKey: .route) ?? .oral
            sources = try c.decode([String].self, forKey: .sources)
            note = try c.decodeIfPresent(String.self, forKey: .note)
        }
    }

    /// How a medication is given.
    public enum Route: String, Codable, Sendable, CaseIterable {
        case oral, intranasal, iv, transdermal
    }
}

/// A CANMAT 2023 recommendation: line of treatment and level of evidence.
public struct CANMATGrade: Codable, Sendable, Equatable {
    /// `first`, `second`, `third` or `investigational`.
    public var line: String
    /// Level of evidence `1`–`4`.
    public var level: String
    /// The table it comes from (`3.3` or `7.2`).
    public var table: String
    /// Source ids.
    public var sources: [String]

    /// Creates a grade.
    public init(line: String, level: String, table: String, sources: [String]) {
        self.line = line
        self.level = level
        self.table = table
        self.sources = sources
    }
}
