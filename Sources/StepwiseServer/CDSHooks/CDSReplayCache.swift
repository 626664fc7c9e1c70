// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Remembers each accepted `jti` (per issuer) until its replay window ends, so a captured token
/// cannot be used twice. Memory is bounded by the number of tokens accepted within one window.
actor CDSReplayCache {
    private var seen: [String: Date] = [:]
    private var nextPrune = Date.distantPast

    /// Records `jti` of `issuer` as used until `until`; returns `false` when it was already used.
    func claim(jti: String, issuer: String, until: Date, now: Date) -> Bool {
        if now >= nextPrune {
            seen = seen.filter { $0.value > now }
            nextPrune = now.addingTimeInterval(30)
        }
        let key = issuer + "\u{1F}" + jti
        if let expiry = seen[key], expiry > now { return false }
        seen[key] = until
        return true
    }
}
