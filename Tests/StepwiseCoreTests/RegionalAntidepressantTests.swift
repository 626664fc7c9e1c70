// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import StepwiseCore

/// Antidepressants the MGH-ATRQ lists that are marketed outside North America: catalogued with the
/// form's minimum dose, so their trials are judged instead of "unknown".
@Suite struct RegionalAntidepressantTests {
    typealias F = SafetyPlanFixtures

    @Test(arguments: [("reboxetine", 4.0), ("opipramol", 150), ("pipofezine", 150), ("noxiptiline", 100)])
    func minimumDoseIsTheATRQFormValue(name: String, minimum: Double) throws {
        let drug = try #require(F.knowledge.drugs.drug(named: name))
        #expect(drug.isAntidepressant)
        #expect(drug.minimumDose(for: .monotherapy)?.value == minimum)
        #expect(drug.minimumDose(for: .monotherapy)?.sources == ["mgh-atrq-comp006"])
    }

    @Test(arguments: [("reboxetine", 4.0, "adequate"), ("reboxetine", 2, "inadequate"), ("opipramol", 150, "adequate"),
        ("pipofezine", 100, "inadequate"), ("noxiptiline", 100, "adequate")] as [(String, Double, String)])
    func trialsAreJudgedAtTheBoundary(name: String, mg: Double, verdict: String) throws {
        let record = PatientRecord(
            id: "p", trials: [F.recordTrial("t1", agent: name, start: "2026-06-01", end: "2026-08-31", mg: mg)])
        let report = try Assessor(knowledge: F.knowledge).assess(record, asOf: F.asOf)
        #expect(report.trials.first?.adequacy.verdict == verdict)
    }

    @Test func brandNamesAreRecognised() {
        #expect(F.knowledge.drugs.drug(named: "Edronax")?.name == "reboxetine")
        #expect(F.knowledge.drugs.drug(named: "insidon")?.name == "opipramol")
        #expect(F.knowledge.drugs.drug(named: "Azafen")?.name == "pipofezine")
    }

    @Test func theTricyclicsNeedAnMAOIWashoutAndReboxetineIsNotSerotonergic() throws {
        let safety = F.knowledge.plan.safety
        for name in ["opipramol", "pipofezine", "noxiptiline"] {
            let drug = try #require(F.knowledge.drugs.drug(named: name))
            #expect(safety.washoutBeforeMAOI(for: drug)?.value == 14, "\(name)")
        }
        let reboxetine = try #require(F.knowledge.drugs.drug(named: "reboxetine"))
        #expect(!reboxetine.isSerotonergic)
    }
}
