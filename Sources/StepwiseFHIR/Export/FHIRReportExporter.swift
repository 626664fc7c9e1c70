// SPDX-License-Identifier: Apache-2.0

public import Foundation
public import StepwiseCore

/// Writes an ``AssessmentReport`` as a FHIR R4 `collection` Bundle an EHR can store:
///
/// - each scored measurement as an `Observation` (LOINC total-score code where confirmed, plus
///   the Stepwise code `score-<instrument>`), `derivedFrom` the QuestionnaireResponse or
///   Observation it was read from;
/// - staging (Thase–Rush, Maudsley with its dimensions as components, MGH-s) and each TRD verdict
///   as `Observation`s under the Stepwise code system (`docs/fhir.md`);
/// - safety flags as `DetectedIssue`s; every pseudo-resistance check as an `Observation`, and
///   those found `present` also as a `DetectedIssue`;
/// - monitoring findings as `Observation`s;
/// - the next-step options as one `CarePlan` (`draft`, intent `proposal`), one activity per
///   option (`not-started`, with description and reason).
///
/// Output is deterministic: ids are derived from the patient, the as-of date and the content's
/// position, and the timestamp is the as-of date.
public struct FHIRReportExporter: Sendable {
    let vocabulary: MappingVocabulary
    let instruments: InstrumentCatalog

    /// Creates an exporter; LOINC codes come from the knowledge base's instrument catalogue.
    public init(knowledge: KnowledgeBase) {
        self.vocabulary = MappingVocabulary(knowledge: knowledge)
        self.instruments = knowledge.instruments
    }

    /// The report as a `collection` Bundle.
    public func bundle(report: AssessmentReport, record: PatientRecord) -> R4.Bundle {
        var builder = ExportBuilder(report: report, record: record, exporter: self)
        builder.build()
        return R4.Bundle(
            id: StableID.uuid("bundle", report.patient.id, report.asOf.description), type: "collection",
            timestamp: "\(report.asOf)T00:00:00Z", entry: builder.entries)
    }

    /// The report's Bundle as JSON (sorted keys, reproducible byte for byte).
    public func encodedBundle(report: AssessmentReport, record: PatientRecord, pretty: Bool = true) throws -> Data {
        try FHIRJSON.encode(bundle(report: report, record: record), pretty: pretty)
    }

    /// The LOINC total-score code of `instrument`, where confirmed.
    func loincTotal(_ instrument: String) -> String? {
        if let code = instruments.instrument(instrument)?.loincTotal { return code }
        return vocabulary.totals.first { $0.value == instrument }?.key
    }

    /// The display name of `instrument` (`PHQ-9`), or its id.
    func displayName(_ instrument: String) -> String {
        instruments.instrument(instrument)?.shortName ?? instrument
    }
}
