// SPDX-License-Identifier: Apache-2.0

/// One pseudo-resistance check.
public struct ChecklistItem: Codable, Sendable, Equatable {
    /// Stable id (e.g. `thyroid`, `bipolar-spectrum`).
    public var id: String
    /// Human-readable title.
    public var title: String
    /// `present`, `absent` or `not-assessed`.
    public var status: String
    /// What it rests on (or, when not assessed, what is missing).
    @Deferred public var evidence: [String]
    /// What to do about it (for `present` and `not-assessed`).
    public var suggestion: String?
    /// Source id(s), comma-free list.
    public var source: String
    /// Rule id.
    public var rule: String
}

// The public initialiser lives in an extension, with a first label of its own, so that the struct
// keeps its memberwise initialiser (internal), which the checklist step uses: an initialiser that
// assigns field by field made the optimiser build each item twice and copy one into place (an
// outlined copy and destroy of the whole item per check).
extension ChecklistItem {
    /// Creates a checklist item for the check `id`.
    public init(
        check id: String, title: String, status: String, evidence: [String], suggestion: String?, source: String,
        rule: String
    ) {
        self.init(
            id: id, title: title, status: status, evidence: evidence, suggestion: suggestion, source: source, rule: rule)
    }
}
