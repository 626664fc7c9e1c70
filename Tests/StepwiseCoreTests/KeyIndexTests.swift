// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// The FNV table in front of the catalogues' key dictionaries answers exactly as the dictionary.
@Suite struct KeyIndexTests {
    static let dictionary: [String: Int] = [
        "sertraline": 0, "zoloft": 0, "venlafaxine xr": 1, "36437": 2, "café": 3, "phq-9": 4, "k": 5, "å": 6,
    ]

    static let probes: [String] = [
        "sertraline", "Sertraline", "zoloft", "venlafaxine xr", "venlafaxine", "36437", "", " ",
        "cafe\u{301}", "caf\u{E9}", "phq-9", "phq9", "\u{212A}", "k", "K", "\u{212B}", "a\u{30A}", "\u{E5}",
        "sertraline ", "unknown drug", String(repeating: "x", count: 40),
    ]

    @Test(arguments: probes)
    func aLookupAnswersAsTheDictionary(_ name: String) {
        let index = KeyIndex(Self.dictionary)
        #expect(index[name] == Self.dictionary[name])
    }

    @Test func everyCatalogueKeyAndItsUpperCaseAnswerAsTheDictionary() throws {
        let knowledge = try KnowledgeBase.bundled()
        var names: [String] = []
        for drug in knowledge.drugs.all { names += [drug.name, drug.name.uppercased()] + drug.aliases }
        for instrument in knowledge.instruments.all { names += [instrument.id, instrument.id.uppercased()] + instrument.aliases }
        let index = knowledge.drugs.storage.index
        for name in names { #expect(index[name] == index.dictionary[name]) }
        #expect(names.count > 50)
    }

    @Test func aNonASCIIKeySpelledWithOtherBytesIsStillFound() {
        let index = KeyIndex(["caf\u{E9}": 7])
        #expect(index["cafe\u{301}"] == 7)
        let kelvin = KeyIndex(["\u{212A}": 1])
        #expect(kelvin["K"] == kelvin.dictionary["K"])
    }

    @Test func drugAndInstrumentLookUpsAreUnchangedForTheCatalogueNames() throws {
        let knowledge = try KnowledgeBase.bundled()
        for drug in knowledge.drugs.all {
            #expect(knowledge.drugs.drug(named: drug.name)?.name != nil)
            #expect(knowledge.drugs.drug(named: drug.name.uppercased() + " XR")?.name != nil)
        }
        for instrument in knowledge.instruments.all {
            #expect(knowledge.instruments.instrument(instrument.id)?.id == instrument.id)
            #expect(knowledge.instruments.instrument(" " + instrument.id.uppercased())?.id == instrument.id)
        }
    }
}
