// SPDX-License-Identifier: Apache-2.0
import StepwiseCore

/// Merges a freshly mapped record into the stored one, so importing the same export twice, or
/// a patient whose resources arrive in several files or batches, never duplicates anything.
///
/// Rules: measurements and trials with an `id` (the FHIR resource id they came from) replace the
/// stored item with the same id in place; items without an id are added only when no equal item
/// is stored; conditions, labs, findings and goals are added when not already present; patient
/// facts (birth date, sex, episode) are taken from the import when it has them. Merging a record
/// into itself returns it unchanged.
enum RecordMerge {
    static func merge(_ incoming: PatientRecord, into stored: PatientRecord) -> PatientRecord {
        var result = stored
        if let birthDate = incoming.birthDate { result.birthDate = birthDate }
        if let sex = incoming.sex { result.sex = sex }
        if let episode = incoming.episode { result.episode = episode }
        result.measurements = mergeByID(result.measurements, incoming.measurements, id: \.id)
        result.trials = mergeByID(result.trials, incoming.trials, id: \.id)
        result.conditions = union(result.conditions, incoming.conditions)
        result.labs = union(result.labs, incoming.labs)
        result.findings = union(result.findings, incoming.findings)
        result.goals = union(result.goals, incoming.goals)
        return result
    }

    private static func mergeByID<T: Equatable>(_ stored: [T], _ incoming: [T], id: KeyPath<T, String?>) -> [T] {
        guard !stored.isEmpty else { return incoming }
        var result = stored
        var position: [String: Int] = [:]
        for (index, item) in stored.enumerated() {
            if let key = item[keyPath: id], position[key] == nil { position[key] = index }
        }
        for item in incoming {
            if let key = item[keyPath: id] {
                if let index = position[key] {
                    result[index] = item
                } else {
                    position[key] = result.count
                    result.append(item)
                }
            } else if !result.contains(item) {
                result.append(item)
            }
        }
        return result
    }

    private static func union<T: Equatable>(_ stored: [T], _ incoming: [T]) -> [T] {
        guard !stored.isEmpty else { return incoming }
        var result = stored
        for item in incoming where !result.contains(item) { result.append(item) }
        return result
    }
}
