// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import Hummingbird
import Logging
import StepwiseCore
import StepwiseFHIR

extension CDSHooksService {
    /// Decodes `body` as `T`, turning a decoding failure into a 400 naming the JSON path, and a body that
    /// is not JSON (RFC 8259, checked before `JSONDecoder`, which accepts a trailing comma) into a 400
    /// naming the line and column.
    func decode<T: Decodable>(_ type: T.Type, from body: Data) throws -> T {
        do {
            if T.self == CDSHookRequest<R4.Resource>.self, let request = try CDSHookRequestDecoder.decode(body) as? T {
                return request
            }
            try CDSHookRequestDecoder.checkSyntax(body)
            return try JSONDecoder().decode(T.self, from: body)
        } catch let error as CDSHookRequestDecoder.SyntaxError {
            throw CDSHTTPError(.badRequest, code: "structure", error.description)
        } catch let error as DecodingError {
            let description = DecodingErrorDescription(error)
            throw CDSHTTPError(.badRequest, code: "structure", description.message, at: description.path)
        } catch {
            throw CDSHTTPError(.badRequest, code: "structure", "the body is not valid JSON")
        }
    }

    /// Decodes a hook request from the body's buffer and, when the prefetch has every key the services
    /// ask for, maps it there (``CDSHookRequestDecoder/decodeMapped(bytes:keys:mapper:activeMedications:)``);
    /// the same 400s as ``decode(_:from:)``. The active medications' names (for the order checks) are
    /// collected only when `activeMedications` is set.
    func decodeMappedHookRequest(
        from body: ByteBuffer, asOf: LocalDate, activeMedications: Bool = true
    ) throws -> CDSHookRequestDecoder.MappedRequest {
        let mapper = mapping.mapper(asOf: asOf)
        do {
            return try body.withUnsafeReadableBytes {
                try CDSHookRequestDecoder.decodeMapped(
                    bytes: $0, keys: CDSServiceCatalog.prefetchKeys, mapper: mapper, activeMedications: activeMedications)
            }
        } catch let error as CDSHookRequestDecoder.SyntaxError {
            throw CDSHTTPError(.badRequest, code: "structure", error.description)
        } catch let error as DecodingError {
            let description = DecodingErrorDescription(error)
            throw CDSHTTPError(.badRequest, code: "structure", description.message, at: description.path)
        } catch {
            throw CDSHTTPError(.badRequest, code: "structure", "the body is not valid JSON")
        }
    }

    /// Answers one hook invocation with cards.
    nonisolated(nonsending) func invoke(_ body: ByteBuffer, serviceID: String, hook: String) async throws -> Response {
        let asOf = today()
        // patient-view shows no order checks, so it does not collect the active medications' names.
        let decoded = try decodeMappedHookRequest(from: body, asOf: asOf, activeMedications: hook != "patient-view")
        let request = decoded.request
        guard request.hook == hook else {
            throw CDSHTTPError(
                .badRequest, code: "value", "this service answers the \(hook) hook, not \"\(request.hook.prefix(40))\"",
                at: "hook")
        }
        guard let patientID = request.context.patientId, Self.isFHIRID(patientID) else {
            throw CDSHTTPError(
                .badRequest, code: "required", "context.patientId must be a FHIR id ([A-Za-z0-9-.], 1–64 characters)",
                at: "context.patientId")
        }
        if request.fhirAuthorization != nil && request.fhirServer == nil {
            throw CDSHTTPError(.badRequest, code: "required", "fhirAuthorization requires fhirServer", at: "fhirServer")
        }
        var drafts: [CDSDraftOrder] = []
        if hook != "patient-view" {
            guard let orders = request.context.draftOrders else {
                throw CDSHTTPError(.badRequest, code: "required", "context.draftOrders is required", at: "context.draftOrders")
            }
            drafts = CDSDraftOrder.orders(in: orders, drugs: knowledge.drugs)
        }

        // Every key prefetched: mapped while decoding. Otherwise the resolver fetches what is missing.
        let mapped: (record: PatientRecord, issues: Int)
        // Medications outside the drug catalogue that the order checks still need (linezolid, methylene blue).
        let activeMedications: [String]
        if let prefetch = decoded.mapped {
            mapped = (
                mapping.record(of: patientID, in: prefetch.result), prefetch.result.issues.count + prefetch.problems
            )
            activeMedications = prefetch.activeMedicationNames
        } else {
            let (resources, problems) = try await resolver.resolve(
                request, flattened: decoded.flattened, templates: CDSServiceCatalog.prefetch)
            let fromResources = mapping.record(from: resources, patientID: patientID, asOf: asOf)
            mapped = (fromResources.record, fromResources.issues + problems)
            activeMedications = hook == "patient-view" ? [] : CDSPrefetchMedications.activeNames(in: resources)
        }
        let report = try assessor.assess(mapped.record, asOf: asOf, profile: configuration.profile)

        let cards: [CDSCard]
        if hook == "patient-view" {
            cards = patientView.cards(for: report, record: mapped.record, mappingIssues: mapped.issues)
        } else {
            // Safety signals travel with order checks too: a prescriber must see suicide risk when ordering.
            let safety = patientView.safetyCards(report, record: mapped.record)
            let selections = hook == "order-select" ? request.context.selections.map { Set($0) } : nil
            cards =
                safety
                + orderChecks.cards(
                    for: drafts, record: mapped.record, report: report, today: asOf, selections: selections,
                    activeMedicationNames: activeMedications)
        }
        return Self.json(CDSHookResponse(cards: cards))
    }

    /// Stores feedback on cards.
    nonisolated(nonsending) func recordFeedback(_ body: Data, serviceID: String, client: CDSVerifiedClient) async throws -> Response {
        let request = try decode(CDSFeedbackRequest.self, from: body)
        for (index, entry) in request.feedback.enumerated() {
            guard !entry.card.isEmpty, entry.card.utf8.count <= 128 else {
                throw CDSHTTPError(.badRequest, code: "value", "card must be the card's uuid", at: "feedback[\(index)].card")
            }
            if entry.outcome == .overridden, entry.acceptedSuggestions?.isEmpty == false {
                throw CDSHTTPError(
                    .badRequest, code: "invariant", "an overridden card cannot have accepted suggestions",
                    at: "feedback[\(index)].acceptedSuggestions")
            }
        }
        do {
            try await feedbackStore.record(request.feedback, serviceID: serviceID, client: client)
        } catch {
            throw CDSHTTPError(.serviceUnavailable, code: "transient", "feedback could not be stored; retry later")
        }
        logger.info(
            "CDS Hooks feedback stored",
            metadata: [
                "service": "\(serviceID)", "entries": "\(request.feedback.count)",
                "overridden": "\(request.feedback.filter { $0.outcome == .overridden }.count)",
            ])
        return Self.json(Data("{}".utf8))
    }

    /// Whether `id` is a FHIR logical id: 1–64 of `A–Z a–z 0–9 - .`.
    static func isFHIRID(_ id: String) -> Bool {
        let utf8 = id.utf8
        guard (1...64).contains(utf8.count) else { return false }
        return utf8.allSatisfy { byte in
            (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 45
                || byte == 46
        }
    }
}
