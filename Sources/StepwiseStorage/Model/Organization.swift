// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// A clinic: the unit of data separation. No patient data ever crosses organisations.
public struct Organization: Codable, Sendable, Equatable, Identifiable {
    /// A stable identifier (for example a UUID string).
    public var id: String
    /// The clinic's display name.
    public var name: String

    /// Creates an organisation.
    public init(id: String = UUID().uuidString, name: String) {
        self.id = id
        self.name = name
    }
}
