// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

@Suite struct DrugCatalogTests {
    @Test(arguments: [
        ("Sertraline", "sertraline"), ("ZOLOFT", "sertraline"), ("venlafaxine xr", "venlafaxine"),
        ("Effexor XR", "venlafaxine"), ("quetiapine xr", "quetiapine"), ("Seroquel XR", "quetiapine"),
        ("t3", "liothyronine"), ("liothyronine", "liothyronine"), ("Cytomel", "liothyronine"),
        ("36437", "sertraline"), ("2556", "citalopram"), ("  escitalopram ", "escitalopram"),
        ("bupropion xl", "bupropion"), ("Spravato", "esketamine"), ("lithium carbonate", "lithium"),
        ("paroxetine cr", "paroxetine"), ("duloxetine dr", "duloxetine"),
    ])
    func namesBrandsAliasesAndCodesResolve(input: String, expected: String) throws {
        let catalog = try TrialTestKit.knowledge().drugs
        #expect(catalog.drug(named: input)?.name == expected)
    }

    @Test func unknownNamesReturnNil() throws {
        let catalog = try TrialTestKit.knowledge().drugs
        #expect(catalog.drug(named: "not-a-drug") == nil)
        #expect(catalog.drug(named: "") == nil)
        #expect(catalog.drug(named: "99999999") == nil)
        #expect(catalog.drug(named: "sertraline tablets") == nil, "only formulation suffixes are stripped")
    }

    static let referenceAntidepressants = [
        "citalopram", "escitalopram", "fluoxetine", "paroxetine", "sertraline", "fluvoxamine", "desvenlafaxine",
        "duloxetine", "levomilnacipran", "venlafaxine", "milnacipran", "bupropion", "mirtazapine", "mianserin",
        "vilazodone", "vortioxetine", "agomelatine", "amitriptyline", "clomipramine", "desipramine", "doxepin",
        "imipramine", "nortriptyline", "protriptyline", "trimipramine", "amoxapine", "maprotiline", "trazodone",
        "nefazodone", "moclobemide", "selegiline", "phenelzine", "tranylcypromine", "isocarboxazid", "esketamine",
        "dextromethorphan-bupropion",
    ]
    static let referenceAugmenters = [
        "aripiprazole", "brexpiprazole", "quetiapine", "cariprazine", "olanzapine", "risperidone", "lithium",
        "liothyronine", "modafinil", "lamotrigine", "pramipexole", "ziprasidone", "buspirone", "ketamine",
    ]

    @Test(arguments: referenceAntidepressants)
    func everyReferenceAntidepressantIsCatalogued(name: String) throws {
        let drug = try #require(try TrialTestKit.knowledge().drugs.drug(named: name))
        #expect(drug.isAntidepressant)
        #expect(drug.name == name)
    }

    @Test(arguments: referenceAugmenters)
    func everyReferenceAugmentingAgentIsCatalogued(name: String) throws {
        let drug = try #require(try TrialTestKit.knowledge().drugs.drug(named: name))
        #expect(drug.isAugmentingAgent)
        #expect(!drug.isAntidepressant)
    }

    @Test(arguments: [
        ("citalopram", 20.0), ("escitalopram", 10), ("fluoxetine", 20), ("sertraline", 50), ("venlafaxine", 150),
        ("duloxetine", 60), ("bupropion", 300), ("mirtazapine", 15), ("nortriptyline", 75), ("amitriptyline", 150),
        ("phenelzine", 45), ("tranylcypromine", 30), ("vortioxetine", 10), ("trazodone", 300),
    ])
    func antidepressantMinimumDosesMatchTheATRQForm(name: String, minimum: Double) throws {
        let drug = try #require(try TrialTestKit.knowledge().drugs.drug(named: name))
        #expect(drug.minimumDose?.value == minimum)
        #expect(drug.minimumDose?.sources.contains("mgh-atrq-comp006") == true)
    }

    @Test(arguments: [
        ("aripiprazole", 2.0), ("brexpiprazole", 0.5), ("quetiapine", 150), ("lithium", 600), ("liothyronine", 0.025),
        ("olanzapine", 2.5), ("risperidone", 1), ("cariprazine", 1.5), ("modafinil", 100), ("bupropion", 150),
        ("mirtazapine", 30),
    ])
    func augmentationMinimumIsTheLowerBoundOfCANMATTable72(name: String, minimum: Double) throws {
        let drug = try #require(try TrialTestKit.knowledge().drugs.drug(named: name))
        #expect(drug.minimumDose(for: .augmentation)?.value == minimum)
        #expect(drug.minimumDose(for: .augmentation)?.sources.contains("project-decision-augmentation-dose") == true)
    }

    @Test func monotherapyAndAugmentationMinimaDifferForBupropion() throws {
        let bupropion = try #require(try TrialTestKit.knowledge().drugs.drug(named: "bupropion"))
        #expect(bupropion.minimumDose(for: .monotherapy)?.value == 300)
        #expect(bupropion.minimumDose(for: .augmentation)?.value == 150)
    }

    @Test func fluoxetineNeedsFiveWeeksBeforeAnMAOIAndOthersTwo() throws {
        let catalog = try TrialTestKit.knowledge().drugs
        #expect(catalog.drug(named: "fluoxetine")?.washoutBeforeMAOIDays?.value == 35)
        #expect(catalog.drug(named: "sertraline")?.washoutBeforeMAOIDays?.value == 14)
        #expect(catalog.drug(named: "venlafaxine")?.washoutBeforeMAOIDays?.value == 14)
    }

    @Test func unconfirmedRxNormCodesStayEmpty() throws {
        let catalog = try TrialTestKit.knowledge().drugs
        for name in ["quetiapine", "agomelatine", "lithium", "liothyronine", "risperidone", "cariprazine", "ketamine"] {
            #expect(catalog.drug(named: name)?.rxnorm == nil, "\(name) RxNorm is unconfirmed")
        }
        #expect(catalog.drug(named: "sertraline")?.rxnormCode?.sources == ["cpic-rxnorm", "atc-rxnorm-list"])
        #expect(catalog.drug(named: "desvenlafaxine")?.rxnormCode?.sources == ["atc-rxnorm-list"])
    }

    @Test func classesAndFlagsFollowTheReference() throws {
        let catalog = try TrialTestKit.knowledge().drugs
        #expect(catalog.drug(named: "phenelzine")?.isMAOI == true)
        #expect(catalog.drug(named: "moclobemide")?.isMAOI == false)
        #expect(catalog.drug(named: "moclobemide")?.drugClass == "rima")
        #expect(catalog.drug(named: "bupropion")?.isSerotonergic == false)
        #expect(catalog.drug(named: "lithium")?.isSerotonergic == true)
        #expect(catalog.drug(named: "esketamine")?.route == .intranasal)
        #expect(catalog.drug(named: "nortriptyline")?.drugClass == "tca")
        #expect(catalog.drug(named: "aripiprazole")?.canmatAdjunct?.line == "first")
        #expect(catalog.drug(named: "sertraline")?.canmat?.line == "first")
        #expect(catalog.drug(named: "phenelzine")?.canmat?.line == "third")
    }

    @Test func namesAreLowerCaseAndNoKeyIsClaimedTwice() throws {
        let catalog = try TrialTestKit.knowledge().drugs
        var seen: [String: String] = [:]
        for drug in catalog.all {
            #expect(drug.name == drug.name.lowercased())
            #expect(!drug.sources.isEmpty, "\(drug.name) has no sources")
            for key in [drug.name] + drug.aliases + (drug.rxnorm.map { [$0] } ?? []) {
                #expect(seen[key] == nil, "\(key) is claimed by \(seen[key] ?? "") and \(drug.name)")
                seen[key] = drug.name
            }
        }
    }

    @Test func everyCitedSourceIsDefinedSomewhere() throws {
        let knowledge = try TrialTestKit.knowledge()
        for drug in knowledge.drugs.all {
            let ids =
                drug.sources + (drug.minimumDose?.sources ?? []) + (drug.usualMaximumDose?.sources ?? [])
                + (drug.minimumAugmentationDose?.sources ?? []) + (drug.rxnormCode?.sources ?? [])
                + (drug.washoutBeforeMAOIDays?.sources ?? [])
            for id in ids { #expect(knowledge.rules.source(id) != nil, "\(drug.name) cites unknown \(id)") }
        }
    }

    @Test func stagingTablesLoadWithTheCatalogue() throws {
        let tables = try #require(try TrialTestKit.knowledge().drugs.tables)
        #expect(tables.outcomeInstruments.value.first == "hamd17")
        #expect(tables.maudsley.bands.map(\.maxTotal) == [6, 10, 15])
    }

    @Test func outcomeInstrumentsAreCataloguedDepressionMeasures() throws {
        let knowledge = try TrialTestKit.knowledge()
        for id in try #require(knowledge.drugs.tables).outcomeInstruments.value {
            let instrument = try #require(knowledge.instruments.instrument(id), "\(id) is not an instrument")
            #expect(instrument.id == id)
            #expect(instrument.isDepressionMeasure)
            #expect(instrument.remissionMax != nil)
        }
    }
}
