// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

@Suite struct CohortTableTests {
    typealias F = SafetyPlanFixtures

    @Test func aRowHasACellForEveryColumnAndKeepsTheSuicideSignal() throws {
        let record = PatientRecord(
            id: "p-1",
            measurements: [
                Measurement(instrument: "phq9", date: F.day("2026-10-01"), answers: [3, 3, 3, 3, 3, 3, 3, 3, 3]),
                Measurement(instrument: "phq9", date: F.day("2026-11-01"), answers: [2, 2, 2, 2, 2, 2, 2, 2, 1]),
            ])
        let report = try Assessor(knowledge: F.knowledge).assess(record, asOf: F.asOf)
        let row = CohortTable.row(report)
        #expect(row.count == CohortTable.columns.count)
        func cell(_ name: String) -> String { row[CohortTable.columns.firstIndex(of: name)!] }
        #expect(cell("patient_id") == "p-1")
        #expect(cell("suicide_risk") == "critical")  // item 9 at its maximum within the look-back
        #expect(cell("latest_phq9") == "17")
        #expect(cell("latest_phq9_date") == "2026-11-01")
        #expect(cell("trd_fda") == "not-met")
        #expect(cell("trd_fda_counted") == "0")
        #expect(cell("knowledge_version") == report.knowledgeVersion)
    }

    @Test func theMaudsleyAssumptionCountIsTheLastColumnAndMatchesTheReport() throws {
        #expect(CohortTable.columns.last == "maudsley_assumptions")
        // Nothing recorded: onset, severity and failures are all rated from assumptions.
        let empty = try Assessor(knowledge: F.knowledge).assess(PatientRecord(id: "p"), asOf: F.asOf)
        #expect(CohortTable.row(empty).last == String(empty.staging.maudsley.assumptions.count))
        #expect(empty.staging.maudsley.assumptions.count == 3)
        // A coded severity and onset leave only the missing failure assumed.
        let coded = try Assessor(knowledge: F.knowledge).assess(
            PatientRecord(
                id: "p", episode: Episode(onset: F.day("2026-01-01"), diagnosis: Diagnosis(code: "F32.1", system: .icd10))),
            asOf: F.asOf)
        #expect(CohortTable.row(coded).last == "1")
    }

    @Test func aDefinitionMissingFromTheReportIsEmptyNotNotMet() throws {
        var report = try Assessor(knowledge: F.knowledge).assess(PatientRecord(id: "p"), asOf: F.asOf)
        report.trd.removeAll { $0.definition == "fda" }
        let row = CohortTable.row(report)
        #expect(row[CohortTable.columns.firstIndex(of: "trd_fda")!] == "")
        #expect(row[CohortTable.columns.firstIndex(of: "trd_eu_pearl_2022")!] == "not-met")
    }

    @Test(arguments: [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("=SUM(A1)", "'=SUM(A1)"),
        ("+1 555", "'+1 555"), ("-12", "-12"), ("-x", "'-x"), ("@cmd", "'@cmd"), ("line\nbreak", "\"line\nbreak\""), ("", ""),
    ])
    func csvCellsAreQuotedAndNeverFormulas(text: String, expected: String) {
        #expect(CSVField.quote(text) == expected)
    }

    @Test func csvLinesEndInCRLF() {
        #expect(CohortTable.csvLine(["a", "b,c"]) == "a,\"b,c\"\r\n")
    }
}
