// SPDX-License-Identifier: Apache-2.0

/// The body of `POST {base}/cds-services/{id}`: one hook invocation.
///
/// Generic over the FHIR resource type so the wire format does not fix one resource model:
/// the server decodes prefetch and draft orders straight into its FHIR R4 resources in one pass.
public struct CDSHookRequest<Resource: Decodable & Sendable>: Decodable, Sendable {
    /// The hook that fired (`patient-view`, `order-select`, `order-sign`).
    public var hook: String
    /// A UUID for this invocation.
    public var hookInstance: String
    /// The CDS client's FHIR server base URL, when it lets the service query it.
    public var fhirServer: String?
    /// The OAuth 2.0 token for `fhirServer`.
    public var fhirAuthorization: CDSFHIRAuthorization?
    /// The hook context.
    public var context: CDSHookContext<Resource>
    /// Prefetched data by template key; a `null` value means the client could not prefetch it.
    public var prefetch: [String: Resource?]?

    /// Creates a request.
    public init(
        hook: String, hookInstance: String, fhirServer: String? = nil,
        fhirAuthorization: CDSFHIRAuthorization? = nil, context: CDSHookContext<Resource>,
        prefetch: [String: Resource?]? = nil
    ) {
        self.hook = hook
        self.hookInstance = hookInstance
        self.fhirServer = fhirServer
        self.fhirAuthorization = fhirAuthorization
        self.context = context
        self.prefetch = prefetch
    }
}

extension CDSHookRequest: Encodable where Resource: Encodable {}

/// The `fhirAuthorization` member: a bearer token the service may use against `fhirServer`.
public struct CDSFHIRAuthorization: Codable, Sendable, Equatable {
    /// The access token (never logged).
    public var accessToken: String
    /// Always `Bearer`.
    public var tokenType: String
    /// Lifetime in seconds.
    public var expiresIn: Int?
    /// The granted scopes.
    public var scope: String?
    /// The OAuth 2.0 client id of the service, as the authorization server knows it.
    public var subject: String?

    /// Creates an authorization.
    public init(
        accessToken: String, tokenType: String = "Bearer", expiresIn: Int? = nil, scope: String? = nil,
        subject: String? = nil
    ) {
        self.accessToken = accessToken
        self.tokenType = tokenType
        self.expiresIn = expiresIn
        self.scope = scope
        self.subject = subject
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token", tokenType = "token_type", expiresIn = "expires_in", scope, subject
    }
}

/// The hook context of `patient-view`, `order-select` and `order-sign` (fields other hooks add
/// are ignored).
public struct CDSHookContext<Resource: Decodable & Sendable>: Decodable, Sendable {
    /// The user (e.g. `Practitioner/123`).
    public var userId: String?
    /// The patient's FHIR id.
    public var patientId: String?
    /// The encounter, when there is one.
    public var encounterId: String?
    /// `order-select`: references of the orders just selected (e.g. `MedicationRequest/abc`).
    public var selections: [String]?
    /// `order-select` / `order-sign`: a FHIR Bundle of the draft orders.
    public var draftOrders: Resource?

    /// Creates a context.
    public init(
        userId: String? = nil, patientId: String? = nil, encounterId: String? = nil, selections: [String]? = nil,
        draftOrders: Resource? = nil
    ) {
        self.userId = userId
        self.patientId = patientId
        self.encounterId = encounterId
        self.selections = selections
        self.draftOrders = draftOrders
    }
}

extension CDSHookContext: Encodable where Resource: Encodable {}
