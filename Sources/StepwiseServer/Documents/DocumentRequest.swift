// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// Which document to write, with its options; shared by the web app and the API.
public struct DocumentRequest: Sendable, Equatable {
    /// The document.
    public var kind: DocumentKind
    /// For a referral packet: the requested treatment (default rTMS).
    public var target: ReferralTarget
    /// For the PCP letter: the addressee.
    public var recipient: String?
    /// For the relapse-prevention plan: the patient's own lists.
    public var relapse: RelapsePreventionInput

    /// Creates a request.
    public init(kind: DocumentKind, target: ReferralTarget = .rtms, recipient: String? = nil, relapse: RelapsePreventionInput = .init()) {
        self.kind = kind
        self.target = target
        self.recipient = recipient
        self.relapse = relapse
    }

    /// Reads `target`, `recipient`, and one-per-line `triggers`, `warningSigns`, `copingSteps`,
    /// `supports`, `contact` from a query string.
    public init?(kind: String, query: FormData) {
        guard let kind = DocumentKind(rawValue: kind) else { return nil }
        func lines(_ name: String) -> [String] {
            (query.raw(name) ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }.prefix(20).map { String($0.prefix(300)) }
        }
        self.init(
            kind: kind, target: query["target"].flatMap(ReferralTarget.init(rawValue:)) ?? .rtms, recipient: query["recipient"],
            relapse: RelapsePreventionInput(
                triggers: lines("triggers"), warningSigns: lines("warningSigns"), copingSteps: lines("copingSteps"),
                supports: lines("supports"), clinicContact: query["contact"]))
    }

    /// Writes the document.
    public func make(record: PatientRecord, report: AssessmentReport, context: DocumentContext) -> ClinicalDocument {
        switch kind {
        case .progressNote: ProgressNote.make(record: record, report: report, context: context)
        case .pcpLetter: PCPLetter.make(record: record, report: report, context: context, recipient: recipient)
        case .referralPacket: ReferralPacket.make(record: record, report: report, target: target, context: context)
        case .relapsePrevention: RelapsePreventionPlan.make(record: record, report: report, input: relapse, context: context)
        }
    }
}
