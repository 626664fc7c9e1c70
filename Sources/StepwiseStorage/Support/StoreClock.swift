// SPDX-License-Identifier: Apache-2.0
import Foundation
import StepwiseCore

/// Where a store gets "now" for `updatedAt` and similar stamps. Tests inject a fixed clock.
public struct StoreClock: Sendable {
    /// Returns the current instant.
    public let now: @Sendable () -> Date

    /// Creates a clock from a function.
    public init(_ now: @escaping @Sendable () -> Date) { self.now = now }

    /// The system clock.
    public static var system: StoreClock { StoreClock { Date() } }

    /// A clock that always returns `date`.
    public static func fixed(_ date: Date) -> StoreClock { StoreClock { date } }
}
