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

    /// Creates a checklist item.
    public init(
        id: String, title: String, status: String, evidence: [String], suggestion: String?, source: String,
        rule: String
    ) {
        self.id = id
        self.title = title
        self.status = status
        self.evidence = evidence
        self.suggestion = suggestion
        self.source = source
        self.rule = rule
    }

    /// Creates a checklist item whose evidence is rendered when read.
    init(
        id: String, title: String, status: String, deferredEvidence: Deferred<[String]>, suggestion: String?,
        source: String, rule: String
    ) {
        self.id = id
        self.title = title
        self.status = status
        self._evidence = deferredEvidence
        self.suggestion = suggestion
        self.source = source
        self.rule = rule
    }
}
