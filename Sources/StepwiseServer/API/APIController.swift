// SPDX-License-Identifier: Apache-2.0
import Foundation
import HTTPTypes
import Hummingbird
import StepwiseCore
import StepwiseStorage

/// The JSON API (`/api/v1`): everything the web app does, for bearer-token clients. Patients carry
/// their version as an ETag; writes with `If-Match` get 412 when the patient changed meanwhile.
/// Errors are RFC 7807 problem details (``ErrorMiddleware``).
struct APIController {
    let services: ClinicServices

    func addRoutes(to group: RouterGroup<StepwiseRequestContext>) {
        group.get("/me") { _, context in
            guard let identity = context.identity else { throw ServerError.unauthenticated }
            let user = identity.user
            return try JSONBody.response(
                Me(id: user.id, email: user.email, displayName: user.displayName, role: user.role, organization: identity.organization))
        }
        group.get("/registry") { request, context in
            let identity = try context.require(.readPatients)
            let form = FormData(encoded: request.uri.query ?? "")
            let query = RegistryQuery(form: form)
            let rows = try await services.registry(organizationID: identity.organization.id, query: query).rows
            try await services.audit(.read, "registry", nil, identity: identity, remote: context.remoteAddress)
            if form["format"] == "csv" {
                var headers = HTTPFields()
                headers[.contentType] = "text/csv; charset=utf-8"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: RegistryCSV.make(rows))))
            }
            return try JSONBody.response(
                RegistryPage(
                    total: rows.count, page: query.page, pageSize: query.pageSize, asOf: services.today(),
                    items: Array(query.page(ofFiltered: rows))))
        }
        group.get("/patients") { request, context in
            let identity = try context.require(.readPatients)
            let query = FormData(encoded: request.uri.query ?? "")
            let limit = min(max(query["limit"].flatMap(Int.init) ?? 100, 1), 1000)
            let offset = max(query["offset"].flatMap(Int.init) ?? 0, 0)
            let items = try await services.store.listPatients(
                organizationID: identity.organization.id, search: query["q"], limit: limit, offset: offset)
            let total = try await services.store.patientCount(organizationID: identity.organization.id)
            try await services.audit(.read, "patient-list", nil, identity: identity, remote: context.remoteAddress)
            return try JSONBody.response(PatientListPage(total: total, items: items))
        }
        group.post("/patients") { request, context in
            let identity = try context.require(.createPatient)
            let record = try await JSONBody.decode(PatientRecord.self, from: request, context: context)
            let stored = try await services.savePatient(record, expectedVersion: nil, identity: identity, remote: context.remoteAddress)
            return try JSONBody.response(
                PatientEnvelope(stored), status: .created, version: stored.version,
                location: "/api/v1/patients/\(FormData.encode(stored.id))")
        }
        group.get("/patients/{id}") { _, context in
            let identity = try context.require(.readPatients)
            let stored = try await services.loadPatient(try context.patientID(), identity: identity, remote: context.remoteAddress)
            return try JSONBody.response(PatientEnvelope(stored), version: stored.version)
        }
        group.put("/patients/{id}") { request, context in
            let identity = try context.require(.editTreatment)
            let id = try context.patientID()
            guard let expected = try JSONBody.ifMatch(request) else {
                throw ServerError(
                    .init(code: 428), "Send If-Match with the patient's ETag so a concurrent change is not overwritten.",
                    slug: "precondition-required")
            }
            let record = try await JSONBody.decode(PatientRecord.self, from: request, context: context)
            guard record.id == id else {
                throw StepwiseError(.invalidInput, "The record's id does not match the URL.", at: "$.id")
            }
            guard try await services.store.patient(id: id, organizationID: identity.organization.id) != nil else {
                throw ServerError.notFound
            }
            do {
                let stored = try await services.savePatient(record, expectedVersion: expected, identity: identity, remote: context.remoteAddress)
                return try JSONBody.response(PatientEnvelope(stored), version: stored.version)
            } catch let error as StepwiseError where error.code == .conflict {
                throw APIConflict.precondition(error)
            }
        }
        group.delete("/patients/{id}") { request, context in
            let identity = try context.require(.deletePatient)
            let id = try context.patientID()
            do {
                try await services.store.deletePatient(
                    id: id, organizationID: identity.organization.id, expectedVersion: try JSONBody.ifMatch(request))
            } catch let error as StepwiseError where error.code == .conflict {
                throw APIConflict.precondition(error)
            } catch let error as StepwiseError where error.code == .notFound {
                throw ServerError.notFound
            }
            try await services.audit(.delete, "patient", id, identity: identity, remote: context.remoteAddress)
            await services.registryCache.remove(patientID: id, in: identity.organization.id)
            return Response(status: .noContent)
        }
        group.get("/patients/{id}/versions") { _, context in
            let identity = try context.require(.readPatients)
            let id = try context.patientID()
            _ = try await services.loadPatient(id, identity: identity, remote: context.remoteAddress)
            let versions = try await services.store.patientVersions(id: id, organizationID: identity.organization.id)
            return try JSONBody.response(versions.map(PatientEnvelope.init))
        }
        group.post("/patients/{id}/measurements") { request, context in
            let identity = try context.require(.recordMeasurements)
            let id = try context.patientID()
            let measurement = try await JSONBody.decode(StepwiseCore.Measurement.self, from: request, context: context)
            let current = try await services.loadPatient(id, identity: identity, remote: context.remoteAddress)
            let (scored, issues) = try Self.scoreForAppend(
                measurement, sex: current.record.sex, catalog: services.knowledge.instruments)
            let stored = try await append(id: id, request: request, identity: identity, context: context) { $0.measurements.append(measurement) }
            let report = try services.assess(stored.record)
            return try JSONBody.response(
                MeasurementResult(version: stored.version, scored: scored, safety: report.safety, issues: issues),
                status: .created, version: stored.version)
        }
        group.post("/patients/{id}/trials") { request, context in
            let identity = try context.require(.editTreatment)
            let id = try context.patientID()
            var trial = try await JSONBody.decode(TreatmentTrial.self, from: request, context: context)
            if let end = trial.end, end < trial.start {
                throw StepwiseError(.invalidInput, "end \(end) is before start \(trial.start)", at: "$.end")
            }
            let stored = try await append(id: id, request: request, identity: identity, context: context) { record in
                if trial.id == nil { trial.id = TrialForms.newTrialID(record) }
                record.trials.append(trial)
            }
            let report = try services.assess(stored.record)
            let assessed = report.trials.first { $0.agent == trial.agent && $0.start == trial.start }
            return try JSONBody.response(TrialResult(version: stored.version, trial: assessed), status: .created, version: stored.version)
        }
        group.post("/patients/{id}/trials/{trialID}/doses") { request, context in
            let step = try await JSONBody.decode(DoseStep.self, from: request, context: context)
            return try await changeTrial(.dose(step), request: request, context: context, status: .created)
        }
        group.post("/patients/{id}/trials/{trialID}/end") { request, context in
            let body = try await JSONBody.decode(TrialEnd.self, from: request, context: context)
            return try await changeTrial(.end(body.date, reason: body.stopReason), request: request, context: context, status: .ok)
        }
        group.get("/patients/{id}/assessment") { _, context in
            let identity = try context.require(.readPatients)
            let stored = try await services.loadPatient(try context.patientID(), identity: identity, remote: context.remoteAddress)
            return try JSONBody.response(try services.assess(stored.record), version: stored.version)
        }
        group.get("/patients/{id}/documents/{kind}") { request, context in
            let identity = try context.require(.readPatients)
            let query = FormData(encoded: request.uri.query ?? "")
            guard let documentRequest = DocumentRequest(kind: try context.parameters.require("kind"), query: query) else {
                throw ServerError.notFound
            }
            let stored = try await services.loadPatient(try context.patientID(), identity: identity, remote: context.remoteAddress, action: .export)
            let document = try DocumentController(services: services).make(documentRequest, stored: stored, identity: identity)
            if query["format"] == "markdown" || query["format"] == "md" {
                return DocumentController(services: services).markdownResponse(document, id: stored.id)
            }
            return try JSONBody.response(
                DocumentBody(
                    kind: document.kind.rawValue, title: document.title, markdown: DocumentRenderer.markdown(document),
                    html: DocumentRenderer.html(document).rendered))
        }
        group.get("/patients/{id}/flags") { _, context in
            let identity = try context.require(.readPatients)
            let id = try context.patientID()
            _ = try await services.loadPatient(id, identity: identity, remote: context.remoteAddress)
            return try JSONBody.response(
                try await services.store.flags(organizationID: identity.organization.id, patientID: id, assignedTo: nil, kind: nil, status: nil))
        }
        group.post("/patients/{id}/flags") { request, context in
            let identity = try context.require(.careTeam)
            let id = try context.patientID()
            let body = try await JSONBody.decode(NewFlag.self, from: request, context: context)
            _ = try await services.loadPatient(id, identity: identity, remote: context.remoteAddress)
            let assignee = try await CareTeamController(services: services).validAssignee(body.assignedTo, identity: identity)
            let flag = CareFlag(
                organizationID: identity.organization.id, patientID: id, kind: String(body.kind.prefix(60)), assignedTo: assignee,
                createdAt: services.clock.now())
            try await services.store.createFlag(flag)
            try await services.audit(.create, "flag", flag.id, identity: identity, remote: context.remoteAddress)
            return try JSONBody.response(flag, status: .created)
        }
        group.patch("/flags/{flagID}") { request, context in
            let identity = try context.require(.careTeam)
            let body = try await JSONBody.decode(FlagUpdate.self, from: request, context: context)
            let assignee = try await CareTeamController(services: services).validAssignee(body.assignedTo, identity: identity)
            let flag = try await services.store.updateFlag(
                id: try context.parameters.require("flagID"), organizationID: identity.organization.id, status: body.status,
                assignedTo: assignee, at: services.clock.now())
            try await services.audit(.update, "flag", flag.id, identity: identity, remote: context.remoteAddress)
            return try JSONBody.response(flag)
        }
        group.get("/review") { _, context in
            let identity = try context.require(.readPatients)
            try await services.audit(.read, "review-list", nil, identity: identity, remote: context.remoteAddress)
            return try JSONBody.response(try await services.store.psychiatricReviewList(organizationID: identity.organization.id))
        }
        group.get("/patients/{id}/notes") { _, context in
            let identity = try context.require(.readPatients)
            let id = try context.patientID()
            _ = try await services.loadPatient(id, identity: identity, remote: context.remoteAddress)
            return try JSONBody.response(try await services.store.notes(organizationID: identity.organization.id, patientID: id))
        }
        group.post("/patients/{id}/notes") { request, context in
            let identity = try context.require(.careTeam)
            let id = try context.patientID()
            let body = try await JSONBody.decode(NewNote.self, from: request, context: context)
            guard !body.text.isEmpty, body.text.count <= 10_000 else {
                throw StepwiseError(.invalidInput, "A note needs 1 to 10,000 characters.", at: "$.text")
            }
            _ = try await services.loadPatient(id, identity: identity, remote: context.remoteAddress)
            let note = CareNote(
                organizationID: identity.organization.id, patientID: id, authorID: identity.user.id, text: body.text,
                createdAt: services.clock.now())
            try await services.store.addNote(note)
            try await services.audit(.create, "note", note.id, identity: identity, remote: context.remoteAddress)
            return try JSONBody.response(note, status: .created)
        }
        group.get("/users") { _, context in
            let identity = try context.require(.manageUsers)
            let users = try await services.store.users(organizationID: identity.organization.id)
            return try JSONBody.response(users.map(UserBody.init))
        }
        group.post("/users") { request, context in
            let identity = try context.require(.manageUsers)
            let body = try await JSONBody.decode(NewUser.self, from: request, context: context)
            guard body.email.contains("@"), body.email.count <= 200 else {
                throw StepwiseError(.invalidInput, "An e-mail address is required.", at: "$.email")
            }
            guard body.password.count >= 12 else {
                throw StepwiseError(.invalidInput, "The password needs at least 12 characters.", at: "$.password")
            }
            let user = User(
                organizationID: identity.organization.id, email: body.email, displayName: body.displayName ?? body.email,
                role: body.role, passwordHash: PasswordHashing.hash(body.password, cost: services.configuration.bcryptCost),
                createdAt: services.clock.now())
            try await services.store.createUser(user)
            try await services.audit(.create, "user", user.id, identity: identity, remote: context.remoteAddress)
            return try JSONBody.response(
                UserBody(user), status: .created)
        }
        group.patch("/users/{userID}") { request, context in
            let identity = try context.require(.manageUsers)
            let userID = try context.parameters.require("userID")
            let body = try await JSONBody.decode(UserChange.self, from: request, context: context)
            var changes: [AccountChange] = []
            if let role = body.role { changes.append(.role(role)) }
            if let disabled = body.disabled { changes.append(disabled ? .disable : .enable) }
            guard !changes.isEmpty else {
                throw StepwiseError(.invalidInput, "Give a role, disabled (true or false), or both.", at: "$")
            }
            for change in changes {
                let outcome = try await AccountChanges(services: services).apply(
                    change, userID: userID, by: identity, remote: context.remoteAddress)
                if case .refused(let reason) = outcome {
                    throw StepwiseError(.invalidInput, reason, at: "$")
                }
            }
            guard let user = try await services.store.user(id: userID) else { throw ServerError.notFound }
            return try JSONBody.response(UserBody(user))
        }
        group.get("/audit") { request, context in
            let identity = try context.require(.readAudit)
            let query = FormData(encoded: request.uri.query ?? "")
            let events = try await services.store.auditEvents(
                organizationID: identity.organization.id, after: query["after"].flatMap(Int64.init),
                limit: min(max(query["limit"].flatMap(Int.init) ?? 500, 1), 5000))
            try await services.audit(.read, "audit-log", nil, identity: identity, remote: context.remoteAddress)
            return try JSONBody.response(events)
        }
    }

    /// Applies `change` to the treatment named by the path's `trialID` (its id in assessments: the trial's
    /// own id or its generated `trial-N`); answers the trial as now assessed.
    func changeTrial(
        _ change: TrialChange, request: Request, context: StepwiseRequestContext, status: HTTPResponse.Status
    ) async throws -> Response {
        let identity = try context.require(.editTreatment)
        let id = try context.patientID()
        let trialID = try context.parameters.require("trialID")
        let stored: StoredPatient
        do {
            stored = try await append(id: id, request: request, identity: identity, context: context) { record in
                guard let index = record.trialIndex(reportID: trialID) else { throw ServerError.notFound }
                try change.apply(to: &record, trial: index)
            }
        } catch var error as StepwiseError where error.code == .invalidInput {
            error.location = error.location.map { "$.\($0)" }
            throw error
        }
        let report = try services.assess(stored.record)
        let assessed = report.trials.first { $0.id == trialID }
        return try JSONBody.response(TrialResult(version: stored.version, trial: assessed), status: status, version: stored.version)
    }

    /// Appends to a patient: with `If-Match`, against that version (412 if stale); without it,
    /// against the latest version, retrying on conflict (appends commute).
    func append(
        id: String, request: Request, identity: Identity, context: StepwiseRequestContext,
        _ change: @escaping (inout PatientRecord) throws -> Void
    ) async throws -> StoredPatient {
        if let expected = try JSONBody.ifMatch(request) {
            do {
                return try await services.updatePatient(id, expectedVersion: expected, identity: identity, remote: context.remoteAddress, change)
            } catch let error as StepwiseError where error.code == .conflict {
                throw APIConflict.precondition(error)
            }
        }
        for attempt in 0..<40 {
            guard let current = try await services.store.patient(id: id, organizationID: identity.organization.id) else {
                throw ServerError.notFound
            }
            do {
                return try await services.updatePatient(id, expectedVersion: current.version, identity: identity, remote: context.remoteAddress, change)
            } catch let error as StepwiseError where error.code == .conflict {
                // Jittered backoff so concurrent writers on several instances do not starve each other.
                let ceiling = min(50, 2 * (attempt + 1))
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...ceiling)))
                continue
            }
        }
        throw StepwiseError(.conflict, "The patient kept changing; try again.")
    }
}
