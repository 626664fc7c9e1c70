// SPDX-License-Identifier: Apache-2.0

/// The options the planner can propose, as integers: the catalogue resolves each to its prepared
/// option once at load, so the per-patient path never hashes an option id.
enum PlanOptionKey: Int, CaseIterable, Sendable {
    case suicideSafetyPlan, referECT, psychoticDepressionCombination, higherLevelOfCare, bipolarMoodStabiliser
    case relapsePreventionPlan, maintenanceContinue, optimiseDose, extendDuration, addressAdherence
    case assessPseudoResistanceGaps, psychiatricConsultation, treatThyroid, treatSleepApnea, treatVitaminD
    case treatSubstanceUse, treatAnxiety, treatADHD, startAntidepressant, switchBetweenClass
    case switchWithinClass, switchTCA, switchMAOI, augmentAripiprazole, augmentBrexpiprazole
    case augmentBupropion, augmentQuetiapineXR, augmentLithium, augmentOlanzapine, augmentRisperidone
    case augmentMirtazapine, augmentCariprazine, augmentT3, augmentModafinil, combineAntidepressants
    case referRTMS, referEsketamine, referIVKetamine, pharmacogeneticTesting, psychotherapyAdd
    case psychotherapyIntensify, psychotherapyCBASP, psychotherapyACTDBT, psychotherapyTraumaFocused
    case psychotherapyFamilyCouples, sleepCBTI, sleepLightTherapy

    /// The option id in `plan-options.json`.
    var id: String {
        switch self {
        case .suicideSafetyPlan: "suicide-safety-plan"
        case .referECT: "refer-ect"
        case .psychoticDepressionCombination: "psychotic-depression-combination"
        case .higherLevelOfCare: "higher-level-of-care"
        case .bipolarMoodStabiliser: "bipolar-mood-stabiliser"
        case .relapsePreventionPlan: "relapse-prevention-plan"
        case .maintenanceContinue: "maintenance-continue"
        case .optimiseDose: "optimise-dose"
        case .extendDuration: "extend-duration"
        case .addressAdherence: "address-adherence"
        case .assessPseudoResistanceGaps: "assess-pseudo-resistance-gaps"
        case .psychiatricConsultation: "psychiatric-consultation"
        case .treatThyroid: "treat-thyroid"
        case .treatSleepApnea: "treat-sleep-apnea"
        case .treatVitaminD: "treat-vitamin-d"
        case .treatSubstanceUse: "treat-substance-use"
        case .treatAnxiety: "treat-anxiety"
        case .treatADHD: "treat-adhd"
        case .startAntidepressant: "start-antidepressant"
        case .switchBetweenClass: "switch-between-class"
        case .switchWithinClass: "switch-within-class"
        case .switchTCA: "switch-tca"
        case .switchMAOI: "switch-maoi"
        case .augmentAripiprazole: "augment-aripiprazole"
        case .augmentBrexpiprazole: "augment-brexpiprazole"
        case .augmentBupropion: "augment-bupropion"
        case .augmentQuetiapineXR: "augment-quetiapine-xr"
        case .augmentLithium: "augment-lithium"
        case .augmentOlanzapine: "augment-olanzapine"
        case .augmentRisperidone: "augment-risperidone"
        case .augmentMirtazapine: "augment-mirtazapine"
        case .augmentCariprazine: "augment-cariprazine"
        case .augmentT3: "augment-t3"
        case .augmentModafinil: "augment-modafinil"
        case .combineAntidepressants: "combine-antidepressants"
        case .referRTMS: "refer-rtms"
        case .referEsketamine: "refer-esketamine"
        case .referIVKetamine: "refer-iv-ketamine"
        case .pharmacogeneticTesting: "pharmacogenetic-testing"
        case .psychotherapyAdd: "psychotherapy-add"
        case .psychotherapyIntensify: "psychotherapy-intensify"
        case .psychotherapyCBASP: "psychotherapy-cbasp"
        case .psychotherapyACTDBT: "psychotherapy-act-dbt"
        case .psychotherapyTraumaFocused: "psychotherapy-trauma-focused"
        case .psychotherapyFamilyCouples: "psychotherapy-family-couples"
        case .sleepCBTI: "sleep-cbt-i"
        case .sleepLightTherapy: "sleep-light-therapy"
        }
    }

    /// One bit per key (there are fewer than 64 keys).
    var bit: UInt64 { 1 << UInt64(rawValue) }
}

/// A reason whose text does not depend on the patient: its sentence is data (`plan-options.json`,
/// `reasons`, read through ``ReasonWording``).
enum FixedReason: Int, CaseIterable, Sendable {
    case remissionRange, remissionReached, boosterSessions, psychoticECT, psychoticRecorded, criticalECT
    case criticalCare, bipolar, adherenceNotVerified, noPsychotherapy, persistsDespitePsychotherapy
    case noAntidepressant, chronic, seasonal, persistingAfterPsychotherapy, relationshipStressors

    /// The option the reason is given for.
    var key: PlanOptionKey {
        switch self {
        case .remissionRange: .relapsePreventionPlan
        case .remissionReached: .maintenanceContinue
        case .boosterSessions: .psychotherapyIntensify
        case .psychoticECT: .referECT
        case .psychoticRecorded: .psychoticDepressionCombination
        case .criticalECT: .referECT
        case .criticalCare: .higherLevelOfCare
        case .bipolar: .bipolarMoodStabiliser
        case .adherenceNotVerified: .addressAdherence
        case .noPsychotherapy: .psychotherapyAdd
        case .persistsDespitePsychotherapy: .psychotherapyIntensify
        case .noAntidepressant: .startAntidepressant
        case .chronic: .psychotherapyCBASP
        case .seasonal: .sleepLightTherapy
        case .persistingAfterPsychotherapy: .psychotherapyACTDBT
        case .relationshipStressors: .psychotherapyFamilyCouples
        }
    }

    /// The key of its sentence in `plan-options.json` (`reasons`): the case name.
    var name: String { String(describing: self) }
}
