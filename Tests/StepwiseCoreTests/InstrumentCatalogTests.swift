// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import StepwiseCore

/// Shared helpers for the instrument suites.
enum InstrumentFixtures {
    static let date = LocalDate(year: 2026, month: 3, day: 2) ?? LocalDate(dayNumber: 0)

    static func catalog() throws -> InstrumentCatalog { try InstrumentCatalog.bundled() }

    static func score(
        _ instrument: String, _ answers: [Int?]? = nil, total: Int? = nil, items: [String: Int]? = nil, sex: Sex? = nil
    ) throws -> ScoredMeasurement {
        let measurement = Measurement(instrument: instrument, date: date, answers: answers, total: total, items: items)
        return try InstrumentScorer.score(measurement, sex: sex, catalog: catalog())
    }

    /// Item answers that add up to `total` for a plain-sum instrument, filling items from the first.
    static func answers(summingTo total: Int, for definition: InstrumentDefinition) -> [Int?] {
        var remaining = total - definition.items.reduce(0) { $0 + $1.minimum }
        return definition.items.map { item in
            let extra = min(remaining, item.maximum - item.minimum)
            remaining -= extra
            return item.minimum + extra
        }
    }

    /// The error `body` throws, or `nil`.
    static func error(_ body: () throws -> Void) -> StepwiseError? {
        do {
            try body()
            return nil
        } catch let error as StepwiseError {
            return error
        } catch {
            return nil
        }
    }
}

@Suite struct InstrumentCatalogTests {
    @Test func bundledCatalogListsEveryInstrumentTheEngineNeeds() throws {
        let ids = Set(try InstrumentFixtures.catalog().ids)
        let expected: Set<String> = [
            "phq9", "phq2", "gad7", "qids-sr16", "hamd17", "pcl5", "audit-c", "asrs-screener", "mdq", "wsas",
            "stop-bang", "madrs", "isi", "cssrs-screener", "qles-q-sf",
        ]
        #expect(ids == expected)
    }

    @Test(arguments: [
        ("PHQ-9", "phq9"), ("PHQ9", "phq9"), ("phq-2", "phq2"), ("GAD-7", "gad7"), ("qids", "qids-sr16"),
        ("QIDS-SR16", "qids-sr16"), ("hamd", "hamd17"), ("HDRS17", "hamd17"), ("ham-d", "hamd17"),
        ("c-ssrs", "cssrs-screener"), ("ASRS", "asrs-screener"), ("Q-LES-Q-SF", "qles-q-sf"), ("audit c", "audit-c"),
        ("AUDIT-C", "audit-c"), ("PCL-5", "pcl5"), ("StopBang", "stop-bang"), (" madrs ", "madrs"),
    ])
    func aliasesResolveWhateverTheCase(name: String, id: String) throws {
        #expect(try InstrumentFixtures.catalog().instrument(name)?.id == id)
    }

    @Test(arguments: [("44249-1", "phq9"), ("44261-6", "phq9"), ("55758-7", "phq2"), ("70274-6", "gad7"),
        ("75626-2", "audit-c"), ("84773-1", "mdq"), ("101697-1", "pcl5")])
    func confirmedLOINCPanelAndTotalCodesFindTheirInstrument(code: String, id: String) throws {
        #expect(try InstrumentFixtures.catalog().instrument(code)?.id == id)
    }

    @Test func unknownNamesResolveToNothing() throws {
        let catalog = try InstrumentFixtures.catalog()
        #expect(catalog.instrument("bdi-ii") == nil)
        #expect(catalog.instrument("") == nil)
    }

    @Test func maximumTotalsFollowFromTheItemRanges() throws {
        for definition in try InstrumentFixtures.catalog().all {
            let scoring = definition.scoring
            let scored = scoring.scoredItems ?? definition.items.map(\.number)
            let items = scored.compactMap(definition.item)
            switch scoring.method {
            case .sum:
                #expect(items.reduce(0) { $0 + $1.maximum } == definition.maximumTotal, "\(definition.id)")
                #expect(items.reduce(0) { $0 + $1.minimum } == definition.minimumTotal, "\(definition.id)")
            case .domainMaximum:
                let domains = scoring.domains ?? []
                let maximum = domains.map { $0.compactMap(definition.item).map(\.maximum).max() ?? 0 }.reduce(0, +)
                #expect(maximum == definition.maximumTotal, "\(definition.id)")
                #expect(Set(domains.flatMap { $0 }) == Set(definition.items.map(\.number)), "\(definition.id)")
            case .countEndorsed:
                let counted = scoring.mdq?.symptomItems.count ?? scored.count
                #expect(counted == definition.maximumTotal, "\(definition.id)")
            case .triage:
                #expect(definition.maximumTotal == nil)
            }
        }
    }

    @Test func itemsAreNumberedInOrderWithTheirOptionsSpanningTheRange() throws {
        for definition in try InstrumentFixtures.catalog().all {
            #expect(definition.items.map(\.number) == Array(1...definition.items.count), "\(definition.id)")
            for item in definition.items {
                #expect(!item.label.isEmpty)
                #expect(item.options.map(\.value) == Array(item.minimum...item.maximum), "\(definition.id) \(item.number)")
            }
        }
    }

    @Test func itemTextShipsOnlyForFreelyReproducibleScales() throws {
        let free: Set<String> = ["phq9", "phq2", "gad7", "pcl5", "audit-c"]
        for definition in try InstrumentFixtures.catalog().all {
            let hasText = definition.items.contains { $0.text != nil }
            #expect(hasText == free.contains(definition.id), "\(definition.id)")
            #expect(definition.licenceTerms.itemTextIncluded == free.contains(definition.id), "\(definition.id)")
            #expect(!definition.licence.isEmpty)
        }
    }

    @Test func licensedScalesAcceptTotalsOnly() throws {
        let licensed: Set<String> = ["madrs", "isi", "cssrs-screener", "qles-q-sf"]
        for definition in try InstrumentFixtures.catalog().all {
            #expect(definition.totalsOnly == licensed.contains(definition.id), "\(definition.id)")
        }
    }

    @Test(arguments: [("phq9", 4, 9), ("qids-sr16", 5, 12), ("hamd17", 7, 3), ("madrs", 10, 10)])
    func depressionMeasuresCarryRemissionAndSafetyItem(id: String, remission: Int, safetyItem: Int) throws {
        let definition = try #require(try InstrumentFixtures.catalog().instrument(id))
        #expect(definition.isDepressionMeasure)
        #expect(definition.remissionMax == remission)
        #expect(definition.safetyItems == [safetyItem])
        #expect(!(definition.remission?.sources.isEmpty ?? true))
    }

    @Test func onlyTheFourDepressionScalesAreDepressionMeasures() throws {
        let measures = try InstrumentFixtures.catalog().all.filter(\.isDepressionMeasure).map(\.id)
        #expect(Set(measures) == ["phq9", "qids-sr16", "hamd17", "madrs"])
    }

    @Test func phq9CarriesConfirmedLOINCCodes() throws {
        let phq9 = try #require(try InstrumentFixtures.catalog().instrument("phq9"))
        #expect(phq9.loincPanel == "44249-1")
        #expect(phq9.loincTotal == "44261-6")
        #expect(phq9.item(9)?.loinc == "44260-8")
        #expect(phq9.item(1)?.options.compactMap(\.loinc) == ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"])
    }

    @Test func gad7AnswersShareThePHQAnswerCodes() throws {
        let gad7 = try #require(try InstrumentFixtures.catalog().instrument("gad7"))
        #expect(gad7.item(7)?.loinc == "69736-7")
        #expect(gad7.item(1)?.options.compactMap(\.loinc) == ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"])
    }

    @Test(arguments: [
        ("phq2", "55757-9", "55758-7"), ("gad7", "69737-5", "70274-6"), ("audit-c", "72109-2", "75626-2"),
        ("mdq", "85102-2", "84773-1"), ("pcl5", "101697-1", "101698-9"),
    ])
    func confirmedPanelsCarryTheirCodes(id: String, panel: String, total: String) throws {
        let definition = try #require(try InstrumentFixtures.catalog().instrument(id))
        #expect(definition.loincPanel == panel)
        #expect(definition.loincTotal == total)
    }

    @Test(arguments: ["qids-sr16", "hamd17", "madrs", "wsas", "stop-bang", "isi", "qles-q-sf", "asrs-screener", "cssrs-screener"])
    func unconfirmedLOINCCodesAreNotShipped(id: String) throws {
        let definition = try #require(try InstrumentFixtures.catalog().instrument(id))
        #expect(definition.loincPanel == nil)
        #expect(definition.loincTotal == nil)
        #expect(definition.items.allSatisfy { $0.loinc == nil })
    }

    @Test func bandsCoverTheWholeRangeWithoutGapsOrOverlaps() throws {
        for definition in try InstrumentFixtures.catalog().all where !definition.bands.isEmpty {
            #expect(definition.bands.first?.minimum == definition.minimumTotal, "\(definition.id)")
            #expect(definition.bands.last?.maximum == definition.maximumTotal, "\(definition.id)")
            for (lower, upper) in zip(definition.bands, definition.bands.dropFirst()) {
                #expect(upper.minimum == lower.maximum + 1, "\(definition.id) \(lower.band)/\(upper.band)")
            }
            for band in definition.bands {
                #expect(!band.sources.isEmpty)
                #expect(band.band == band.band.lowercased() && !band.band.contains(" "))
            }
        }
    }

    @Test func everyCitedSourceIsDefinedOnceInTheKnowledgeBase() throws {
        var defined: [String: String] = [:]
        for name in KnowledgeResource.fileNames() {
            guard let header = try? KnowledgeResource.load(name, as: KnowledgeFileHeader.self) else { continue }
            for source in header.sources {
                if let existing = defined[source.id] {
                    #expect(existing == source.citation, "source \(source.id) defined twice with different citations")
                }
                defined[source.id] = source.citation
            }
        }
        var cited: Set<String> = []
        for name in ["instruments", "rules-instruments"] {
            let json = try JSONSerialization.jsonObject(with: KnowledgeResource.data(name))
            Self.collectSources(json, into: &cited)
        }
        #expect(!cited.isEmpty)
        #expect(cited.subtracting(defined.keys).sorted() == [])
    }

    @Test func everyScoringRuleHasAnExplanation() throws {
        struct File: Decodable { var rules: [RuleExplanation] }
        let file = try JSONDecoder().decode(File.self, from: KnowledgeResource.data("rules-instruments"))
        let explained = Set(file.rules.map(\.id))
        for definition in try InstrumentFixtures.catalog().all {
            #expect(explained.contains(definition.scoring.rule), "\(definition.id)")
        }
        #expect(explained.contains("instrument-suicide-item"))
        #expect(explained.contains("instrument-partial-safety"))
    }

    static func collectSources(_ value: Any, into ids: inout Set<String>) {
        if let object = value as? [String: Any] {
            for (key, child) in object {
                if key == "sources", let list = child as? [String] {
                    ids.formUnion(list)
                } else if key != "sources" {
                    collectSources(child, into: &ids)
                }
            }
        } else if let array = value as? [Any] {
            for child in array { collectSources(child, into: &ids) }
        }
    }
}
