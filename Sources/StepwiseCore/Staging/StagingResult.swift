// SPDX-License-Identifier: Apache-2.0

/// All staging models.
public struct StagingResult: Codable, Sendable, Equatable {
    /// Thase–Rush stage.
    public var thaseRush: ThaseRushStage
    /// Maudsley Staging Method.
    public var maudsley: MaudsleyStage
    /// Massachusetts General Hospital staging.
    public var mgh: MGHStage

    /// Creates a staging result.
    public init(
        thaseRush: ThaseRushStage = ThaseRushStage(stage: 0, explanation: "", sources: []),
        maudsley: MaudsleyStage = MaudsleyStage(),
        mgh: MGHStage = MGHStage(score: 0, explanation: "", sources: [])
    ) {
        self.thaseRush = thaseRush
        self.maudsley = maudsley
        self.mgh = mgh
    }
}

/// Thase–Rush stage 0–5 (0 = no adequate failed trial).
public struct ThaseRushStage: Codable, Sendable, Equatable {
    /// Stage as an integer 0–5 (I–V as 1–5).
    public var stage: Int
    /// Why this stage.
    @Deferred public var explanation: String
    /// Source ids.
    public var sources: [String]

    /// Creates a stage.
    public init(stage: Int, explanation: String, sources: [String]) {
        self.stage = stage
        self.explanation = explanation
        self.sources = sources
    }
}

/// Maudsley Staging Method: each dimension's points, total 3–15 and band.
public struct MaudsleyStage: Codable, Sendable, Equatable {
    /// Total 3–15.
    public var total: Int
    /// `mild` (3–6), `moderate` (7–10) or `severe` (11–15).
    public var band: String
    /// Duration points 1–3.
    public var duration: Int
    /// Severity points 1–5.
    public var severity: Int
    /// Antidepressant failure points 1–5.
    public var antidepressants: Int
    /// Augmentation points 0–1.
    public var augmentation: Int
    /// ECT points 0–1.
    public var ect: Int
    /// How each dimension was rated, including any documented mapping used.
    @Deferred public var explanation: String
    /// Inputs that were missing and how they were handled.
    @Deferred public var assumptions: [String]
    /// Source ids.
    public var sources: [String]

    /// Creates an MSM result.
    public init(
        total: Int = 3, band: String = "mild", duration: Int = 1, severity: Int = 1, antidepressants: Int = 1,
        augmentation: Int = 0, ect: Int = 0, explanation: String = "", assumptions: [String] = [],
        sources: [String] = []
    ) {
        self.total = total
        self.band = band
        self.duration = duration
        self.severity = severity
        self.antidepressants = antidepressants
        self.augmentation = augmentation
        self.ect = ect
        self.explanation = explanation
        self.assumptions = assumptions
        self.sources = sources
    }
}

/// MGH staging score (continuous).
public struct MGHStage: Codable, Sendable, Equatable {
    /// Score: 1 per failed adequate trial, 0.5 per optimisation, 0.5 per augmentation/combination, 3 for failed ECT.
    public var score: Double
    /// How it was summed.
    @Deferred public var explanation: String
    /// Source ids.
    public var sources: [String]

    /// Creates an MGH-s result.
    public init(score: Double, explanation: String, sources: [String]) {
        self.score = score
        self.explanation = explanation
        self.sources = sources
    }
}
