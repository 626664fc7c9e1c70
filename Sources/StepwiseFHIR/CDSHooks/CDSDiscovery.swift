// SPDX-License-Identifier: Apache-2.0

/// The answer to `GET {base}/cds-services` (CDS Hooks 2.0 discovery).
public struct CDSDiscoveryResponse: Codable, Sendable, Equatable {
    /// Every service this server offers.
    public var services: [CDSServiceDescriptor]

    /// Creates a discovery response.
    public init(services: [CDSServiceDescriptor]) { self.services = services }
}

/// One CDS Service as listed by discovery.
public struct CDSServiceDescriptor: Codable, Sendable, Equatable {
    /// The hook this service is invoked on (`patient-view`, `order-select`, `order-sign`).
    public var hook: String
    /// Human-readable name.
    public var title: String?
    /// What the service does.
    public var description: String
    /// The id; the service lives at `{base}/cds-services/{id}`.
    public var id: String
    /// Prefetch templates by key, e.g. `"patient": "Patient/{{context.patientId}}"`.
    public var prefetch: [String: String]?
    /// Human-readable requirements for using the service (e.g. the JWT it expects).
    public var usageRequirements: String?

    /// Creates a descriptor.
    public init(
        hook: String, title: String?, description: String, id: String, prefetch: [String: String]? = nil,
        usageRequirements: String? = nil
    ) {
        self.hook = hook
        self.title = title
        self.description = description
        self.id = id
        self.prefetch = prefetch
        self.usageRequirements = usageRequirements
    }
}
