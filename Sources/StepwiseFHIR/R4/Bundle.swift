// SPDX-License-Identifier: Apache-2.0

public import StepwiseCore

extension R4 {
    /// A container for a collection of resources (`Bundle`): `collection`, `transaction`,
    /// `batch`, `searchset` (and the other bundle types, read the same way).
    ///
    /// Decoding is lenient per entry: an entry whose resource cannot be decoded keeps its
    /// position with ``Entry/resource`` `nil` and the problem in ``Entry/problem``, so one bad
    /// resource does not lose the rest of the Bundle.
    public struct Bundle: Codable, Sendable, Equatable {
        /// Always `Bundle`.
        public var resourceType: String = "Bundle"
        /// Logical id.
        public var id: String?
        /// Metadata.
        public var meta: Meta?
        /// Persistent identifier.
        public var identifier: Identifier?
        /// `document`, `message`, `transaction`, `transaction-response`, `batch`,
        /// `batch-response`, `history`, `searchset`, `collection`.
        public var type: String
        /// When the bundle was assembled (instant).
        public var timestamp: String?
        /// Total matches (searchset only).
        public var total: Int?
        /// Links (searchset paging).
        public var link: [Link]?
        /// The entries.
        public var entry: [Entry]?

        /// Creates a bundle.
        public init(id: String? = nil, type: String, timestamp: String? = nil, entry: [Entry]? = nil) {
            self.id = id
            self.type = type
            self.timestamp = timestamp
            self.entry = entry
        }

        enum CodingKeys: String, CodingKey {
            case resourceType, id, meta, identifier, type, timestamp, total, link, entry
        }

        /// Decodes a bundle, keeping undecodable entries as problems.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            resourceType = try c.decode(String.self, forKey: .resourceType)
            id = try c.decodeIfPresent(String.self, forKey: .id)
            meta = try? c.decodeIfPresent(Meta.self, forKey: .meta)
            identifier = try? c.decodeIfPresent(Identifier.self, forKey: .identifier)
            type = try c.decode(String.self, forKey: .type)
            timestamp = try? c.decodeIfPresent(String.self, forKey: .timestamp)
            total = try? c.decodeIfPresent(Int.self, forKey: .total)
            link = try? c.decodeIfPresent([Link].self, forKey: .link)
            if c.contains(.entry), try !c.decodeNil(forKey: .entry) {
                entry = try c.decode([Lenient].self, forKey: .entry).map(\.entry)
            } else {
                entry = nil
            }
        }

        /// Wraps an entry so a broken one never fails the array.
        private struct Lenient: Decodable {
            var entry: Entry
            init(from decoder: any Decoder) throws {
                do {
                    entry = try Entry(from: decoder)
                } catch let error as DecodingError {
                    entry = Entry()
                    entry.problem = DecodingErrorDescription(error)
                }
            }
        }

        /// A link (`Bundle.link`).
        public struct Link: Codable, Sendable, Equatable {
            /// `self`, `next`, `previous`, …
            public var relation: String
            /// The URL.
            public var url: String

            /// Creates a link.
            public init(relation: String, url: String) {
                self.relation = relation
                self.url = url
            }
        }

        /// One entry (`Bundle.entry`).
        public struct Entry: Codable, Sendable, Equatable {
            /// Absolute URL (or `urn:uuid:…`) of the resource.
            public var fullUrl: String?
            /// The resource; `nil` when absent or when it could not be decoded (see ``problem``).
            public var resource: Resource?
            /// Search information (searchset).
            public var search: Search?
            /// Transaction/batch request.
            public var request: Request?
            /// Transaction/batch response.
            public var response: Response?
            /// Why the entry could not be decoded (never encoded). Its path starts at the entry.
            public var problem: DecodingErrorDescription?

            /// Creates an entry.
            public init(fullUrl: String? = nil, resource: Resource? = nil, request: Request? = nil) {
                self.fullUrl = fullUrl
                self.resource = resource
                self.request = request
            }

            enum CodingKeys: String, CodingKey { case fullUrl, resource, search, request, response }

            /// Decodes an entry; a resource that fails to decode is recorded in ``problem``.
            public init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                fullUrl = try? c.decodeIfPresent(String.self, forKey: .fullUrl)
                search = try? c.decodeIfPresent(Search.self, forKey: .search)
                request = try? c.decodeIfPresent(Request.self, forKey: .request)
                response = try? c.decodeIfPresent(Response.self, forKey: .response)
                do {
                    resource = try c.decodeIfPresent(Resource.self, forKey: .resource)
                } catch let error as DecodingError {
                    resource = nil
                    problem = DecodingErrorDescription(error)
                }
            }

            /// Encodes the entry (without ``problem``).
            public func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encodeIfPresent(fullUrl, forKey: .fullUrl)
                try c.encodeIfPresent(resource, forKey: .resource)
                try c.encodeIfPresent(search, forKey: .search)
                try c.encodeIfPresent(request, forKey: .request)
                try c.encodeIfPresent(response, forKey: .response)
            }

            public static func == (lhs: Entry, rhs: Entry) -> Bool {
                lhs.fullUrl == rhs.fullUrl && lhs.resource == rhs.resource && lhs.search == rhs.search
                    && lhs.request == rhs.request && lhs.response == rhs.response
                    && lhs.problem?.path == rhs.problem?.path && lhs.problem?.message == rhs.problem?.message
            }
        }

        /// Search information (`Bundle.entry.search`).
        public struct Search: Codable, Sendable, Equatable {
            /// `match`, `include`, `outcome`.
            public var mode: String?
            /// Search ranking.
            public var score: Double?
        }

        /// Transaction/batch request (`Bundle.entry.request`).
        public struct Request: Codable, Sendable, Equatable {
            /// `GET`, `HEAD`, `POST`, `PUT`, `DELETE`, `PATCH`.
            public var method: String
            /// The URL for the entry.
            public var url: String

            /// Creates a request.
            public init(method: String, url: String) {
                self.method = method
                self.url = url
            }
        }

        /// Transaction/batch response (`Bundle.entry.response`).
        public struct Response: Codable, Sendable, Equatable {
            /// HTTP status and optional text.
            public var status: String
            /// The location header.
            public var location: String?
        }
    }
}
