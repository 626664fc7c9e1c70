// SPDX-License-Identifier: Apache-2.0

/// `a == b` with the UTF-8 lengths compared first. Equal strings give the same answer either way;
/// strings of different lengths are told apart without the runtime call that comparing two unequal
/// strings makes (the engine compares ids and names against a few known values in its loops).
@inline(__always)
func sameString(_ a: String, _ b: String) -> Bool { a.utf8.count == b.utf8.count && a == b }
