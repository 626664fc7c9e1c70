// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// One append-only entry of the audit log: who did what to which resource, when and from where.
///
/// Holds identifiers only, never record content.
public struct AuditEvent: Codable, Sendable, Equatable {
    /// What was done. Open set: add new actions as `AuditEvent.Action("…")`.
    public struct Action: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
        /// The stored string.
        public var rawValue: String
        /// Creates an action from its stored string.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Creates an action from its stored string.
        public init(_ rawValue: String) { self.rawValue = rawValue }
        /// The stored string.
        public var description: String { rawValue }

        /// Patient data was read.
        public static let read = Action("read")
        /// A resource was created.
        public static let create = Action("create")
        /// A resource was changed.
        public static let update = Action("update")
        /// A resource was deleted.
        public static let delete = Action("delete")
        /// Data left the system (export, download, document).
        public static let export = Action("export")
        /// A user signed in.
        public static let login = Action("login")
        /// A sign-in failed.
        public static let loginFailed = Action("login-failed")
        /// A user signed out.
        public static let logout = Action("logout")
    }

    /// Position in the log, assigned by the store on append (increasing). `nil` before appending.
    public var id: Int64?
    /// When it happened.
    public var at: Date
    /// The organisation whose data was touched, if any.
    public var organizationID: String?
    /// The acting user, if known.
    public var userID: String?
    /// What was done.
    public var action: Action
    /// The kind of resource (`patient`, `note`, `user`, `session`, …).
    public var resourceType: String
    /// The resource's identifier, if any.
    public var resourceID: String?
    /// The client's network address, if known.
    public var remoteAddress: String?

    /// Creates an event to append.
    public init(
        id: Int64? = nil, at: Date, organizationID: String?, userID: String?, action: Action,
        resourceType: String, resourceID: String? = nil, remoteAddress: String? = nil
    ) {
        self.id = id
        self.at = at
        self.organizationID = organizationID
        self.userID = userID
        self.action = action
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.remoteAddress = remoteAddress
    }
}
